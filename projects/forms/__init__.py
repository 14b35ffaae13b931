"""Forms of the projects app, one module per topic; everything is importable from here."""

from projects.forms.annual_lists import AddToListForm, ImportForm, WithdrawForm
from projects.forms.archives import DocumentDeleteForm, DocumentReplaceForm, DocumentUploadForm
from projects.forms.directory import AdoptForm, StageForm
from projects.forms.labor_plans import LaborPlanForm
from projects.forms.lifecycle import CheckpointForm, EvaluationForm
from projects.forms.meetings import (
    ActionItemAddForm,
    ActionItemCompleteForm,
    ActionItemForm,
    ActionItemFormSet,
    CoLeadForm,
    LeadingGroupCopyForm,
    LeadingGroupMemberForm,
    MeetingConveneForm,
    MeetingDeclineForm,
    MeetingForm,
    MeetingProposeForm,
    MeetingRecordForm,
)
from projects.forms.projects import ProjectFilterForm, ProjectForm

__all__ = [
    "ActionItemAddForm",
    "ActionItemCompleteForm",
    "ActionItemForm",
    "ActionItemFormSet",
    "AddToListForm",
    "AdoptForm",
    "CheckpointForm",
    "CoLeadForm",
    "DocumentDeleteForm",
    "DocumentReplaceForm",
    "DocumentUploadForm",
    "EvaluationForm",
    "ImportForm",
    "LaborPlanForm",
    "LeadingGroupCopyForm",
    "LeadingGroupMemberForm",
    "MeetingConveneForm",
    "MeetingDeclineForm",
    "MeetingForm",
    "MeetingProposeForm",
    "MeetingRecordForm",
    "ProjectFilterForm",
    "ProjectForm",
    "StageForm",
    "WithdrawForm",
]
