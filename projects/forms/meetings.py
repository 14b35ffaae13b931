"""Forms of coordination meetings (proposal, convening, the meeting held with its minutes),
their action items and the leading group."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization
from portal.scope import Scope
from projects.forms.common import DATE, member_organizations, organization_label
from projects.models import GroupRole, Project
from projects.selectors.leading_group import co_lead_departments, leading_group_units
from projects.services.archives import DOCUMENT_HELP as FILE_HELP
from projects.services.archives import document_check


def checked_document(document, field: str):
    """A file a user uploads beside a meeting, checked as project documents are (type by
    content, size) by the one check of projects.services.archives; the services check again."""
    if document:
        try:
            document_check(document, field=field)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict[field]) from error
    return document


def _today_max(field: forms.Field) -> None:
    field.widget.attrs["max"] = timezone.localdate().isoformat()


class OrganizationChecklist(forms.ModelMultipleChoiceField):
    """Organisations as checkboxes, each labelled with its kind."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return organization_label(obj)


class AttendeesMixin:
    """Invitees in two lists: the units of the year's leading group, then the region's other
    organisations; joined into `attendees` when valid."""

    def add_attendee_fields(self, scope: Scope, year: int) -> None:
        group_units = leading_group_units(scope=scope, year=year)
        self.fields["group_units"].queryset = group_units
        self.fields["other_units"].queryset = member_organizations(scope).exclude(
            pk__in=group_units.values("pk")
        )
        self.fields["group_units"].help_text = (
            f"{year}年领导小组成员所在单位。"
            if group_units.exists()
            else (f"{year}年的领导小组还没有成员单位：请在「领导小组」页维护，或从下方选择。")
        )

    def attendees(self) -> list[Organization]:
        return [
            *self.cleaned_data.get("group_units", []),
            *self.cleaned_data.get("other_units", []),
        ]


ATTENDEE_FIELDS = {
    "group_units": OrganizationChecklist(
        label="领导小组成员单位", queryset=Organization.objects.none(), required=False
    ),
    "other_units": OrganizationChecklist(
        label="本区其他单位",
        queryset=Organization.objects.none(),
        required=False,
        help_text="可按名称筛选。",
    ),
}


class MeetingProposeForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label="会议议题", max_length=200, help_text="如：研究以工代赈务工人员技能培训安排。"
    )
    reasons = forms.CharField(
        label="建议理由",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="要研究什么问题、涉及哪些单位、为什么需要协调。",
        error_messages={"required": "请说明建议召开会议的理由。"},
    )


class MeetingConveneForm(AttendeesMixin, StyledFormMixin, forms.Form):
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=forms.DateInput(attrs=DATE))
    group_units = ATTENDEE_FIELDS["group_units"]
    other_units = ATTENDEE_FIELDS["other_units"]
    other_invitees = forms.CharField(
        label="邀请的其他单位和专家",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本区以外的单位或专家，每行一个，如“市发展改革委以工代赈处”“某大学 张教授”。",
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.add_attendee_fields(scope, timezone.localdate().year)


class MeetingRecordForm(AttendeesMixin, StyledFormMixin, forms.Form):
    """The meeting as held: date, who came, the minutes' summary and the signed minutes file."""

    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(
        label="会议日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    group_units = ATTENDEE_FIELDS["group_units"]
    other_units = ATTENDEE_FIELDS["other_units"]
    other_invitees = MeetingConveneForm.base_fields["other_invitees"]
    minutes = forms.CharField(
        label="会议纪要（摘要）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="会议研究的事项和结论；印发的纪要文件在下方上传。",
    )
    minutes_file = forms.FileField(label="会议纪要文件", required=False, help_text=FILE_HELP)

    def __init__(self, *args, scope: Scope, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _today_max(self.fields["held_on"])
        self.add_attendee_fields(scope, year or timezone.localdate().year)
        self.fields["group_units"].label = "参会的领导小组成员单位"
        self.fields["other_units"].label = "参会的本区其他单位"
        self.fields["other_invitees"].label = "参会的其他单位和专家"

    def clean_minutes_file(self):
        return checked_document(self.cleaned_data.get("minutes_file"), "minutes_file")


class MeetingDeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="暂不召开的原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="建议单位会看到这个原因。",
        error_messages={"required": "请说明暂不召开的原因。"},
    )


class ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ActionItemForm(StyledFormMixin, forms.Form):
    """One agreed action item. In the meeting form's formset a blank row is skipped."""

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


class ActionItemAddForm(ActionItemForm):
    """An action item added after the meeting: every field but the project is required."""

    project = ProjectChoice(
        label="相关项目", queryset=Project.objects.none(), required=False, help_text="可不选。"
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        for name in ("description", "owner", "due_on"):
            self.fields[name].required = True
        self.fields["description"].error_messages["required"] = "请填写议定事项。"
        self.fields["owner"].error_messages["required"] = "请选择责任单位。"
        self.fields["due_on"].error_messages["required"] = "请填写完成时限。"
        self.fields["project"].queryset = (
            Project.objects.visible_to(scope).only("pk", "code", "name").order_by("code")
        )


class MeetingForm(StyledFormMixin, forms.Form):
    """A meeting already held, recorded at once with its action items (the office's own)."""

    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(
        label="会议日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    attendees = OrganizationChecklist(
        label="参会单位",
        queryset=Organization.objects.none(),
        required=False,
        help_text="勾选出席会议的单位；可按名称筛选。",
    )
    other_invitees = MeetingRecordForm.base_fields["other_invitees"]
    minutes = MeetingRecordForm.base_fields["minutes"]
    minutes_file = MeetingRecordForm.base_fields["minutes_file"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        _today_max(self.fields["held_on"])
        self.fields["attendees"].queryset = member_organizations(scope)
        self.fields["other_invitees"].label = "参会的其他单位和专家"

    def clean_minutes_file(self):
        return checked_document(self.cleaned_data.get("minutes_file"), "minutes_file")


class ActionItemCompleteForm(StyledFormMixin, forms.Form):
    done_on = forms.DateField(
        label="办结日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    done_note = forms.CharField(
        label="办理情况",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="做了什么、结果如何（如：已督促 12 个在建项目上传 10 月台账）。",
        error_messages={"required": "请填写办理情况：没有办理情况不能办结。"},
    )
    done_file = forms.FileField(
        label="办理情况附件", required=False, help_text=f"可不传。{FILE_HELP}"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_max(self.fields["done_on"])

    def clean_done_file(self):
        return checked_document(self.cleaned_data.get("done_file"), "done_file")


class LeadingGroupMemberForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label="职务", choices=GroupRole.choices, initial=GroupRole.MEMBER)
    person_name = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(
        label="单位职务", max_length=100, required=False, help_text="如：区人力社保局副局长。"
    )
    organization = forms.ModelChoiceField(
        label="所在单位",
        queryset=Organization.objects.none(),
        required=False,
        help_text="成员单位的负责人请选择其单位；区领导可不选。",
    )
    order = forms.IntegerField(
        label="排序", min_value=0, max_value=999, initial=0, help_text="数字小的排在前面。"
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = member_organizations(scope)
        self.fields["organization"].label_from_instance = organization_label


class LeadingGroupCopyForm(forms.Form):
    from_year = forms.IntegerField(min_value=2000, max_value=2100)
    to_year = forms.IntegerField(min_value=2000, max_value=2100)


class CoLeadForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="共同牵头单位",
        queryset=Organization.objects.none(),
        to_field_name="code",
        error_messages={"required": "请选择行业主管部门。"},
    )
    co_lead = forms.BooleanField(required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = co_lead_departments(scope=scope)
