"""Forms of a project's lifecycle: checkpoints with their documents, the evaluation."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from projects.forms.common import DATE
from projects.models import CheckpointKind, Judgement

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd")
MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
# How each allowed kind of file begins, and its name for the user. A file must begin as its
# extension says: an HTML page renamed 可研.pdf is refused, whatever the browser would make of
# it. Word and Excel files are OLE2 (.doc, .xls) or zip packages (.docx, .xlsx), as is OFD.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-", "PDF"),
    ".jpg": (b"\xff\xd8\xff", "JPEG 图片"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG 图片"),
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    ".doc": (OLE2, "Word"),
    ".xls": (OLE2, "Excel"),
    ".docx": (ZIP, "Word"),
    ".xlsx": (ZIP, "Excel"),
    ".ofd": (ZIP, "OFD"),
}


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
        # A checkpoint records what was done: the date picker offers no later day (the service
        # refuses one anyway, and says so on this field).
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date"].help_text = "文件的签署、批复或开户日期，不能晚于今天。"
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
            extension = "." + document.name.rsplit(".", 1)[-1].lower()
            signature, kind = DOCUMENT_SIGNATURES[extension]
            document.seek(0)
            head = document.read(len(signature))
            document.seek(0)
            if head != signature:
                raise forms.ValidationError(
                    f"文件「{document.name}」的内容不是 {kind} 文件，与扩展名不符。"
                    f"请上传真正的 {kind} 文件（不要只修改扩展名）。"
                )
        return document

    def clean(self):
        cleaned = super().clean()
        if self.kind == CheckpointKind.WAGE_ACCOUNT:
            for field in ("bank", "account"):
                if not cleaned.get(field):
                    self.add_error(field, "专用账户须填写开户银行和账号。")
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

    def __init__(self, *args, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluated_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not revising:
            del self.fields["reason"]
