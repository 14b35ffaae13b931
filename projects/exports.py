"""Excel workbooks of the projects app, in the layout the list is sent upward in: a title row,
who filled it and when, a two-row header with the investment columns grouped, one row per
project, and a totals row whose figures are summed in the database.

The column headers are the ones `projects.importers` reads, so an exported list can be filled
in and imported again.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from portal import spreadsheets
from portal.exports import Built
from projects.models import Project, ProjectForecast, ProjectLevel, ProjectStatus, ProjectTownship
from projects.selectors import investment_totals

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INVESTMENT_GROUP = "投资（万元）"


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    group: str = ""
    number_format: str = ""


COLUMNS = (
    Column("序号", 6),
    Column("项目编码", 16),
    Column("项目名称", 36),
    Column("项目层级", 9),
    Column("建设领域", 14),
    Column("具体类别", 26),
    Column("行业主管部门", 16),
    Column("项目业主单位", 22),
    Column("所在乡镇（街道）", 20),
    Column("总投资", 12, INVESTMENT_GROUP, "#,##0.00"),
    Column("政府投资", 12, INVESTMENT_GROUP, "#,##0.00"),
    Column("其中以工代赈资金", 12, INVESTMENT_GROUP, "#,##0.00"),
    Column("计划开工日期", 12, number_format="yyyy-mm-dd"),
    Column("计划完工日期", 12, number_format="yyyy-mm-dd"),
    Column("预计吸纳当地务工人数（人）", 12, number_format="#,##0"),
    Column("预计发放劳务报酬（万元）", 12, number_format="#,##0.00"),
    Column("备注", 24),
)
SUMMED = {"总投资", "政府投资", "其中以工代赈资金"}

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


ROW_FIELDS = (
    "pk",
    "code",
    "name",
    "level",
    "domain__name",
    "category__name",
    "department__name",
    "owner__name",
    "total_investment",
    "government_investment",
    "work_relief_funds",
    "planned_start",
    "planned_end",
    "status",
)
LEVELS = dict(ProjectLevel.choices)
STATUSES = dict(ProjectStatus.choices)


def project_rows(projects: QuerySet[Project], year: int, note_for, progress=None):
    """The rows of the workbook as plain values, in three queries whatever the number of
    projects: the projects, their townships and their forecast of `year`.
    `note_for(project_id, status)` fills the remarks column."""
    ids = projects.order_by().values("pk")
    townships: dict[int, list[str]] = {}
    for project_id, name in (
        ProjectTownship.objects.filter(project__in=ids)
        .order_by("township__code")
        .values_list("project_id", "township__name")
    ):
        townships.setdefault(project_id, []).append(name)
    forecasts = {
        project_id: (workers, remuneration)
        for project_id, workers, remuneration in ProjectForecast.objects.filter(
            project__in=ids, year=year
        ).values_list("project_id", "local_workers", "remuneration")
    }
    values = projects.prefetch_related(None).values_list(*ROW_FIELDS)
    total = len(values)
    rows = []
    for number, row in enumerate(values, start=1):
        project = dict(zip(ROW_FIELDS, row, strict=True))
        pk = project["pk"]
        workers, remuneration = forecasts.get(pk, (None, None))
        rows.append(
            [
                number,
                project["code"],
                project["name"],
                LEVELS.get(project["level"], project["level"]),
                project["domain__name"],
                project["category__name"],
                project["department__name"],
                project["owner__name"],
                "、".join(townships.get(pk, [])),
                project["total_investment"],
                project["government_investment"],
                project["work_relief_funds"],
                project["planned_start"],
                project["planned_end"],
                workers,
                remuneration,
                note_for(pk, project["status"]),
            ]
        )
        if progress and number % 500 == 0:
            progress(number, total, "生成")
    return rows


def _styles(workbook: Workbook) -> dict[str, str]:
    """Named styles, registered once: a write-only sheet cannot restyle cells afterwards,
    and a name per cell is cheap where a style object per cell is not."""
    title = NamedStyle(name="title", font=Font(name="宋体", size=16, bold=True), alignment=CENTER)
    subtitle = NamedStyle(name="subtitle", alignment=Alignment(horizontal="left"))
    header = NamedStyle(
        name="header", font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER
    )
    total = NamedStyle(name="total", font=Font(bold=True), alignment=WRAP, border=BORDER)
    for style in (title, subtitle, header, total):
        workbook.add_named_style(style)
    names = {"title": "title", "subtitle": "subtitle", "header": "header", "total": "total"}
    for column in COLUMNS:
        name = f"body {column.number_format or 'text'}"
        if name not in names:
            style = NamedStyle(name=name, border=BORDER, alignment=WRAP)
            style.number_format = column.number_format or "General"
            workbook.add_named_style(style)
            names[name] = name
    return names


def _cell(sheet, value, style: str):
    # Through the portal's one cell writer: text from users never becomes a formula.
    return spreadsheets.cell(sheet, value, style)


def _workbook(
    title: str, subtitle: str, rows: list[list], totals: dict[str, Decimal | None]
) -> bytes:
    """The list in a write-only workbook (streamed: 20,000 rows stay fast and small)."""
    workbook = Workbook(write_only=True)
    styles = _styles(workbook)
    sheet = workbook.create_sheet("项目清单")
    width = len(COLUMNS)
    last = get_column_letter(width)

    # Everything about the sheet is set before its first row is written.
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "D5"
    sheet.print_title_rows = "3:4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    # Two header rows: grouped columns share a merged group cell above their own headers.
    for index, column in enumerate(COLUMNS, start=1):
        if not column.group:
            letter = get_column_letter(index)
            sheet.merged_cells.add(f"{letter}3:{letter}4")
    group = [i for i, c in enumerate(COLUMNS, start=1) if c.group == INVESTMENT_GROUP]
    sheet.merged_cells.add(f"{get_column_letter(group[0])}3:{get_column_letter(group[-1])}3")

    sheet.append([_cell(sheet, title, styles["title"])])
    sheet.append([_cell(sheet, subtitle, styles["subtitle"])])
    top = [column.group or column.header for column in COLUMNS]
    bottom = [column.header if column.group else None for column in COLUMNS]
    for values in (top, bottom):
        sheet.append([_cell(sheet, v, styles["header"]) for v in values])
    body = [styles[f"body {column.number_format or 'text'}"] for column in COLUMNS]
    for values in rows:
        sheet.append(
            [_cell(sheet, value, style) for value, style in zip(values, body, strict=True)]
        )
    total_row = ["合计", None, f"共 {len(rows)} 个项目"] + [None] * (width - 3)
    for index, column in enumerate(COLUMNS):
        if column.header in SUMMED:
            total_row[index] = totals.get(column.header)
    total_cells = []
    for value, column in zip(total_row, COLUMNS, strict=True):
        cell = _cell(sheet, value, styles["total"])
        if column.number_format:
            cell.number_format = column.number_format
        total_cells.append(cell)
    sheet.append(total_cells)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _totals(projects: QuerySet[Project]) -> dict[str, Decimal | None]:
    sums = investment_totals(projects)
    return {
        "总投资": sums["total_investment"],
        "政府投资": sums["government_investment"],
        "其中以工代赈资金": sums["work_relief_funds"],
    }


def _subtitle(organization_name: str, on: datetime.date) -> str:
    return f"填报单位：{organization_name}    数据日期：{on:%Y年%m月%d日}    金额单位：万元"


def projects_workbook(
    projects: QuerySet[Project],
    *,
    title: str,
    organization_name: str,
    year: int | None = None,
    progress=None,
) -> tuple[bytes, int]:
    """The (filtered) project list, its status in the remarks column; returns the file and
    its number of project rows. `progress(done, total, phase)` follows the rows."""
    today = timezone.localdate()
    rows = project_rows(
        projects, year or today.year, lambda pk, status: STATUSES[status], progress=progress
    )
    content = _workbook(title, _subtitle(organization_name, today), rows, _totals(projects))
    return content, len(rows)


def build_projects_export(scope, params: dict, progress) -> Built:
    """The builder of the project list export (see portal.exports), run by a worker."""
    from projects.forms import ProjectFilterForm
    from projects.selectors import project_list

    form = ProjectFilterForm(params or None, scope=scope)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    content, rows = projects_workbook(
        project_list(scope=scope, filters=filters),
        title="以工代赈重点工程项目一览表",
        organization_name=scope.organization.name,
        year=filters.get("year"),
        progress=progress,
    )
    return Built(f"重点工程项目-{timezone.localdate():%Y%m%d}.xlsx", content, rows)


def annual_list_workbook(annual_list, entries, *, organization_name: str, on: datetime.date):
    """The list as it stood at the end of day `on`, with each entry's note."""
    projects = Project.objects.filter(pk__in=entries.values("project")).order_by("code")
    notes = dict(entries.values_list("project_id", "added_reason"))
    rows = project_rows(projects, annual_list.year, lambda pk, status: notes.get(pk, ""))
    return _workbook(str(annual_list), _subtitle(organization_name, on), rows, _totals(projects))


def annual_list_template(*, year: int, organization_name: str) -> bytes:
    """An empty list in the same layout, for a department to fill in and import."""
    title = f"{year}年以工代赈重点工程项目清单（申报表）"
    return _workbook(title, _subtitle(organization_name, timezone.localdate()), [], {})
