"""selectors of the labour app: training (issue 15)."""

__all__: list[str] = []
