"""Every read of the labour app, scoped."""

from labor.selectors.workers import worker_can_reveal, worker_get, worker_list

__all__ = ["worker_can_reveal", "worker_get", "worker_list"]
