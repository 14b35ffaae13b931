"""The labour app's models: the real-name worker registry (workers.py)."""

from labor.models.workers import (
    WORKER_FIELDS,
    Worker,
    WorkerPriorityGroup,
    WorkerQuerySet,
)

__all__ = ["WORKER_FIELDS", "Worker", "WorkerPriorityGroup", "WorkerQuerySet"]
