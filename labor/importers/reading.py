"""Reading a labour sheet as people make them: title rows above the header, a merged two-row
header, full-width digits, blank rows and a 合计 row; every error names its Excel row and the
column's header as the file spells it."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from portal import excel
from portal.jobs import JobRejected

HEADER_SEARCH_ROWS = 15
SKIP_MARKERS = (
    "合计",
    "总计",
    "小计",
    "填表说明",
    "说明：",
    "注：",
    "注:",
    "制表人",
    "填报人",
    "审核人",
)


class LaborImportRejected(JobRejected):
    """The file was not imported; `errors` says why, row by row (nothing was written)."""


SPACES = re.compile(r"\s+")
UNIT = re.compile(r"[（(](元|元/天|元/日|天|人|小时|年月日|公里|km)[)）]$")


def header_key(text) -> str:
    """A header cell without spaces, line breaks, a trailing unit or an asterisk."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = SPACES.sub("", text)
    text = UNIT.sub("", text)
    return text.rstrip("*")


def match_column(text, aliases: dict[str, tuple[str, ...]]) -> str | None:
    key = header_key(text)
    for name, names in aliases.items():
        if key in names:
            return name
    return None


@dataclass
class Table:
    """The first sheet as read: the column of each field found in the header, the header's
    own spelling of each column (for the messages), and the rows under it as (Excel row
    number, cells), blank rows and totals rows left out."""

    columns: dict[str, int]
    labels: dict[str, str]
    header_row: int
    rows: list[tuple[int, list]]

    def value(self, cells: list, name: str):
        position = self.columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def where(self, row: int, name: str) -> str:
        """ "第12行“身份证号”列（C列）"."""
        position = self.columns.get(name)
        if position is None:
            return f"第{row}行"
        return f"第{row}行“{self.labels[name]}”列（{get_column_letter(position + 1)}列）"


def _header_columns(row: list, aliases) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for position, cell in enumerate(row):
        if (name := match_column(cell, aliases)) and name not in columns:
            columns[name] = position
            labels[name] = header_key(cell)
    return columns, labels


def is_blank_or_total(cells: list) -> bool:
    """A row with nothing in it, or whose first filled cells say it is a total or a note."""
    filled = [cell for cell in cells if cell not in (None, "")][:3]
    if not filled:
        return True
    # A number or a date cell never starts with a marker: only text is normalised.
    texts = [header_key(cell) for cell in filled if isinstance(cell, str)]
    return any(text.startswith(SKIP_MARKERS) for text in texts)


def read_table(
    content: bytes,
    aliases: dict[str, tuple[str, ...]],
    *,
    required: tuple[str, ...] = (),
    min_names: int = 2,
    what: str = "“姓名”“身份证号”",
) -> Table:
    """Read the first sheet through the guarded reader and find its header: of the first 15
    rows, the one naming the most known columns (at least `min_names`); a merged group
    header puts names on the next row too. Refuses, in Chinese, a file the reader refuses,
    a sheet without a header and a header without a required column."""
    try:
        sheet = excel.read_first_sheet(content)
    except excel.ExcelRefused as refused:
        raise LaborImportRejected([refused.message]) from None
    if not any(any(cell not in (None, "") for cell in row) for row in sheet):
        raise LaborImportRejected(["文件是空的：第一个工作表中没有任何内容。"])
    found = [
        (len(_header_columns(row, aliases)[0]), -index)
        for index, row in enumerate(sheet[:HEADER_SEARCH_ROWS])
    ]
    if max(found)[0] < min_names:
        raise LaborImportRejected([f"没有找到表头：前 {HEADER_SEARCH_ROWS} 行中应有{what}等列名。"])
    index = -max(found)[1]
    columns, labels = _header_columns(sheet[index], aliases)
    start = index + 1
    if start < len(sheet):
        below, below_labels = _header_columns(sheet[start], aliases)
        fresh = {name: col for name, col in below.items() if name not in columns}
        if fresh:
            columns.update(fresh)
            labels.update({name: below_labels[name] for name in fresh})
            start = index + 2
    missing = [aliases[name][0] for name in required if name not in columns]
    if missing:
        raise LaborImportRejected([f"第{index + 1}行的表头缺少必填列：{'、'.join(missing)}。"])
    rows = [
        (number + 1, row)
        for number, row in enumerate(sheet[start:], start=start)
        if not is_blank_or_total(row)
    ]
    return Table(columns, labels, index + 1, rows)


def cell_text(value) -> str:
    """A cell as text: full-width digits and letters made half-width, spaces trimmed, an
    integer-valued number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def cell_date(value) -> datetime.date | None:
    """A date cell as people fill it in: a real date, "2026-03-01", "2026/3/1", "2026.3.1",
    "2026年3月1日" (full-width digits too), or the serial number of a date cell formatted as a
    number; None when blank. ValueError with a Chinese message when it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # 1954 to 2119: a date Excel shows as a number
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(f"“{cell_text(value)}”不是日期，请写成 2026-03-01 的格式")
    text = cell_text(value)
    if not text:
        return None
    match = DATE_TEXT.fullmatch(text)
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"“{text}”不是存在的日期") from None
    raise ValueError(f"“{text}”不是日期，请写成 2026-03-01 的格式")


def cell_decimal(value, places: int = 2) -> Decimal | None:
    """A number cell as people fill it in (full-width digits, thousands separators, a unit
    "元" after it), rounded to `places`; None when blank; ValueError in Chinese otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是数字")
    if isinstance(value, int | float):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = cell_text(value).replace(",", "").replace("元", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{cell_text(value)}”不是数字") from None
    if not number.is_finite():
        raise ValueError(f"“{cell_text(value)}”不是数字")
    return number.quantize(Decimal(1).scaleb(-places))
