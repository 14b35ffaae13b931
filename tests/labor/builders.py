"""The route walker's builders for the labour app's URL parameters, gathered from one module a
topic (`tests/labor/builders_<topic>.py`, each with a `BUILDERS` dict of the same shape as
`tests/routes.py`'s OBJECT_BUILDERS)."""

import importlib
import pkgutil
from collections.abc import Callable

import tests.labor

LABOR_BUILDERS: dict[str, Callable[[dict, object], str]] = {}
for module in pkgutil.iter_modules(tests.labor.__path__):
    if module.name.startswith("builders_"):
        LABOR_BUILDERS.update(importlib.import_module(f"tests.labor.{module.name}").BUILDERS)
