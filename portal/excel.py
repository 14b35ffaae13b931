"""The one guarded reader of the Excel files users upload (annual lists today; rosters,
attendance and wage ledgers next). Every reader of a user's workbook goes through
`read_first_sheet`.

A workbook is a zip of XML parts, and a small file can declare a sheet of 17 billion cells or
unpack to gigabytes. So, before anything is parsed, the container is checked: its size, that
it is an .xlsx (not a legacy .xls, not encrypted, without macros), how much its parts unpack
to, and the size its sheets declare. Then it is parsed in a child process whose memory and CPU
time the kernel caps, with a wall-clock timeout: a file built to exhaust either kills that
child alone, never the web process or the worker, and the user is told plainly why the file
was refused. The limits are settings (`EXCEL_LIMITS`).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings

CHILD = Path(__file__).with_name("excel_reader_child.py")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
MAX_PARTS = 2000


class ExcelRefused(Exception):
    """The file was refused before or while it was read; `message` tells the user why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _limits() -> dict:
    return settings.EXCEL_LIMITS


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_container(content: bytes) -> None:
    """Refuse, without parsing the sheets, a workbook that is too large, of the wrong kind, or
    that declares more rows or columns or unpacks to more than the limits allow."""
    limits = _limits()
    if len(content) > limits["max_bytes"]:
        raise ExcelRefused(f"文件不能超过 {_megabytes(limits['max_bytes'])}。")
    if content.startswith(OLE2_MAGIC):
        raise ExcelRefused(
            "这是旧版 Excel（.xls）文件或加了密码的文件，无法读取："
            "请去掉密码保护，用 Excel 另存为 .xlsx 格式后重新上传。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExcelRefused("文件无法读取：请上传 Excel 文件（.xlsx）。") from None
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS or "[Content_Types].xml" not in names:
        raise ExcelRefused("文件无法读取：请上传 Excel 文件（.xlsx）。")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ExcelRefused("文件含有宏，不予读取：请用 Excel 另存为不含宏的 .xlsx 格式后重新上传。")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits["max_unpacked_bytes"]:
        raise ExcelRefused(
            f"文件解压后超过 {_megabytes(limits['max_unpacked_bytes'])}，不予读取："
            "请删除多余的工作表、图片或空白区域后重新上传。"
        )
    for part in parts:
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            _check_dimension(archive, part, limits)


def _check_dimension(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: dict) -> None:
    """The sheet's declared used range (`<dimension ref="A1:XFD1048576"/>`), read from the
    first bytes of its XML only."""
    try:
        with archive.open(part) as stream:
            head = stream.read(64 * 1024)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise ExcelRefused("文件已损坏，无法读取：请用 Excel 重新保存后上传。") from None
    match = DIMENSION.search(head)
    if match is None:
        return  # no declared range: the child's limits still hold
    last_column, last_row = match[3] or match[1], match[4] or match[2]
    _check_size(int(last_row), _column_number(last_column), limits)


def _check_size(rows: int, columns: int, limits: dict) -> None:
    if rows > limits["max_rows"]:
        raise ExcelRefused(
            f"工作表有 {rows:,} 行，超过上限 {limits['max_rows']:,} 行："
            "请删除多余的行（包括空白行的格式）或分成几个文件上传。"
        )
    if columns > limits["max_columns"]:
        raise ExcelRefused(
            f"工作表有 {columns:,} 列，超过上限 {limits['max_columns']:,} 列：请删除多余的列后重新上传。"
        )


def _decode(value):
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return datetime.date.fromisoformat(value["date"])
        if "time" in value:
            return datetime.time.fromisoformat(value["time"])
        if "seconds" in value:
            return datetime.timedelta(seconds=value["seconds"])
    return value


def read_first_sheet(content: bytes) -> list[list]:
    """The cells of the workbook's first sheet, row by row from A1 (None for an empty cell,
    dates as `datetime`), or ExcelRefused with a message for the user."""
    check_container(content)
    limits = _limits()
    child_limits = {
        "memory_bytes": limits["parse_memory_bytes"],
        "cpu_seconds": limits["parse_seconds"],
        "max_rows": limits["max_rows"],
        "max_columns": limits["max_columns"],
        "max_output_bytes": limits["max_unpacked_bytes"],
    }
    try:
        finished = subprocess.run(  # noqa: S603 - our own script, our own interpreter
            [sys.executable, "-I", str(CHILD), json.dumps(child_limits)],
            input=content,
            capture_output=True,
            timeout=limits["parse_seconds"] + 5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExcelRefused("文件读取超时，不予读取：请检查文件内容后重新上传。") from None
    if finished.returncode != 0:
        raise ExcelRefused(
            "文件过大或结构异常，读取时超出了资源限制，不予读取："
            "请删除多余的工作表、空白区域或超长的单元格内容后重新上传。"
        )
    answer = json.loads(finished.stdout)
    if "refused" in answer:
        if answer["refused"] == "rows":
            _check_size(answer["found"], 0, limits)
        if answer["refused"] == "columns":
            _check_size(0, answer["found"], limits)
        if answer["refused"] == "cell":
            raise ExcelRefused("有单元格的内容超过 32,767 个字符（Excel 的上限），不予读取。")
        if answer["refused"] == "unpacked":
            raise ExcelRefused(
                f"表格内容超过 {_megabytes(limits['max_unpacked_bytes'])}，不予读取："
                "请分成几个文件上传。"
            )
        raise ExcelRefused("文件无法读取：请上传 Excel 文件（.xlsx）。")
    return [[_decode(value) for value in row] for row in answer["rows"]]
