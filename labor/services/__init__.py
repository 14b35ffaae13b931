"""Every write of the labour app, audited."""

from labor.services.workers import (
    worker_priority_group_add,
    worker_register,
    worker_reveal,
    worker_update,
)

__all__ = ["worker_priority_group_add", "worker_register", "worker_reveal", "worker_update"]
