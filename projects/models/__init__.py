"""The projects app's models, one module per topic; everything is importable from here."""

from projects.models.annual_lists import AnnualList, AnnualListEntry
from projects.models.directory import (
    Category,
    Directory,
    DirectoryAdoption,
    DirectoryLevel,
    Domain,
    StageKind,
    WorkStage,
)
from projects.models.imports import ImportStatus, ListImport, list_import_upload_to
from projects.models.labor_plans import LABOR_PLAN_FIELDS, LaborPlan, PlanNotice
from projects.models.lifecycle import (
    ACCOUNT_CHECKPOINTS,
    BASE_CHECKPOINTS,
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    Judgement,
    checkpoint_upload_to,
    required_checkpoints,
)
from projects.models.meetings import ActionItem, ActionItemStatus, Meeting
from projects.models.projects import (
    NOT_NEGATIVE,
    PROJECT_FIELDS,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectLevel,
    ProjectPartQuerySet,
    ProjectStatus,
    ProjectTownship,
)

__all__ = [
    "ACCOUNT_CHECKPOINTS",
    "BASE_CHECKPOINTS",
    "LABOR_PLAN_FIELDS",
    "NOT_NEGATIVE",
    "PROJECT_FIELDS",
    "ActionItem",
    "ActionItemStatus",
    "AnnualList",
    "AnnualListEntry",
    "Category",
    "Checkpoint",
    "CheckpointKind",
    "CompletionEvaluation",
    "Directory",
    "DirectoryAdoption",
    "DirectoryLevel",
    "Domain",
    "ImportStatus",
    "Judgement",
    "LaborPlan",
    "ListImport",
    "Meeting",
    "PlanNotice",
    "Project",
    "ProjectContractor",
    "ProjectForecast",
    "ProjectLevel",
    "ProjectPartQuerySet",
    "ProjectStatus",
    "ProjectTownship",
    "StageKind",
    "WorkStage",
    "checkpoint_upload_to",
    "list_import_upload_to",
    "required_checkpoints",
]
