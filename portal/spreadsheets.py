"""Cells of the workbooks the portal writes, with user text kept as text.

openpyxl stores a str that begins with "=" as a formula: a project named
`=HYPERLINK("http://…","点此")` would become a live link in the office's export. A value that
begins with "+", "-", "@", a tab or a carriage return is also taken for a formula by Excel or
LibreOffice once the cell is edited or the sheet is saved as CSV ("CSV injection", OWASP).

So every str is written as a text cell (an inline string, never an `<f>` element), and one
that begins like a formula also carries the cell's quote prefix (what Excel records when a
user types a leading apostrophe), so that it stays text when edited. The cell shows exactly
the user's text, with nothing added. Numbers, dates and empty cells are written as they are:
a negative number is not user text.

Every workbook the portal's apps write builds its cells here (`cell` for write-only sheets,
`set_value` for a cell of an ordinary sheet).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def set_value(cell: Cell, value: Any) -> Cell:
    """Put `value` in `cell`; a str becomes a text cell, quote-prefixed when it begins like a
    formula. Set the cell's named style first: assigning a style resets the quote prefix."""
    cell.value = value
    if isinstance(value, str):
        # openpyxl guessed a formula ("=…") or an error code ("#N/A"); user text is text.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def cell(sheet: Worksheet, value: Any, style: str | None = None) -> Cell:
    """A cell of a write-only `sheet` holding `value` (see `set_value`), in the named `style`."""
    new = WriteOnlyCell(sheet)
    if style:
        new.style = style
    return set_value(new, value)
