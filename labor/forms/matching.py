"""Forms of matching: the township's choice of people to refer, the contractor's answer."""

from __future__ import annotations

from django import forms

from labor.models import SurveyResponse
from portal.forms import StyledFormMixin

__all__ = ["ReferralAcceptForm", "ReferralCreateForm", "ReferralDeclineForm"]


class ReferralCreateForm(forms.Form):
    """The people ticked on the notice's page, among those proposed for the plan (the page
    draws the checkboxes in its table of candidates)."""

    responses = forms.ModelMultipleChoiceField(
        label="推荐人员",
        queryset=SurveyResponse.objects.none(),
        error_messages={
            "required": "请至少选择一人。",
            "invalid_choice": "所选人员不在本计划的推荐名单中（可能已被推荐过），请刷新页面后重选。",
            "invalid_pk_value": "所选人员不在本计划的推荐名单中，请刷新页面后重选。",
        },
    )

    def __init__(self, *args, proposed: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responses"].queryset = SurveyResponse.objects.filter(
            pk__in=proposed
        ).select_related("survey__township__region", "village")


class ReferralAcceptForm(StyledFormMixin, forms.Form):
    entry_date = forms.DateField(
        label="进场日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写进场日期。", "invalid": "请填写有效的日期。"},
    )


class ReferralDeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="未录用原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写未录用的原因。"},
    )
