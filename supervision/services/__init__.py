"""Every write of the supervision app: `from supervision import services`."""

from supervision.services.draws import draw_create, new_seed
from supervision.services.inspections import finding_add, inspection_record, observation_record
from supervision.services.rectifications import (
    finding_close,
    finding_reopen,
    rectification_report,
)

__all__ = [
    "draw_create",
    "finding_add",
    "finding_close",
    "finding_reopen",
    "inspection_record",
    "new_seed",
    "observation_record",
    "rectification_report",
]
