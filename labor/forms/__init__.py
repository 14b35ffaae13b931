"""Forms of the labour app."""

from labor.forms.workers import WorkerFilterForm

__all__ = ["WorkerFilterForm"]
