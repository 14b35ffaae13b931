"""Forms of the annual lists: putting a project on a list, taking it off, importing a list."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from portal.forms import StyledFormMixin, WorkbookField
from projects.forms.common import DATE
from projects.models import Project, ProjectStatus


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


OTHER_REASON = "其他"
# Why a project leaves work relief, by the status it leaves from: a reserve project was never
# started, a project under construction stops being run as work relief part way.
WITHDRAW_REASONS = {
    ProjectStatus.RESERVE: (
        "项目取消",
        "资金未落实",
        "不再适合实施以工代赈",
        "与其他项目合并或重复申报",
    ),
    ProjectStatus.LISTED: (
        "资金未落实",
        "前期工作未完成，年内无法开工",
        "项目取消",
        "不再适合实施以工代赈",
    ),
    ProjectStatus.UNDER_CONSTRUCTION: (
        "建设内容调整，不再有适合当地群众务工的环节",
        "项目停建或缓建",
        "资金未落实",
        "不再适合实施以工代赈",
    ),
    ProjectStatus.COMPLETED: (
        "未吸纳当地群众务工",
        "不再适合实施以工代赈",
    ),
}


class ProjectWithdrawForm(StyledFormMixin, forms.Form):
    """Withdrawal of a project from work relief: the date, a reason that fits the status the
    project leaves from, and what the office adds in its own words (required for 其他).
    `reason` in cleaned_data is the one text the service records."""

    on = forms.DateField(
        label="退出日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    cause = forms.ChoiceField(label="退出原因", widget=forms.RadioSelect)
    detail = forms.CharField(
        label="具体说明",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明情况，例如资金缺口、调整后的建设内容、批复文号。选择“其他”时必填。",
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = WITHDRAW_REASONS.get(ProjectStatus(project.status), ())
        self.fields["cause"].choices = [(r, r) for r in (*reasons, OTHER_REASON)]
        self.fields["cause"].widget.attrs["class"] = "form-check-input"
        if project.list_entries.filter(withdrawn_on__isnull=True).exists():
            self.fields["on"].help_text = "也是项目调出所在年度清单的日期。"

    def clean(self):
        cleaned = super().clean()
        cause, detail = cleaned.get("cause"), cleaned.get("detail", "").strip()
        if cause == OTHER_REASON and not detail:
            self.add_error("detail", "选择“其他”时请写明退出原因。")
        elif cause:
            cleaned["reason"] = (
                detail if cause == OTHER_REASON else "：".join(filter(None, [cause, detail]))
            )
        return cleaned


class ImportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="清单年度", min_value=2000, max_value=2100)
    added_on = forms.DateField(
        label="列入日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    file = WorkbookField(
        label="Excel 文件", help_text="Excel 2007 及以后的 .xlsx 文件，不超过 10 MB。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        year, on = cleaned.get("year"), cleaned.get("added_on")
        if year and on and on.year != year:
            self.add_error("added_on", f"列入日期应在{year}年内。")
        return cleaned


class AnnualListExportForm(StyledFormMixin, forms.Form):
    """The list's export as it is sent upward: the phone number written under the table
    beside the user's name (users have no phone on record). The date is the list page's."""

    phone = forms.CharField(
        label="联系电话",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="写在表格下方“填报人”之后，便于上级核对，例如 023-12345678。",
        validators=[
            RegexValidator(
                r"^[0-9０-９+＋()（）\- —转]{7,30}$",
                "联系电话只能包含数字、空格、括号、“-”和“转”，例如 023-12345678 或 13800000000。",
            )
        ],
    )
