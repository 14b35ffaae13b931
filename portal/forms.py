from django import forms
from django.conf import settings

from portal import excel
from portal.models import Organization, OrganizationKind, Region, RegionLevel
from portal.region_rules import RULE_FIELDS, RegionRules
from portal.rules import parse_neighbours


class StyledFormMixin:
    """Gives every widget Bootstrap's classes, and marks fields with errors as invalid.
    Date inputs render ISO dates: a browser's `<input type="date">` accepts no other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput) and widget.input_type == "date":
                widget.format = "%Y-%m-%d"
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                base = "form-check-input"
            widget.attrs["class"] = f"{base} {widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "credit_code", "address"]


class OrganizationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="名称或编码", required=False)
    kind = forms.ChoiceField(
        label="单位类型", required=False, choices=[("", "全部类型"), *OrganizationKind.choices]
    )


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    action = forms.CharField(label="操作", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return cleaned


def add_service_errors(form: forms.Form, error) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class WorkbookField(forms.FileField):
    """An uploaded .xlsx: its size and its container (kind, unpacked size, declared sheet
    size) are checked at once with `portal.excel.check_container`, so the user hears of a
    wrong file before it is queued; the worker parses it later through the guarded reader."""

    def __init__(self, *, label: str = "Excel 文件", help_text: str = "", **kwargs):
        megabytes = settings.EXCEL_LIMITS["max_bytes"] // 1024 // 1024
        help_text = help_text or f"Excel 2007 及以后的 .xlsx 文件，不超过 {megabytes} MB。"
        super().__init__(label=label, help_text=help_text, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = settings.EXCEL_LIMITS["max_bytes"]
        if upload.size > limit:
            raise forms.ValidationError(f"文件不能超过 {limit // 1024 // 1024} MB。")
        upload.seek(0)
        try:
            excel.check_container(upload.read())
        except excel.ExcelRefused as refused:
            raise forms.ValidationError(refused.message) from None
        finally:
            upload.seek(0)
        return upload


class RegionRulesForm(StyledFormMixin, forms.ModelForm):
    """The rules of the office's area; the service compares them with those in force."""

    class Meta:
        model = RegionRules
        fields = list(RULE_FIELDS)
        widgets = {
            "priority_groups": forms.Textarea(attrs={"rows": 8}),
            "neighbouring_townships": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, area: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def clean_neighbouring_townships(self) -> str:
        """Lines "乡镇：相邻乡镇、…" naming townships of the office's area only, written back
        in one form (full-width colon, 、), so an unchanged list compares equal."""
        text = self.cleaned_data["neighbouring_townships"]
        names = None
        if self.area is not None:
            names = set(
                Region.objects.filter(
                    path__startswith=self.area.path, level=RegionLevel.TOWNSHIP
                ).values_list("name", flat=True)
            )
        lines, unknown = [], []
        for number, (township, others) in enumerate(parse_neighbours(text), start=1):
            if names is not None:
                unknown += [f"第{number}行“{n}”" for n in [township, *others] if n not in names]
            if township in others:
                raise forms.ValidationError(f"第{number}行：乡镇不能与自己相邻。")
            lines.append(f"{township}：{'、'.join(dict.fromkeys(others))}")
        if unknown:
            raise forms.ValidationError(
                "不是本区的乡镇（街道）：" + "，".join(unknown) + "。请写乡镇的全称。"
            )
        return "\n".join(lines)

    def clean_priority_groups(self) -> str:
        """One group a line, without blank lines or the browser's \r: an unchanged list
        compares equal to the one in force."""
        lines = [line.strip() for line in self.cleaned_data["priority_groups"].splitlines()]
        lines = list(dict.fromkeys(line for line in lines if line))
        if not lines:
            raise forms.ValidationError("至少列出一个重点群体。")
        return "\n".join(lines)
