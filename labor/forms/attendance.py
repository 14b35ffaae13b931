"""Forms of attendance: the month, the filters of the summaries and records, the grid page's
marks and the upload of a monthly grid."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from labor.models import Mark
from labor.selectors.attendance import NO_TOWNSHIP, AttendanceSummaryBy
from labor.services.attendance import MARK_HELP, parse_mark
from portal.forms import StyledFormMixin, WorkbookField
from portal.scope import Scope
from projects.models import Project, ProjectContractor

__all__ = [
    "AttendanceFilterForm",
    "AttendanceGridForm",
    "AttendanceSummaryForm",
    "AttendanceUploadForm",
    "parse_attendance_month",
]

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_attendance_month(text: str | None) -> datetime.date | None:
    """ "2026-11" → 2026-11-01; None for anything else."""
    match = MONTH.match((text or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A month written "YYYY-MM" (the browser's month input), cleaned to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": "请按“年-月”填写月份，如 2026-11。"}

    def to_python(self, value):
        if isinstance(value, datetime.date) or value in self.empty_values:
            return value or None
        month = parse_attendance_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class AttendanceSummaryForm(StyledFormMixin, forms.Form):
    month = MonthField(label="月份", required=False)
    by = forms.ChoiceField(
        label="汇总方式",
        required=False,
        choices=[
            (AttendanceSummaryBy.PROJECT, "按项目"),
            (AttendanceSummaryBy.TOWNSHIP, "按户籍乡镇"),
            (AttendanceSummaryBy.WORKER, "按务工人员"),
        ],
    )

    def values(self) -> tuple[datetime.date, AttendanceSummaryBy]:
        data = self.cleaned_data if self.is_valid() else {}
        by = data.get("by") or AttendanceSummaryBy.PROJECT
        return data.get("month") or this_month(), AttendanceSummaryBy(by)


class AttendanceFilterForm(StyledFormMixin, forms.Form):
    """The filters of the records list (what a summary's number counts)."""

    month = MonthField(label="月份", required=False)
    project = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    worker = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contractor = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    township = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def clean_township(self):
        value = self.cleaned_data["township"].strip()
        if value and value != NO_TOWNSHIP and not value.isdigit():
            raise forms.ValidationError("乡镇参数无效。")
        return value


class AttendanceGridForm(forms.Form):
    """The grid page's marks: one field `m-<worker id>-<day>` per cell of the rows the
    contractor may save. `grid()` gives {worker id: marks} for the service; a cell that is
    not a mark is an error naming the worker and the day."""

    month = MonthField()

    def __init__(self, *args, workers: dict[int, str] | None = None, days: int = 31, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers, self.days = workers or {}, days

    def clean(self):
        cleaned = super().clean()
        grid, problems = {}, []
        for worker_id, name in self.workers.items():
            marks = []
            for day in range(1, self.days + 1):
                value = self.data.get(f"m-{worker_id}-{day}", "")
                mark = parse_mark(value)
                if mark is None:
                    problems.append(f"{name} {day}日：无法识别的考勤标记“{value}”。{MARK_HELP}。")
                    mark = Mark.NONE
                marks.append(mark)
            grid[worker_id] = "".join(marks)
        if problems:
            raise forms.ValidationError(problems)
        cleaned["grid"] = grid
        return cleaned


class AttendanceUploadForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        label="项目", queryset=Project.objects.none(), empty_label="请选择本单位参建的项目"
    )
    month = MonthField(label="考勤月份")
    file = WorkbookField(
        label="考勤表（Excel）",
        help_text="Excel 2007 及以后的 .xlsx 文件：每人一行（姓名、身份证号），每天一列（1—31）。",
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        engaged = ProjectContractor.objects.filter(contractor=scope.organization)
        self.fields["project"].queryset = Project.objects.filter(
            pk__in=engaged.values("project")
        ).order_by("code")
        self.fields["month"].initial = this_month()
