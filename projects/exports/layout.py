"""The layout of the list as it is sent upward: its columns, styles, subtotal and total rows,
the line under the table, and the blank template's drop-down lists on a hidden sheet.

Every figure is a number computed here (no formula: a workbook read back, or opened by a
program that does not recalculate, shows the same sums), every cell written through
`portal.spreadsheets`, so that user text never becomes a formula."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from portal import spreadsheets

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INVESTMENT_GROUP = "投资（万元）"
SUBTOTAL, TOTAL = "小计", "合计"
FILLER, PHONE, FILLED_ON = "填报人：", "联系电话：", "填报日期："


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    group: str = ""
    number_format: str = ""
    summed: bool = False  # added up in the subtotal and total rows


COLUMNS = (
    Column("序号", 6),
    Column("项目编码", 16),
    Column("项目名称", 36),
    Column("项目类型", 14),
    Column("项目层级", 9),
    Column("建设领域", 12),
    Column("具体类别", 24),
    Column("建设任务和用工环节", 36),
    Column("行业主管部门", 16),
    Column("项目业主单位", 22),
    Column("所在乡镇（街道）", 20),
    Column("衔接配套重点工程项目编码", 18),
    Column("总投资", 12, INVESTMENT_GROUP, "#,##0.00", summed=True),
    Column("政府投资", 12, INVESTMENT_GROUP, "#,##0.00", summed=True),
    Column("其中以工代赈资金", 12, INVESTMENT_GROUP, "#,##0.00", summed=True),
    Column("计划开工日期", 12, number_format="yyyy-mm-dd"),
    Column("计划完工日期", 12, number_format="yyyy-mm-dd"),
    Column("就业岗位（个）", 10, number_format="#,##0", summed=True),
    Column("预计吸纳当地务工人数（人）", 12, number_format="#,##0", summed=True),
    Column("预计发放劳务报酬（万元）", 12, number_format="#,##0.00", summed=True),
    Column("备注", 24),
)
HEADERS = [column.header for column in COLUMNS]
POSITION = {column.header: index for index, column in enumerate(COLUMNS)}
# The columns the blank template offers a drop-down list for, with the hidden sheet's title of
# each list (the importer reads the first sheet only; the lists sit on a hidden second one).
LISTS_SHEET = "选项"
DROP_DOWNS = ("建设领域", "具体类别", "项目类型", "项目层级", "所在乡镇（街道）")
TEMPLATE_ROWS = 1000

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F7F7F7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


def _sums(rows: list[list]) -> dict[int, object]:
    """The sum of each summed column over `rows` (blank cells count as nothing)."""
    return {
        index: sum((row[index] for row in rows if row[index] is not None), 0)
        for index, column in enumerate(COLUMNS)
        if column.summed
    }


def _summary_row(label: str, text: str, rows: list[list], domain: str | None = None) -> list:
    values: list = [label, None, text] + [None] * (len(COLUMNS) - 3)
    if domain is not None:
        values[POSITION["建设领域"]] = domain
    for index, value in _sums(rows).items():
        values[index] = value
    return values


def with_subtotals(rows: list[list]) -> list[tuple[str, list]]:
    """The rows (sorted by domain) with a subtotal row after each domain's, as (style, row)."""
    domain_at = POSITION["建设领域"]
    out: list[tuple[str, list]] = []
    group: list[list] = []
    for index, row in enumerate(rows):
        group.append(row)
        last = index == len(rows) - 1
        if last or rows[index + 1][domain_at] != row[domain_at]:
            out.extend(("body", each) for each in group)
            text = f"{row[domain_at]}（{len(group)} 个项目）"
            out.append(("subtotal", _summary_row(SUBTOTAL, text, group, row[domain_at])))
            group = []
    return out


def _styles(workbook: Workbook) -> dict[str, str]:
    """Named styles, registered once: a write-only sheet cannot restyle cells afterwards,
    and a name per cell is cheap where a style object per cell is not."""
    title = NamedStyle(name="title", font=Font(name="宋体", size=16, bold=True), alignment=CENTER)
    subtitle = NamedStyle(name="subtitle", alignment=Alignment(horizontal="left"))
    header = NamedStyle(
        name="header", font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER
    )
    for style in (title, subtitle, header):
        workbook.add_named_style(style)
    names = {"title": "title", "subtitle": "subtitle", "header": "header"}
    for kind, font, fill in (
        ("body", Font(), None),
        ("subtotal", Font(bold=True), SUBTOTAL_FILL),
        ("total", Font(bold=True), None),
    ):
        for column in COLUMNS:
            name = f"{kind} {column.number_format or 'text'}"
            if name not in names:
                style = NamedStyle(name=name, font=font, border=BORDER, alignment=WRAP)
                if fill is not None:
                    style.fill = fill
                style.number_format = column.number_format or "General"
                workbook.add_named_style(style)
                names[name] = name
    return names


def _cell(sheet, value, style: str | None):
    # Through the portal's one cell writer: text from users never becomes a formula.
    return spreadsheets.cell(sheet, value, style)


def _setup(sheet) -> None:
    """Everything about the sheet is set before its first row is written."""
    last = get_column_letter(len(COLUMNS))
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


def signature_row(filler: str, phone: str, on: datetime.date | None) -> list:
    """The line under the table: who filled it in, a phone number and the date."""
    values: list = [None] * len(COLUMNS)
    values[0] = f"{FILLER}{filler}"
    values[POSITION["具体类别"]] = f"{PHONE}{phone}"
    values[POSITION["所在乡镇（街道）"]] = f"{FILLED_ON}{on:%Y年%m月%d日}" if on else FILLED_ON
    return values


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str
    rows: list[tuple[str, list]]  # (style kind, values): body, subtotal or total rows
    signature: list | None = None  # the line under the table


def write_workbook(content: Sheet, lists: dict[str, list[str]] | None = None) -> bytes:
    """The list in a write-only workbook (streamed: 20,000 rows stay fast and small); with
    `lists`, a hidden sheet of them and a drop-down on each of those columns."""
    workbook = Workbook(write_only=True)
    styles = _styles(workbook)
    sheet = workbook.create_sheet("项目清单")
    _setup(sheet)
    if lists:
        _add_drop_downs(workbook, sheet, lists)
    sheet.append([_cell(sheet, content.title, styles["title"])])
    sheet.append([_cell(sheet, content.subtitle, styles["subtitle"])])
    top = [column.group or column.header for column in COLUMNS]
    bottom = [column.header if column.group else None for column in COLUMNS]
    for values in (top, bottom):
        sheet.append([_cell(sheet, v, styles["header"]) for v in values])
    for kind, values in content.rows:
        sheet.append(
            [
                _cell(sheet, value, styles[f"{kind} {column.number_format or 'text'}"])
                for value, column in zip(values, COLUMNS, strict=True)
            ]
        )
    if content.signature:
        sheet.append([])
        sheet.append([_cell(sheet, value, None) for value in content.signature])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_drop_downs(workbook: Workbook, sheet, lists: dict[str, list[str]]) -> None:
    """Each list in a column of the hidden sheet (header in row 1), and a list validation on
    its column of the template's body rows."""
    hidden = workbook.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    names = list(lists)
    hidden.append([_cell(hidden, name, None) for name in names])
    for depth in range(max(len(values) for values in lists.values())):
        hidden.append(
            [
                _cell(hidden, lists[name][depth] if depth < len(lists[name]) else None, None)
                for name in names
            ]
        )
    for index, name in enumerate(names, start=1):
        source = get_column_letter(index)
        column = get_column_letter(POSITION[name] + 1)
        several = name == "所在乡镇（街道）"
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${source}$2:${source}${len(lists[name]) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            # Several townships are written with 、 between them: warn, do not refuse.
            errorStyle="warning" if several else "stop",
            errorTitle=name,
            error=(
                "不是本区的乡镇（街道）。涉及多个乡镇时，用顿号“、”分隔。"
                if several
                else f"请从下拉列表中选择{name}。"
            ),
        )
        validation.add(f"{column}5:{column}{TEMPLATE_ROWS + 4}")
        sheet.data_validations.append(validation)


def subtitle_row(organization_name: str, on: datetime.date) -> str:
    return f"填报单位：{organization_name}    数据日期：{on:%Y年%m月%d日}    金额单位：万元"


def total_row(rows: list[list]) -> tuple[str, list]:
    return ("total", _summary_row(TOTAL, f"共 {len(rows)} 个项目", rows))
