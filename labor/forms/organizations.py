"""Forms of labour organisations: the list's filters, a profile, a team."""

from __future__ import annotations

from django import forms

from labor.models import LaborOrgForm, LaborOrgProfile, Team
from labor.selectors import labor_org_villages
from portal.forms import StyledFormMixin
from portal.models import Organization


class LaborOrgFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", required=False, max_length=100)
    form = forms.ChoiceField(
        label="组织形式", required=False, choices=[("", "全部"), *LaborOrgForm.choices]
    )
    return_risk = forms.BooleanField(label="只看存在“返薄”风险的", required=False)


class LaborOrgProfileForm(StyledFormMixin, forms.ModelForm):
    """The profile; the 返薄 flag only when `can_flag` (the office)."""

    class Meta:
        model = LaborOrgProfile
        fields = ["form", "village", "note", "return_risk"]

    def __init__(self, *args, organization: Organization, can_flag: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = labor_org_villages(organization=organization)
        self.fields["village"].empty_label = "未填写"
        if not can_flag:
            del self.fields["return_risk"]

    def _post_clean(self):
        """The service validates and saves; the form only parses."""


class TeamForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "leader_name", "trades", "size"]

    def _post_clean(self):
        """The service validates (the name unique in the organisation) and saves."""


__all__ = ["LaborOrgFilterForm", "LaborOrgProfileForm", "TeamForm"]
