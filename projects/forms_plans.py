"""Forms for labour plans, checkpoints, evaluations and meetings."""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, When
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization, OrganizationKind
from portal.scope import Scope
from projects.models import CheckpointKind, Judgement, LaborPlan, Project, StageKind, WorkStage

DATE = {"type": "date"}
DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd")
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024


class LaborPlanForm(StyledFormMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="环节类型", required=False, choices=[("", "按用工环节"), *StageKind.choices]
    )

    class Meta:
        model = LaborPlan
        fields = ["stage", "kind", "positions", "start", "end", "skills", "daily_rate"]
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


class CheckpointForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs=DATE))
    document = forms.FileField(
        label="文件", required=False, help_text="PDF、图片、Word、Excel 或 OFD，不超过 20 MB。"
    )
    note = forms.CharField(label="说明", required=False, max_length=300)
    bank = forms.CharField(label="开户银行", required=False, max_length=100)
    account = forms.CharField(label="账号", required=False, max_length=40)

    def __init__(self, *args, kind: str, has_document: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.has_document = kind, has_document
        if kind != CheckpointKind.WAGE_ACCOUNT:
            del self.fields["bank"]
            del self.fields["account"]
        if not has_document:
            self.fields["document"].required = True

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            if not document.name.lower().endswith(DOCUMENT_TYPES):
                raise forms.ValidationError(
                    "文件格式不支持，请上传 PDF、图片、Word、Excel 或 OFD 文件。"
                )
            if document.size > MAX_DOCUMENT_SIZE:
                raise forms.ValidationError("文件不能超过 20 MB。")
        return document

    def clean(self):
        cleaned = super().clean()
        if self.kind == CheckpointKind.WAGE_ACCOUNT:
            for field in ("bank", "account"):
                if not cleaned.get(field):
                    self.add_error(field, "专用账户须填写开户银行和账号。")
        return cleaned


class EvaluationForm(StyledFormMixin, forms.Form):
    evaluated_on = forms.DateField(
        label="评价日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    judgement = forms.ChoiceField(label="评价结论", choices=Judgement.choices)
    comments = forms.CharField(label="评价意见", widget=forms.Textarea(attrs={"rows": 4}))


def _member_organizations(scope: Scope):
    """The organisations of the coordination mechanism: the office and departments first,
    then townships, owners, contractors and the rest; each labelled with its kind."""
    rank = Case(
        *(When(kind=kind, then=order) for order, kind in enumerate(OrganizationKind.values)),
        output_field=IntegerField(),
    )
    return (
        Organization.objects.visible_to(scope)
        .filter(is_active=True)
        .annotate(kind_rank=rank)
        .order_by("kind_rank", "code")
    )


def _label(organization) -> str:
    return f"{organization.name}（{organization.get_kind_display()}）"


class MeetingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(
        label="会议日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    attendees = forms.ModelMultipleChoiceField(
        label="参会单位",
        queryset=Organization.objects.none(),
        required=False,
        help_text="按住 Ctrl 可多选。",
    )
    minutes = forms.CharField(
        label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = _member_organizations(scope)
        self.fields["attendees"].label_from_instance = _label
        self.fields["attendees"].widget.attrs["size"] = 10


class ActionItemForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label="议定事项", max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label="责任单位", queryset=Organization.objects.none(), required=False
    )
    due_on = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _member_organizations(scope)
        self.fields["owner"].label_from_instance = _label

    def clean(self):
        cleaned = super().clean()
        filled = [cleaned.get(f) for f in ("description", "owner", "due_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError("议定事项须同时填写事项、责任单位和完成时限。")
        return cleaned


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=5, max_num=5)
