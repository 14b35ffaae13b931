"""forms of the labour app: organizations (issue 15)."""

__all__: list[str] = []
