"""The one guarded reader of users' workbooks (portal.excel): hostile files are refused in
seconds with a plain message, and none of them can take down the process that reads them."""

import io
import threading
import time
import zipfile

import pytest
from django.test import Client
from openpyxl import Workbook

from portal import excel

SPACES = 1200 * 1024 * 1024  # the file: 1.2 GB of spaces in one cell, 1.2 MB zipped


def workbook_bytes(fill) -> bytes:
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def corner_file() -> bytes:
    """Two cells, A1 and XFD1048576: 5 KB that declare 17 billion cells."""

    def fill(sheet):
        sheet["A1"], sheet["XFD1048576"] = "x", "y"

    return workbook_bytes(fill)


@pytest.fixture(scope="module")
def spaces_file() -> bytes:
    """A sheet whose one cell holds 1.2 GB of spaces, deflated to about 1.2 MB."""
    plain = workbook_bytes(lambda sheet: sheet.append(["x"]))
    source = zipfile.ZipFile(io.BytesIO(plain))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
                continue
            with archive.open(info.filename, "w", force_zip64=True) as part:
                part.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                )
                chunk = b" " * (8 << 20)
                for _ in range(SPACES // len(chunk)):
                    part.write(chunk)
                part.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def refused(content: bytes) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(excel.ExcelRefused) as caught:
        excel.read_first_sheet(content)
    return caught.value.message, time.monotonic() - started


def test_a_plain_workbook_is_read_from_a1_with_its_dates():
    import datetime

    def fill(sheet):
        sheet["B2"], sheet["C3"], sheet["D3"] = "项目编码", datetime.date(2026, 3, 1), 12.5

    rows = excel.read_first_sheet(workbook_bytes(fill))
    assert rows[1][1] == "项目编码"
    assert str(rows[2][2]).startswith("2026-03-01")  # a date (or datetime) value
    assert rows[2][3] == 12.5
    assert rows[0] == [None, None, None, None]


def test_the_corner_file_is_refused_before_it_is_parsed(corner_file):
    assert len(corner_file) < 10_000
    message, seconds = refused(corner_file)
    assert "1,048,576 行，超过上限 200,000 行" in message
    assert seconds < 2


def test_the_corner_file_without_its_declared_size_dies_in_the_child(corner_file, settings):
    """Were the declared size missing or a lie, the parse would try to build the whole
    rectangle: the child process hits its memory cap, the caller gets a refusal."""
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_rows": 2_000_000, "max_columns": 20_000}
    message, seconds = refused(corner_file)
    assert "超出了资源限制" in message or "超过上限" in message
    assert seconds < 30


def test_the_spaces_file_is_refused_by_what_it_unpacks_to(spaces_file):
    assert len(spaces_file) < 3 * 1024 * 1024
    message, seconds = refused(spaces_file)
    assert "解压后超过 100 MB" in message
    assert seconds < 2


def test_the_spaces_file_past_the_container_check_dies_in_the_child(spaces_file, settings):
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_unpacked_bytes": 10**12}
    message, seconds = refused(spaces_file)
    assert "超出了资源限制" in message
    assert seconds < 30


def test_the_web_process_keeps_answering_while_a_hostile_file_is_read(spaces_file, settings, db):
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_unpacked_bytes": 10**12}
    outcome = {}

    def read():
        try:
            excel.read_first_sheet(spaces_file)
        except excel.ExcelRefused as error:
            outcome["refused"] = error.message

    reader = threading.Thread(target=read)
    reader.start()
    answers = []
    while reader.is_alive():
        answers.append(Client().get("/healthz").status_code)
        time.sleep(0.05)
    reader.join()
    assert "超出了资源限制" in outcome["refused"]
    assert answers
    assert set(answers) <= {200, 503}


def test_legacy_encrypted_and_macro_files_are_refused():
    ole2 = excel.OLE2_MAGIC + b"\x00" * 512  # .xls and password-protected .xlsx alike
    assert "旧版 Excel（.xls）文件或加了密码的文件" in refused(ole2)[0]
    plain = workbook_bytes(lambda sheet: sheet.append(["x"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in zipfile.ZipFile(io.BytesIO(plain)).infolist():
            archive.writestr(info, zipfile.ZipFile(io.BytesIO(plain)).read(info.filename))
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert "文件含有宏" in refused(buffer.getvalue())[0]
    assert "请上传 Excel 文件（.xlsx）" in refused(b"just text, not a workbook")[0]


def test_too_many_columns_or_too_large_a_file_are_refused(settings):
    wide = workbook_bytes(lambda sheet: sheet.append(list(range(150))))
    assert "150 列，超过上限 100 列" in refused(wide)[0]
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_bytes": 1000}
    assert "文件不能超过" in refused(wide)[0]
