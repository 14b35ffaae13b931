"""Forms of the annual lists: putting a project on a list, taking it off, importing a list."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from projects.forms.common import DATE

MAX_UPLOAD = 10 * 1024 * 1024


class AddToListForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="清单年度", min_value=2000, max_value=2100)
    added_on = forms.DateField(label="列入日期", widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(label="列入说明", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["added_on"].initial = today


class WithdrawForm(StyledFormMixin, forms.Form):
    on = forms.DateField(
        label="日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    reason = forms.CharField(label="原因", max_length=300)


class ImportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="清单年度", min_value=2000, max_value=2100)
    added_on = forms.DateField(
        label="列入日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    file = forms.FileField(label="Excel 文件", help_text="xlsx 或 xls，不超过 10 MB。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".xlsm")):
            raise forms.ValidationError("请上传 Excel 文件（.xlsx 或 .xls）。")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过 10 MB。")
        return upload

    def clean(self):
        cleaned = super().clean()
        year, on = cleaned.get("year"), cleaned.get("added_on")
        if year and on and on.year != year:
            self.add_error("added_on", f"列入日期应在{year}年内。")
        return cleaned
