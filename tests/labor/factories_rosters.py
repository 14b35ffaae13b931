"""Factories of the roster's tests: rosters as contractors keep them in Excel (title rows, a
merged two-row header, full-width digits, a 合计 row, blank rows), built with openpyxl; the
signed contract's scan; a finished upload — the objects the route walker names."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from labor.models import RosterImport
from portal.models import JobStatus
from portal.scope import Scope
from tests.labor.factories import contractor_editor, roster_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The header of a roster as contractors send it: a group cell over two date columns.
HEADER_TOP = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "户籍乡镇",
    "户籍村",
    "开户银行",
    "工资卡号",
    "工种",
    "人员类别",
    "用工环节",
    "劳动合同签订日期",
    "用工时间",
    None,
    "日工资（元）",
]
HEADER_SUB = [None] * 13 + ["进场日期", "退场日期", None]
COLUMNS = {name: position for position, name in enumerate(HEADER_TOP)} | {
    "进场日期": 13,
    "退场日期": 14,
    "日工资": 15,
}


def contract_scan(name: str = "合同.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def contractor_scope(home: dict) -> Scope:
    return Scope.for_user(contractor_editor(home))


def person_row(number: int, name: str, id_number, **cells) -> list:
    """One roster row: `cells` by header name (身份证号码 given as `id_number`)."""
    row = [None] * len(HEADER_TOP)
    row[0], row[1], row[3] = number, name, id_number
    for header, value in cells.items():
        row[COLUMNS[header]] = value
    return row


def roster_workbook(
    rows: list[list],
    *,
    title: str = "测试村组道路工程 农民工实名制用工名册",
    merged: bool = True,
    total: bool = True,
    blank_rows: bool = True,
) -> bytes:
    """A roster as a contractor keeps it: a title row and a unit line above a merged
    two-row header, blank rows between people, a 合计 row and the signatures below."""
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(["施工单位（盖章）：测试建设有限公司", None, None, None, "填表日期：2026年3月"])
    if merged:
        sheet.append(HEADER_TOP)
        sheet.append(HEADER_SUB)
        sheet.merge_cells("N3:O3")
        for column in "ABCDEFGHIJKLM":
            sheet.merge_cells(f"{column}3:{column}4")
    else:
        header = list(HEADER_TOP)
        header[13], header[14] = "进场日期", "退场日期"
        sheet.append(header)
    for index, row in enumerate(rows):
        sheet.append(row)
        if blank_rows and index == 0:
            sheet.append([None] * len(HEADER_TOP))
    if total:
        sheet.append(["合计", f"{len(rows)}人"])
    sheet.append(["制表人：王会计", None, None, "审核人：李经理"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain_workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scanned_engagement(home: dict):
    """`roster_world`'s engagement with its contract signed and scanned (cached)."""
    engagement = roster_world(home)["engagement"]
    if not engagement.contract_scan:
        engagement.contract_signed_on = datetime.date(timezone.localdate().year, 1, 1)
        engagement.contract_scan.save("contract.pdf", ContentFile(PDF), save=False)
        engagement.save(update_fields=["contract_signed_on", "contract_scan"])
    return engagement


def roster_import_job(home: dict) -> RosterImport:
    """The home contractor's finished upload of the roster world's project (cached)."""
    if "roster_import_job" not in home:
        world = roster_world(home)
        home["roster_import_job"] = RosterImport.objects.create(
            organization=home["contractor"],
            user=contractor_editor(home),
            project=world["project"],
            entry_date=timezone.localdate(),
            file=ContentFile(roster_workbook([]), name="roster.xlsx"),
            filename="名册.xlsx",
            status=JobStatus.DONE,
            summary="新登记务工人员 0 人",
        )
    return home["roster_import_job"]
