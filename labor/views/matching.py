"""Pages of the labour app: matching (issue 15)."""

urlpatterns: list = []


def ready() -> None:
    """Menu entries, dashboard cards, to-dos, job work and figure providers of this topic."""
