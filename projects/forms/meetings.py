"""Forms of coordination meetings and their action items."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization
from portal.scope import Scope
from projects.forms.common import DATE, member_organizations, organization_label


class MeetingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(
        label="会议日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    attendees = forms.ModelMultipleChoiceField(
        label="参会单位",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选出席会议的成员单位；可按名称筛选。",
    )
    minutes = forms.CharField(
        label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = member_organizations(scope)
        self.fields["attendees"].label_from_instance = organization_label


class ActionItemForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label="议定事项", max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label="责任单位", queryset=Organization.objects.none(), required=False
    )
    due_on = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_organizations(scope)
        self.fields["owner"].label_from_instance = organization_label

    def clean(self):
        cleaned = super().clean()
        filled = [cleaned.get(f) for f in ("description", "owner", "due_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError("议定事项须同时填写事项、责任单位和完成时限。")
        return cleaned


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=5, max_num=5)
