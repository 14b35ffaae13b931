"""services of the labour app: attendance (issue 15)."""

__all__: list[str] = []
