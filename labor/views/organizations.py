"""Pages of the labour app: organizations (issue 15)."""

urlpatterns: list = []


def ready() -> None:
    """Menu entries, dashboard cards, to-dos, job work and figure providers of this topic."""
