"""User text never becomes a formula in the workbooks the portal writes (portal/spreadsheets.py,
used by every writer of projects/exports.py): the project export, the annual-list export and
the blank template. Read back with openpyxl, and in the sheet's XML."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from portal import spreadsheets
from portal.models import Role
from portal.scope import Scope
from projects import exports, selectors
from tests.portal.factories import member
from tests.projects.factories import AnnualListEntryFactory

HYPERLINK = '=HYPERLINK("http://example.com/steal","点此")'
DANGEROUS = [HYPERLINK, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def cells(content: bytes) -> dict:
    """Every non-empty cell of the first sheet, by its value."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}


def assert_text(found: dict, value: str) -> None:
    cell = found[value]  # shown exactly as the user wrote it
    assert cell.data_type == "s", (value, cell.data_type)
    assert cell.quotePrefix, value  # and stays text when the cell is edited


@pytest.fixture
def tricky(home):
    """A listed project whose every text field begins like a formula, its investments a
    negative number (not user text) and numbers."""
    entry = AnnualListEntryFactory(
        project__region=home["district"],
        project__code="+P-1",
        project__name=HYPERLINK,
        project__owner__name="@城投公司",
        project__department__name="-交通局",
        project__work_relief_funds=Decimal("-1.50"),
        annual_list__region=home["district"],
        added_reason="\t=1+1",
    )
    return entry


def test_the_project_export_writes_user_text_as_text(home, tricky):
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    built = exports.build_projects_export(scope, {}, lambda *args: None)

    assert not re.search(r"<f[ >]", sheet_xml(built.content))
    found = cells(built.content)
    for value in (HYPERLINK, "+P-1", "@城投公司", "-交通局"):
        assert_text(found, value)
    numbers = [c for c in found.values() if c.value == -1.5]
    assert numbers, "the negative investment is written"
    assert all(c.data_type == "n" for c in numbers)
    dates = [c for c in found.values() if isinstance(c.value, datetime.datetime)]
    assert dates
    assert all(c.data_type == "d" for c in dates)


def test_the_annual_list_export_writes_user_text_as_text(home, tricky):
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    today = timezone.localdate()
    entries = selectors.annual_list_entries(scope=scope, annual_list=tricky.annual_list, on=today)
    content = exports.annual_list_workbook(
        tricky.annual_list, entries, scope=scope, on=today, phone="+86 23 1234 5678"
    )

    assert not re.search(r"<f[ >]", sheet_xml(content))
    found = cells(content)
    for value in (HYPERLINK, "+P-1", "@城投公司", "-交通局", "\t=1+1"):
        assert_text(found, value)
    assert "联系电话：+86 23 1234 5678" in found


def test_the_template_has_no_formula_and_plain_text_gets_no_prefix(home):
    home["office"].name = "=测试局"
    home["office"].save()
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    content = exports.annual_list_template(year=2026, scope=scope)
    assert not re.search(r"<f[ >]", sheet_xml(content))
    found = cells(content)
    assert found["项目名称"].data_type == "s"
    assert not found["项目名称"].quotePrefix


@pytest.mark.parametrize("value", DANGEROUS)
def test_the_cell_writer_keeps_formula_like_text_as_text(value):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append([spreadsheets.cell(sheet, value), spreadsheets.cell(sheet, Decimal("-5"))])
    buffer = io.BytesIO()
    book.save(buffer)

    assert not re.search(r"<f[ >]", sheet_xml(buffer.getvalue()))
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    # XML reads a carriage return back as a line feed: a line break either way.
    shown = value.replace("\r", "\n")
    assert (row[0].value, row[0].data_type, row[0].quotePrefix) == (shown, "s", True)
    assert (row[1].value, row[1].data_type) == (-5, "n")
