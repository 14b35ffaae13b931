"""The monthly grid upload: layouts people make (title rows, "1日" headers, merged two-row
headers, a totals column, 合计 and blank rows), every bad input refused with its row and
column and nothing written, and the same file twice changing nothing."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from labor.importers.attendance import attendance_import
from labor.importers.reading import LaborImportRejected
from labor.models import Attendance, Mark
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import id_number, register
from tests.labor.factories_attendance import (
    MONTH,
    attendance_world,
    grid_row,
    grid_workbook,
)
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db

P, H, R, A, N = Mark.FULL, Mark.HALF, Mark.REST, Mark.ABSENT, Mark.NONE
MONTH_TEXT = f"{MONTH:%Y年%m月}"


def run(world, content, **kwargs):
    return attendance_import(
        scope=world["scope"],
        project=world["project"],
        contractor=world["scope"].organization,
        month=kwargs.pop("month", MONTH),
        content=content,
        filename="考勤.xlsx",
        **kwargs,
    )


def refused(world, content, **kwargs) -> list[str]:
    rows, audits = Attendance.objects.count(), AuditEntry.objects.count()
    marks = list(Attendance.objects.order_by("pk").values_list("marks", flat=True))
    with pytest.raises(LaborImportRejected) as rejected:
        run(world, content, **kwargs)
    assert Attendance.objects.count() == rows  # nothing from the file is saved
    assert list(Attendance.objects.order_by("pk").values_list("marks", flat=True)) == marks
    assert AuditEntry.objects.count() == audits
    return rejected.value.errors


def two_workers(world, *, li=None, wang=None, **kwargs):
    li = li if li is not None else ["√"] * 20 + ["半"] + ["休"] * 9
    wang = wang if wang is not None else [None] * 9 + ["1", "0.5", "×", "0", "✓"]
    return [
        grid_row("李四", world["li_number"], li, **kwargs),
        grid_row("王五", world["wang_number"], wang, **kwargs),
    ]


def test_a_grid_with_title_totals_and_trailer_rows_is_imported(home):
    world = attendance_world(home)
    rows = [
        grid_row("李四", world["li_number"], ["√"] * 30, total=30),
        [None] * 34,  # a blank row
        grid_row(
            " 王五 ",
            " "
            + world["wang_number"].translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            [None] * 9 + [1, 0.5, "×", "0", "✓", "休", "半"],
            total=3,
        ),
    ]
    content = grid_workbook(
        rows, day_label="{}日", trailer=[["合计", None, None, *[None] * 31, 34], ["制表人：张工"]]
    )
    result = run(world, content)
    assert (result.saved.created, result.saved.updated) == (1, 1)
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks == P * 30
    wang = Attendance.objects.get(worker=world["wang"], month=MONTH)
    assert wang.marks == N * 9 + P + H + A + A + P + R + H + N * 14
    assert wang.days == 3
    assert result.saved.flags == []


def test_a_merged_two_row_header_is_read(home):
    world = attendance_world(home)
    content = grid_workbook(two_workers(world), merged=True, day_label="{}号", total=None)
    run(world, content)
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).marks.startswith(
        N * 9 + P + H + A + A + P
    )


def test_the_same_file_twice_changes_nothing(home):
    world = attendance_world(home)
    content = grid_workbook(two_workers(world))
    first = run(world, content)
    assert (first.saved.created, first.saved.updated, first.saved.unchanged) == (1, 0, 1)
    rows = list(Attendance.objects.order_by("pk").values_list("pk", "marks", "updated_at"))
    audits = AuditEntry.objects.count()
    again = run(world, content)
    assert (again.saved.created, again.saved.updated, again.saved.unchanged) == (0, 0, 2)
    assert list(Attendance.objects.order_by("pk").values_list("pk", "marks", "updated_at")) == rows
    assert AuditEntry.objects.count() == audits


def test_an_unknown_mark_names_its_row_and_column(home):
    world = attendance_world(home)
    content = grid_workbook(two_workers(world, li=["√", "√", "√", "√", "?"]))
    assert refused(world, content) == [
        "第3行“5”列（H列）：无法识别的考勤标记“?”。"
        "可填：√ 或 1（出勤）、0.5 或 半（半天）、休（休息）、× 或 0（缺勤），未出勤留空。"
    ]


def test_day_31_in_a_30_day_month_is_refused(home):
    world = attendance_world(home)
    content = grid_workbook(two_workers(world, li=["√"] * 31))
    assert refused(world, content) == [
        f"第3行“31”列（AH列）：{MONTH_TEXT}只有30天，没有31日，该列不应有考勤标记。"
    ]


def test_a_worker_not_on_the_roster_is_refused(home, office_scope):
    world = attendance_world(home)
    stranger_number = id_number(datetime.date(1980, 3, 3))
    register(office_scope, name="赵六", id_number=stranger_number)
    never_registered = id_number(datetime.date(1981, 4, 4))
    rows = [
        *two_workers(world),
        grid_row("赵六", stranger_number, ["√"]),
        grid_row("钱七", never_registered, ["√"]),
    ]
    contractor = home["contractor"]
    masked = [f"{n[:4]}**********{n[-4:]}" for n in (stranger_number, never_registered)]
    assert refused(world, grid_workbook(rows)) == [
        f"第5行“身份证号”列（C列）：赵六（{masked[0]}）不在{contractor}{MONTH_TEXT}"
        "在本项目的用工名册上：请先在用工名册中登记，再导入考勤。",
        f"第6行“身份证号”列（C列）：钱七（{masked[1]}）不在{contractor}{MONTH_TEXT}"
        "在本项目的用工名册上：请先在用工名册中登记，再导入考勤。",
    ]


def test_bad_id_numbers_are_refused_with_their_row(home):
    world = attendance_world(home)
    good = world["li_number"]
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        grid_row("李四", bad_check, ["√"]),
        grid_row("王五", "140214850505123", ["√"]),
        grid_row("孙八", 1.40214198505e17, ["√"]),
        grid_row("周九", None, ["√"]),
    ]
    errors = refused(world, grid_workbook(rows))
    assert len(errors) == 4
    assert errors[0] == (
        "第3行“身份证号”列（C列）：身份证号的校验位不对：很可能有一位抄错或两位颠倒，"
        "请对照身份证逐位核对。"
    )
    assert errors[1] == (
        "第4行“身份证号”列（C列）：这是15位的旧身份证号，已停止使用。请填写本人现在的18位身份证号。"
    )
    assert errors[2].startswith("第5行“身份证号”列（C列）：身份证号被 Excel 存成了数字")
    assert "被 Excel 存成了数字" in errors[2]
    assert errors[3] == "第6行“身份证号”列（C列）：请填写身份证号。"


def test_the_same_person_twice_and_a_wrong_name_are_refused(home):
    world = attendance_world(home)
    rows = [
        grid_row("李四", world["li_number"], ["√"]),
        grid_row("李四", world["li_number"], ["√"]),
        grid_row("王二", world["wang_number"], ["√"]),
    ]
    li_masked = world["li"].masked_id_number
    wang_masked = world["wang"].masked_id_number
    assert refused(world, grid_workbook(rows)) == [
        f"第4行“身份证号”列（C列）：李四（{li_masked}）在第3行已经出现，同一人每月只能有一行考勤。",
        f"第5行“姓名”列（B列）：姓名“王二”与身份证号{wang_masked}登记的姓名“王五”不符，请核对。",
    ]


def test_a_total_that_does_not_match_the_marks_is_refused(home):
    world = attendance_world(home)
    rows = [grid_row("李四", world["li_number"], ["√"] * 3 + ["半"], total=4)]
    assert refused(world, grid_workbook(rows)) == [
        "第3行“出勤天数”列（AI列）：填写的 4 天与逐日标记合计的 3.5 天不符，请核对。"
    ]


def test_files_that_are_not_grids_are_refused(home):
    world = attendance_world(home)
    assert refused(world, b"not a workbook at all") == [
        "文件无法读取：请上传 Excel 文件（.xlsx）。"
    ]
    assert refused(world, b"") == ["文件无法读取：请上传 Excel 文件（.xlsx）。"]
    empty = io.BytesIO()
    Workbook().save(empty)
    assert refused(world, empty.getvalue()) == ["文件是空的：第一个工作表中没有任何内容。"]
    no_header = grid_workbook([["a", "b"]], title="考勤", days=0, total=None)
    no_header = _replace_header(no_header)
    assert refused(world, no_header) == [
        "没有找到表头：前 15 行中应有“姓名”“身份证号”和日期（1、2……31）等列名。"
    ]
    no_days = grid_workbook([["李四", world["li_number"]]], days=0, total=None)
    assert refused(world, no_days) == [
        "第2行的表头中没有日期列：应有 1、2……31（或“1日”“1号”）等列名。"
    ]
    assert refused(world, grid_workbook([], total=None)) == ["表中没有务工人员的考勤行。"]


def _replace_header(content: bytes) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for cell in sheet[2]:
        cell.value = "列" if cell.value else None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_file_over_the_readers_limits_is_refused(home, settings):
    world = attendance_world(home)
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_rows": 3}
    content = grid_workbook(two_workers(world) * 2)
    errors = refused(world, content)
    assert len(errors) == 1
    assert "超过上限 3 行" in errors[0]


def test_only_a_party_contractor_imports(home):
    world = attendance_world(home)
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    with pytest.raises(LaborImportRejected) as rejected:
        attendance_import(
            scope=Scope.for_user(member(other, Role.EDITOR)),
            project=world["project"],
            contractor=other,
            month=MONTH,
            content=grid_workbook(two_workers(world)),
        )
    assert rejected.value.errors == ["只有参建该项目的施工单位可以导入其用工名册人员的考勤。"]


def test_a_day_still_to_come_is_named_by_its_row_and_column(home):
    world = attendance_world(home)
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    content = grid_workbook([grid_row("李四", world["li_number"], ["√"])])
    errors = refused(world, content, month=month)
    assert any(
        error.endswith(f"{month:%Y年%m月}1日还没有到，考勤只能记录已经过去的日子。")
        and "“1”列" in error
        for error in errors
    ), errors
