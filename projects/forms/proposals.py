"""Forms of proposals: the proposal (the project form with the year it is proposed for), the
office's decision, the filters of the proposer's list and of the review queue, and the
written explanation of figures that fall."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import TOWNSHIP_KINDS, Organization, Region
from portal.scope import Scope
from projects.forms.common import DATE, district_townships
from projects.forms.projects import ProjectForm
from projects.models import Domain, ProposalStatus
from projects.selectors.proposals import DECISIONS, proposal_years, proposer_choices


class ProposalForm(ProjectForm):
    """The project form a proposer fills in. The year it is proposed for is also the year of
    its forecast (研提数), which the office's comparison with last year sums."""

    year = forms.TypedChoiceField(
        label="申报年度", coerce=int, help_text="项目拟列入哪一年的年度项目清单。"
    )
    field_order = ["year"]

    def __init__(self, *args, scope: Scope, proposal=None, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in proposal_years()]
        del self.fields["forecast_year"]
        for name in ("forecast_workers", "forecast_remuneration"):
            self.fields[name].required = True
        self.fields["forecast_workers"].help_text = "申报年度内预计吸纳的当地务工人数。"
        self.fields["forecast_remuneration"].help_text = "申报年度内预计发放的劳务报酬。"
        if proposal is not None:
            self.fields["year"].initial = proposal.year
            self.fields["year"].disabled = True
            forecast = self.instance.forecasts.filter(year=proposal.year).first()
            self.fields["forecast_workers"].initial = forecast.local_workers if forecast else None
            self.fields["forecast_remuneration"].initial = (
                forecast.remuneration if forecast else None
            )
        else:
            self.fields["year"].initial = timezone.localdate().year
            if scope.kind in TOWNSHIP_KINDS:
                self.fields["townships"].initial = [scope.region]
                self.fields[
                    "townships"
                ].help_text = f"乡镇（街道）申报本辖区的项目：须包含{scope.region.name}。"

    def clean(self):
        # The forecast's year is the proposal's: ProjectForm's check of a separate year is moot.
        return forms.ModelForm.clean(self)

    @property
    def forecasts(self) -> dict:
        return {
            self.cleaned_data["year"]: (
                self.cleaned_data["forecast_workers"],
                self.cleaned_data["forecast_remuneration"],
            )
        }


class ProposalDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=list(DECISIONS.items()), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必填：写明退回原因和需修改、补充的内容，申报单位将看到。",
    )
    on = forms.DateField(
        label="列入日期",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="列入年度清单时的日期，不填为今天。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


def _year_choices() -> list[tuple]:
    this_year = timezone.localdate().year
    return [("", "全部"), *[(y, f"{y}年") for y in range(this_year + 1, this_year - 4, -1)]]


class MyProposalFilterForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="申报年度", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="审核状态", required=False, choices=[("", "全部"), *ProposalStatus.choices]
    )
    sent = forms.BooleanField(label="已提交过", required=False, widget=forms.HiddenInput)
    proposer = forms.ModelChoiceField(
        label="申报单位",
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.HiddenInput,
    )
    domain = forms.ModelChoiceField(
        label="建设领域", required=False, queryset=Domain.objects.all(), empty_label="全部"
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["proposer"].queryset = Organization.objects.filter(pk=scope.organization.pk)


class ProposalFilterForm(MyProposalFilterForm):
    """The review queue's filters: by proposer, domain and the township the project is on."""

    status = forms.ChoiceField(
        label="审核状态",
        required=False,
        choices=[("", "全部（不含草稿）"), *ProposalStatus.choices[1:]],
    )
    proposer = forms.ModelChoiceField(
        label="申报单位", required=False, queryset=Organization.objects.none(), empty_label="全部"
    )
    township = forms.ModelChoiceField(
        label="所在乡镇（街道）",
        required=False,
        queryset=Region.objects.none(),
        empty_label="全部",
    )
    field_order = ["year", "status", "proposer", "domain", "township", "sent"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["proposer"].queryset = proposer_choices(scope=scope)
        self.fields["township"].queryset = district_townships(scope)


class DeclineExplanationForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="书面说明",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="说明本单位申报项目数、预计吸纳当地务工人数或预计劳务报酬低于上年的原因。",
    )
