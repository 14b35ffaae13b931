"""Forms of labour plans."""

from __future__ import annotations

from django import forms

from portal.forms import StyledFormMixin
from projects.forms.common import DATE
from projects.models import LABOR_PLAN_FIELDS, LaborPlan, Project, StageKind, WorkStage


class LaborPlanForm(StyledFormMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="环节类型", required=False, choices=[("", "按用工环节"), *StageKind.choices]
    )

    class Meta:
        model = LaborPlan
        fields = list(LABOR_PLAN_FIELDS)
        widgets = {"start": forms.DateInput(attrs=DATE), "end": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's category proposes its work stages.
        self.fields["stage"].queryset = WorkStage.objects.filter(category=project.category)
        self.fields["stage"].label_from_instance = lambda s: f"{s.name}（{s.get_kind_display()}）"

    def _post_clean(self):
        pass  # the service validates the model, with the project set

    @property
    def plan_data(self) -> dict:
        return dict(self.cleaned_data)
