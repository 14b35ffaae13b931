"""forms of the labour app: matching (issue 15)."""

__all__: list[str] = []
