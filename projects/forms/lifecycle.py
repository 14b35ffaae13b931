"""Forms of a project's lifecycle: checkpoints with their documents, the evaluation."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from projects.forms.common import DATE
from projects.models import CheckpointKind, Judgement

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd")
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024


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
