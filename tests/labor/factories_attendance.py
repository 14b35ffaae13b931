"""Attendance for tests: `attendance_world` (roster_world's project with a second worker and a
recorded month), the monthly grid workbooks as contractors keep them, and uploads."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from labor import services
from labor.models import AttendanceImport, Mark
from portal.models import Role
from portal.scope import Scope
from tests.labor.factories import id_number, labor_world, register, roster_world
from tests.portal.factories import member

# A month of 30 days, within roster_world's engagements (entered 1 January this year).
MONTH = datetime.date(datetime.datetime.now(datetime.UTC).year, 4, 1)


def attendance_world(home: dict) -> dict:
    """Cached on `home`: roster_world's project and worker (李四, entered 1 January), a second
    worker on the roster from the 10th of MONTH (王五), and 李四's MONTH recorded."""
    if "attendance_world" in home:
        return home["attendance_world"]
    world = roster_world(home)
    scope = Scope.for_user(world["editor"])
    labor_world(home)
    office_scope = Scope.for_user(member(home["office"], Role.EDITOR))
    wang_number = id_number(datetime.date(1985, 5, 5))
    wang = register(  # registered by the office: not a member of the labour organisation
        office_scope, name="王五", id_number=wang_number, household_township=home["townships"][0]
    )
    services.engagement_add(
        scope=scope,
        project=world["project"],
        contractor=home["contractor"],
        worker=wang,
        entry_date=MONTH.replace(day=10),
        stage=world["stage"],
    )
    marks = Mark.FULL * 20 + Mark.HALF + Mark.REST * 9
    services.attendance_month_save(
        scope=scope,
        project=world["project"],
        contractor=home["contractor"],
        month=MONTH,
        grid={world["worker"].pk: marks},
    )
    home["attendance_world"] = {
        **world,
        "scope": scope,
        "month": MONTH,
        "li": world["worker"],
        "li_number": world["worker"].id_number,
        "wang": wang,
        "wang_number": wang_number,
    }
    return home["attendance_world"]


def attendance_import_for(home: dict, organization) -> AttendanceImport:
    """A finished upload of `organization` (cached per organisation), for the status page."""
    key = f"attendance_import_{organization.pk}"
    if key not in home:
        world = attendance_world(home)
        home[key] = AttendanceImport.objects.create(
            organization=organization,
            project=world["project"],
            month=world["month"],
            file=SimpleUploadedFile("考勤.xlsx", b"PK"),
            filename="考勤.xlsx",
            status="done",
            summary="新增 1 人的月考勤。",
        )
    return home[key]


def grid_workbook(
    rows: list[list],
    *,
    days: int = 31,
    day_label: str = "{}",
    title: str | None = "2026年4月务工人员考勤表",
    merged: bool = False,
    total: str | None = "出勤天数",
    trailer: list[list] | None = None,
) -> bytes:
    """A monthly grid: an optional title row, then 序号/姓名/身份证号 and a column a day
    (or, `merged`, a group header “出勤情况” over a second row of days), then `rows` (each
    序号-less: [name, id, marks…, total?]) and `trailer` rows (a 合计 row, notes)."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    day_names = [day_label.format(day) for day in range(1, days + 1)]
    tail = [total] if total else []
    if merged:
        sheet.append(["序号", "姓名", "身份证号", "出勤情况", *[None] * (days - 1), *tail])
        sheet.append([None, None, None, *day_names, *[None] * len(tail)])
        start = sheet.max_row - 1
        sheet.merge_cells(start_row=start, start_column=4, end_row=start, end_column=3 + days)
        for column in (1, 2, 3):
            sheet.merge_cells(
                start_row=start, start_column=column, end_row=start + 1, end_column=column
            )
    else:
        sheet.append(["序号", "姓名", "身份证号", *day_names, *tail])
    number = 0
    for row in rows:
        if any(cell not in (None, "") for cell in row):
            number += 1
            sheet.append([number, *row])
        else:
            sheet.append(row)
    for row in trailer or []:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grid_row(name: str, number: str, marks: list, *, days: int = 31, total=None) -> list:
    """[name, number, the marks padded with blanks to `days`, total?]."""
    cells = list(marks) + [None] * (days - len(marks))
    return [name, number, *cells] + ([total] if total is not None else [])


def grid_upload(content: bytes, name: str = "考勤.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
