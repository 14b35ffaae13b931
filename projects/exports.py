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

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from portal.exports import Built
from projects.models import Project, ProjectForecast

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


def with_export_relations(projects: QuerySet[Project], year: int) -> QuerySet[Project]:
    """The related rows the workbook needs, fetched in a fixed number of queries."""
    return projects.select_related("domain", "category", "department", "owner").prefetch_related(
        "townships",
        Prefetch(
            "forecasts", queryset=ProjectForecast.objects.filter(year=year), to_attr="year_forecast"
        ),
    )


def _row(number: int, project: Project, note: str) -> list:
    forecast = project.year_forecast[0] if project.year_forecast else None
    return [
        number,
        project.code,
        project.name,
        project.get_level_display(),
        project.domain.name,
        project.category.name,
        project.department.name,
        project.owner.name,
        "、".join(t.name for t in sorted(project.townships.all(), key=lambda t: t.code)),
        project.total_investment,
        project.government_investment,
        project.work_relief_funds,
        project.planned_start,
        project.planned_end,
        forecast.local_workers if forecast else None,
        forecast.remuneration if forecast else None,
        note,
    ]


def _workbook(
    title: str, subtitle: str, rows: list[list], totals: dict[str, Decimal | None]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目清单"
    width = len(COLUMNS)
    last = get_column_letter(width)

    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 30
    sheet.append([subtitle])
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].alignment = Alignment(horizontal="left")

    # Two header rows: grouped columns share a merged group cell above their own headers.
    top = [column.group or column.header for column in COLUMNS]
    bottom = [column.header if column.group else None for column in COLUMNS]
    sheet.append(top)
    sheet.append(bottom)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if not column.group:
            sheet.merge_cells(f"{letter}3:{letter}4")
        sheet.column_dimensions[letter].width = column.width
    group_columns = [i for i, c in enumerate(COLUMNS, start=1) if c.group == INVESTMENT_GROUP]
    sheet.merge_cells(
        f"{get_column_letter(group_columns[0])}3:{get_column_letter(group_columns[-1])}3"
    )
    for row in sheet.iter_rows(min_row=3, max_row=4, max_col=width):
        for cell in row:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
            cell.border = BORDER

    for values in rows:
        sheet.append(values)
    total_row = ["合计", None, f"共 {len(rows)} 个项目"] + [None] * (width - 3)
    for index, column in enumerate(COLUMNS):
        if column.header in SUMMED:
            total_row[index] = totals.get(column.header)
    sheet.append(total_row)

    # One named style per number format: assigning a name is cheap, building a style per
    # cell is not (20,000 rows would take seconds).
    styles = {}
    for column in COLUMNS:
        name = f"body {column.number_format or 'text'}"
        if name not in styles:
            style = NamedStyle(name=name, border=BORDER, alignment=WRAP)
            style.number_format = column.number_format or "General"
            workbook.add_named_style(style)
            styles[name] = name
        column_style = name
        for (cell,) in sheet.iter_rows(
            min_row=5,
            max_row=sheet.max_row,
            min_col=COLUMNS.index(column) + 1,
            max_col=COLUMNS.index(column) + 1,
        ):
            cell.style = column_style
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)

    sheet.freeze_panes = "D5"
    sheet.print_title_rows = "3:4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _totals(projects: QuerySet[Project]) -> dict[str, Decimal | None]:
    sums = projects.order_by().aggregate(
        total=Sum("total_investment"),
        government=Sum("government_investment"),
        relief=Sum("work_relief_funds"),
    )
    return {
        "总投资": sums["total"],
        "政府投资": sums["government"],
        "其中以工代赈资金": sums["relief"],
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
    its number of project rows. `progress(done, total)` follows the rows."""
    today = timezone.localdate()
    year = year or today.year
    total = projects.count()
    rows = []
    for number, project in enumerate(
        with_export_relations(projects, year).iterator(chunk_size=2000), start=1
    ):
        rows.append(_row(number, project, project.get_status_display()))
        if progress and number % 500 == 0:
            progress(number, total)
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
    projects = Project.objects.filter(pk__in=entries.values("project"))
    notes = {entry.project_id: entry.added_reason for entry in entries}
    rows = [
        _row(number, project, notes.get(project.pk, ""))
        for number, project in enumerate(
            with_export_relations(projects, annual_list.year).order_by("code"), start=1
        )
    ]
    return _workbook(str(annual_list), _subtitle(organization_name, on), rows, _totals(projects))


def annual_list_template(*, year: int, organization_name: str) -> bytes:
    """An empty list in the same layout, for a department to fill in and import."""
    title = f"{year}年以工代赈重点工程项目清单（申报表）"
    return _workbook(title, _subtitle(organization_name, timezone.localdate()), [], {})
