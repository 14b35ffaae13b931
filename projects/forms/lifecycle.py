"""Forms of a project's lifecycle: checkpoints with their documents, the evaluation."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization
from portal.services import check_not_future
from projects.forms.common import DATE
from projects.models import DEFAULT_CRITERIA, CheckpointKind, Judgement, Project
from projects.services import (
    DOCUMENT_HELP,
    MAX_DOCUMENT_SIZE,  # noqa: F401 (the security tests read it here)
    document_check,
)


def project_organizations(project: Project) -> QuerySet[Organization]:
    """The active organisations of the project's region: who can evaluate, take part or look
    after the works."""
    return Organization.objects.filter(
        region__path__startswith=project.region.path, is_active=True
    ).order_by("kind", "name")


def checked_document(form: forms.Form, field: str):
    """The form's file, checked as the services check it (type by content, size), so the
    error shows on the field at once."""
    upload = form.cleaned_data.get(field)
    if upload:
        try:
            document_check(upload, field=field)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict[field]) from error
    return upload


class CheckpointForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs=DATE))
    document = forms.FileField(label="文件", required=False, help_text=DOCUMENT_HELP)
    note = forms.CharField(label="说明", required=False, max_length=300)
    bank = forms.CharField(label="开户银行", required=False, max_length=100)
    account = forms.CharField(label="账号", required=False, max_length=40)
    # The maintenance responsibility, recorded with its checkpoint.
    unit = forms.ModelChoiceField(
        label="管护责任单位",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="（由村集体管护，填写下方名称）",
    )
    collective_name = forms.CharField(
        label="或：村集体名称",
        required=False,
        max_length=100,
        help_text="管护单位不是平台中的单位时（如某村股份经济合作社），填写它的名称。",
    )
    planned_workers = forms.IntegerField(
        label="计划留用当地管护人员（人）",
        required=False,
        min_value=0,
        help_text="零工变长工：计划留作管护人员的当地务工人员人数；具体人员由用工模块记录。",
    )
    maintenance_note = forms.CharField(label="管护内容", required=False, max_length=300)

    def __init__(self, *args, kind: str, has_document: bool, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.has_document = kind, has_document
        # A checkpoint records what was done: the date picker offers no later day (the service
        # refuses one anyway, and says so on this field).
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date"].help_text = "文件的签署、批复或开户日期，不能晚于今天。"
        if kind != CheckpointKind.WAGE_ACCOUNT:
            del self.fields["bank"]
            del self.fields["account"]
        if kind == CheckpointKind.MAINTENANCE:
            self.fields["date"].help_text = "管护责任落实（管护协议签订）的日期，不能晚于今天。"
            self.fields["unit"].queryset = project_organizations(project)
            self.fields["planned_workers"].required = True
        else:
            for field in ("unit", "collective_name", "planned_workers", "maintenance_note"):
                del self.fields[field]
        if has_document:
            self.fields[
                "document"
            ].help_text = f"上传新文件将作为新版本保存，原文件保留、仍可查看。{DOCUMENT_HELP}"
        else:
            self.fields["document"].required = True

    def clean_document(self):
        return checked_document(self, "document")

    def clean(self):
        cleaned = super().clean()
        if self.kind == CheckpointKind.WAGE_ACCOUNT:
            for field in ("bank", "account"):
                if not cleaned.get(field):
                    self.add_error(field, "专用账户须填写开户银行和账号。")
        if self.kind == CheckpointKind.MAINTENANCE:
            has_unit = cleaned.get("unit") is not None
            if has_unit == bool((cleaned.get("collective_name") or "").strip()):
                self.add_error("unit", "请选择管护责任单位，或填写村集体名称（二者填一项）。")
        return cleaned


class EvaluationForm(StyledFormMixin, forms.Form):
    """The completion evaluation, or a revision of it (`revising`: the reason is asked for).
    The conclusion starts empty: the evaluator chooses it."""

    evaluated_on = forms.DateField(
        label="评价日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    judgement = forms.ChoiceField(
        label="评价结论",
        choices=[("", "请选择评价结论"), *Judgement.choices],
        error_messages={"required": "请选择评价结论。"},
    )
    comments = forms.CharField(
        label="评价意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写评价意见。"},
    )
    reason = forms.CharField(
        label="修订原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="说明为什么修订：原评价保留，修订后的评价作为新版本生效。",
        error_messages={"required": "修订综合评价须说明修订原因。"},
    )

    evaluating_unit = forms.ModelChoiceField(
        label="评价单位（竣工验收单位）",
        queryset=Organization.objects.none(),
        empty_label="请选择评价单位",
        error_messages={"required": "请选择组织评价的竣工验收单位。"},
    )
    participants = forms.ModelMultipleChoiceField(
        label="参与评价的单位",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="区直相关部门、业主单位、施工单位和项目所在乡镇（街道）。",
        error_messages={"required": "请选择参与评价的单位。"},
    )
    report = forms.FileField(
        label="评价报告",
        required=False,
        help_text=f"修订时上传新报告将作为新版本保存，原报告保留。{DOCUMENT_HELP}",
    )

    def __init__(self, *args, project: Project, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluated_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not revising:
            del self.fields["reason"]
        organizations = project_organizations(project)
        self.fields["evaluating_unit"].queryset = organizations
        self.fields["participants"].queryset = organizations
        self.criteria = DEFAULT_CRITERIA
        for number, (criterion, full) in enumerate(self.criteria):
            self.fields[f"score_{number}"] = forms.DecimalField(
                label=f"{criterion}（满分 {full:g} 分）",
                min_value=0,
                max_value=full,
                max_digits=5,
                decimal_places=1,
                error_messages={
                    "required": f"请为「{criterion}」打分。",
                    "max_value": f"「{criterion}」得分不能超过满分 {full:g} 分。",
                },
            )

    def clean_evaluated_on(self):
        day = self.cleaned_data.get("evaluated_on")
        try:
            check_not_future(day, field="evaluated_on", label="评价日期")
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["evaluated_on"]) from error
        return day

    def clean_report(self):
        return checked_document(self, "report")

    @property
    def evaluation_data(self) -> dict:
        data = self.cleaned_data
        return {
            "evaluated_on": data["evaluated_on"],
            "judgement": data["judgement"],
            "comments": data["comments"],
            "reason": data.get("reason", ""),
            "evaluating_unit": data["evaluating_unit"],
            "participants": list(data["participants"]),
            "scores": [
                (criterion, data[f"score_{number}"], full)
                for number, (criterion, full) in enumerate(self.criteria)
            ],
            "report": data.get("report") or None,
        }
