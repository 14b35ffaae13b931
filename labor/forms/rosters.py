"""forms of the labour app: rosters (issue 15)."""

__all__: list[str] = []
