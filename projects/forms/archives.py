"""Forms of a project's archive: add a document, replace it by a new version, delete it."""

from __future__ import annotations

from django import forms

from portal.forms import StyledFormMixin
from projects.forms.lifecycle import checked_document
from projects.models import ArchiveKind
from projects.services import DOCUMENT_HELP


class DocumentUploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="档案类别",
        choices=[("", "请选择档案类别"), *ArchiveKind.choices],
        error_messages={"required": "请选择档案类别。"},
    )
    title = forms.CharField(
        label="文件名称",
        max_length=200,
        help_text="例如：招标文件、中标通知书、监理日志、工程结算书、劳务报酬发放花名册。",
        error_messages={"required": "请填写文件名称。"},
    )
    file = forms.FileField(
        label="文件", help_text=DOCUMENT_HELP, error_messages={"required": "请选择要上传的文件。"}
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind in ArchiveKind.values:
            self.fields["kind"].initial = kind

    def clean_file(self):
        return checked_document(self, "file")


class DocumentReplaceForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="新版本文件",
        help_text=f"新文件作为新版本保存，原文件保留、仍可查看。{DOCUMENT_HELP}",
        error_messages={"required": "请选择要上传的文件。"},
    )

    def clean_file(self):
        return checked_document(self, "file")


class DocumentDeleteForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="删除原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写删除原因。"},
    )
