"""selectors of the labour app: surveys (issue 15)."""

__all__: list[str] = []
