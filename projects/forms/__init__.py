"""Forms of the projects app, one module per topic; everything is importable from here."""

from projects.forms.annual_lists import AddToListForm, ImportForm, WithdrawForm
from projects.forms.directory import AdoptForm, StageForm
from projects.forms.labor_plans import LaborPlanForm
from projects.forms.lifecycle import CheckpointForm, EvaluationForm
from projects.forms.meetings import ActionItemForm, ActionItemFormSet, MeetingForm
from projects.forms.projects import ProjectFilterForm, ProjectForm

__all__ = [
    "ActionItemForm",
    "ActionItemFormSet",
    "AddToListForm",
    "AdoptForm",
    "CheckpointForm",
    "EvaluationForm",
    "ImportForm",
    "LaborPlanForm",
    "MeetingForm",
    "ProjectFilterForm",
    "ProjectForm",
    "StageForm",
    "WithdrawForm",
]
