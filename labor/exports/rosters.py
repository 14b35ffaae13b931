"""The roster of one project as an Excel workbook (a background export, `portal.exports`):
a title row, the roster's filters and date, a header the roster upload reads, one row a
person on the roster with the ID number and phone masked. Every cell goes through
`portal.spreadsheets`, so a name that begins like a formula stays text."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from labor.forms import RosterFilterForm
from labor.selectors import engagement_list, roster_project_get
from portal.exports import Built
from portal.progress import Progress
from portal.scope import Scope
from portal.spreadsheets import cell

EXPORT_KIND = "labor-roster"
FILTER_KEYS = ("name", "stage", "staff_category", "contract")
HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "性别",
    "联系电话",
    "户籍乡镇",
    "施工单位",
    "用工环节",
    "工种",
    "人员类别",
    "班组/队伍",
    "劳务组织",
    "劳动合同签订日期",
    "合同截止日期",
    "进场日期",
    "退场日期",
    "日工资（元）",
)
WIDTHS = (6, 10, 22, 6, 14, 14, 24, 16, 10, 10, 14, 20, 14, 14, 12, 12, 10)
PROGRESS_EVERY = 500


def roster_rows(engagements) -> list[list]:
    rows = []
    for number, engagement in enumerate(engagements, start=1):
        worker = engagement.worker
        rows.append(
            [
                number,
                worker.name,
                worker.masked_id_number,
                worker.get_sex_display(),
                worker.masked_phone,
                str(worker.household_township or ""),
                str(engagement.contractor),
                str(engagement.stage or ""),
                engagement.trade,
                engagement.get_staff_category_display(),
                engagement.team.name if engagement.team else "",
                str(engagement.labor_organization or ""),
                engagement.contract_signed_on,
                engagement.contract_end,
                engagement.entry_date,
                engagement.exit_date,
                engagement.daily_pay,
            ]
        )
    return rows


def roster_workbook(title: str, subtitle: str, rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("用工名册")
    for position, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + position)].width = width
    title_cell = cell(sheet, title)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append([cell(sheet, subtitle)])
    header = []
    for text in HEADERS:
        header_cell = cell(sheet, text)
        header_cell.font = Font(bold=True)
        header.append(header_cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            new = cell(sheet, value)
            if hasattr(value, "year"):
                new.number_format = "yyyy-mm-dd"
            cells.append(new)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_roster_export(scope: Scope, params: dict, progress: Progress) -> Built:
    """The builder of a project's roster export (see portal.exports), run by a worker: the
    roster as the scope sees it, with the roster page's filters."""
    project = roster_project_get(scope=scope, pk=int(params["project"]))
    form = RosterFilterForm(
        {key: value for key, value in params.items() if key in FILTER_KEYS} or None,
        project=project,
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    engagements = engagement_list(scope=scope, filters={**filters, "project": project})
    total = engagements.count()
    progress(0, total, "导出")
    rows = roster_rows(engagements.iterator(chunk_size=PROGRESS_EVERY))
    progress(total, total, "导出")
    today = timezone.localdate()
    subtitle = f"导出单位：{scope.organization}　导出日期：{today:%Y-%m-%d}　身份证号、电话已脱敏"
    content = roster_workbook(f"{project.name} 用工名册", subtitle, rows)
    return Built(f"用工名册-{project.code}-{today:%Y%m%d}.xlsx", content, len(rows))


__all__ = ["EXPORT_KIND", "build_roster_export", "roster_rows", "roster_workbook"]
