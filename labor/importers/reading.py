"""Reading a labour sheet as people make them: title rows above the header, a merged two-row
header, full-width digits, blank rows and a 合计 row; every error names its Excel row and the
column's header as the file spells it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def header_key(text) -> str:
    """A header cell without spaces, line breaks, a trailing unit or an asterisk."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[（(](元|元/天|元/日|天|人|小时|年月日|公里|km)[)）]$", "", text)
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
    texts = [header_key(cell) for cell in cells if cell not in (None, "")]
    if not texts:
        return True
    return any(text.startswith(marker) for text in texts[:3] for marker in SKIP_MARKERS)


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
