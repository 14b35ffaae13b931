"""Forms of labour plans."""

from __future__ import annotations

from django import forms

from portal.forms import StyledFormMixin
from portal.rules import rules_for
from projects.forms.common import DATE
from projects.models import LABOR_PLAN_FIELDS, LaborPlan, Project, StageKind, WorkStage


class LaborPlanForm(StyledFormMixin, forms.ModelForm):
    """A labour plan of `project`. Its help texts say what the service will hold it to: the
    project's planned period and the region's minimum daily rate."""

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
        start, end = project.planned_start, project.planned_end
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(min=start.isoformat(), max=end.isoformat())
        self.fields[
            "end"
        ].help_text = f"用工期间须在项目计划工期（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）之内。"
        rules = rules_for(project.region)
        self.fields["daily_rate"].widget.attrs["min"] = str(rules.minimum_daily_rate)
        self.fields["daily_rate"].help_text = rules.minimum_daily_rate_rule

    def _post_clean(self):
        pass  # the service validates the model, with the project set

    @property
    def plan_data(self) -> dict:
        return dict(self.cleaned_data)
