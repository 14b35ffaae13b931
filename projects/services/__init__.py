"""Every write of the projects app, one module per topic; each service checks that the actor
may do it, validates with `full_clean()`, saves, and leaves an audit entry in words a user
can read. Everything is importable from here (`from projects import services`)."""

from projects.services.annual_lists import annual_list_add, annual_list_for, annual_list_withdraw
from projects.services.archives import (
    DOCUMENT_HELP,
    MAX_DOCUMENT_SIZE,
    document_can_delete,
    document_check,
    document_delete,
    document_replace,
    document_store,
    document_upload,
)
from projects.services.directory import directory_add_stage, directory_adopt
from projects.services.labor_plans import (
    labor_plan_publish,
    labor_plan_save,
    plan_notice_acknowledge,
)
from projects.services.leading_group import (
    LEADING_GROUP_MEMBER_FIELDS,
    leading_group_copy,
    leading_group_for,
    leading_group_member_add,
    leading_group_member_remove,
    leading_group_member_update,
    organization_set_co_lead,
)
from projects.services.lifecycle import checkpoint_record, evaluation_record
from projects.services.meetings import (
    action_item_add,
    action_item_can_complete,
    action_item_complete,
    meeting_convene,
    meeting_create,
    meeting_decline,
    meeting_propose,
    meeting_record_held,
)
from projects.services.projects import (
    CLOSED_STATUSES,
    STATUS_MOVES,
    ContractLine,
    project_create,
    project_set_status,
    project_update,
    project_withdraw,
)

__all__ = [
    "CLOSED_STATUSES",
    "DOCUMENT_HELP",
    "LEADING_GROUP_MEMBER_FIELDS",
    "MAX_DOCUMENT_SIZE",
    "STATUS_MOVES",
    "ContractLine",
    "action_item_add",
    "action_item_can_complete",
    "action_item_complete",
    "annual_list_add",
    "annual_list_for",
    "annual_list_withdraw",
    "checkpoint_record",
    "directory_add_stage",
    "directory_adopt",
    "document_can_delete",
    "document_check",
    "document_delete",
    "document_replace",
    "document_store",
    "document_upload",
    "evaluation_record",
    "labor_plan_publish",
    "labor_plan_save",
    "leading_group_copy",
    "leading_group_for",
    "leading_group_member_add",
    "leading_group_member_remove",
    "leading_group_member_update",
    "meeting_convene",
    "meeting_create",
    "meeting_decline",
    "meeting_propose",
    "meeting_record_held",
    "organization_set_co_lead",
    "plan_notice_acknowledge",
    "project_create",
    "project_set_status",
    "project_update",
    "project_withdraw",
]
