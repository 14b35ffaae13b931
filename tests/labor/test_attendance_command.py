"""manage.py import_attendance: the upload's pipeline from the command line, one JSON document
on stdout always, exit 0 accepted, 1 refused (hostile files included), 2 wrong arguments."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from labor.models import Attendance, Mark
from portal.models import AuditEntry, Role
from tests.labor.factories_attendance import MONTH, attendance_world, grid_row, grid_workbook
from tests.portal.factories import member

pytestmark = pytest.mark.django_db


def command(*args) -> tuple[int, dict]:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_attendance", *args, stdout=out, stderr=io.StringIO())
    return exited.value.code, json.loads(out.getvalue())  # the whole output is one document


def arguments(world, path, *extra, month=f"{MONTH:%Y-%m}"):
    return (
        str(path),
        "--project",
        world["project"].code,
        "--contractor",
        world["scope"].organization.code,
        "--month",
        month,
        *extra,
    )


def grid_file(tmp_path, world, marks, name="考勤.xlsx"):
    path = tmp_path / name
    path.write_bytes(
        grid_workbook(
            [
                grid_row("李四", world["li_number"], marks),
                grid_row("王五", world["wang_number"], []),
            ]
        )
    )
    return path


def test_an_accepted_file_exits_0_and_a_second_run_changes_nothing(home, tmp_path):
    world = attendance_world(home)
    path = grid_file(tmp_path, world, ["√"] * 30)
    code, answer = command(*arguments(world, path))
    assert code == 0
    assert answer["accepted"] is True
    assert (answer["created"], answer["updated"], answer["unchanged"]) == (0, 1, 1)
    assert answer["errors"] == []
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks == Mark.FULL * 30
    audits = AuditEntry.objects.count()
    code, answer = command(*arguments(world, path))
    assert (code, answer["updated"], answer["unchanged"]) == (0, 0, 2)
    assert AuditEntry.objects.count() == audits


def test_a_user_of_the_contractor_may_be_named(home, tmp_path):
    world = attendance_world(home)
    editor = member(home["contractor"], Role.EDITOR)
    code, answer = command(
        *arguments(world, grid_file(tmp_path, world, ["√"]), "--user", editor.username)
    )
    assert code == 0
    assert Attendance.objects.get(worker=world["li"], month=MONTH).updated_by == editor
    viewer = member(home["contractor"], Role.VIEWER)
    code, answer = command(
        *arguments(world, grid_file(tmp_path, world, ["√", "√"]), "--user", viewer.username)
    )
    assert code == 2
    assert answer["errors"] == [
        f"用户“{viewer.username}”是{home['contractor']}的查看者，只有填报员和管理员可以导入。"
    ]


def test_a_refused_file_exits_1_with_every_error(home, tmp_path):
    world = attendance_world(home)
    code, answer = command(*arguments(world, grid_file(tmp_path, world, ["√", "?"] + ["√"] * 29)))
    assert code == 1
    assert answer["accepted"] is False
    assert answer["errors"][0].startswith("第3行“2”列（E列）：无法识别的考勤标记“?”。")
    assert answer["errors"][1] == (
        f"第3行“31”列（AH列）：{MONTH:%Y年%m月}只有30天，没有31日，该列不应有考勤标记。"
    )
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks.startswith(
        Mark.FULL * 20 + Mark.HALF
    )


def test_hostile_files_exit_1(home, tmp_path):
    world = attendance_world(home)
    not_excel = tmp_path / "a.xlsx"
    not_excel.write_bytes(b"<script>alert(1)</script>")
    code, answer = command(*arguments(world, not_excel))
    assert (code, answer["errors"]) == (1, ["文件无法读取：请上传 Excel 文件（.xlsx）。"])
    legacy = tmp_path / "b.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    code, answer = command(*arguments(world, legacy))
    assert code == 1
    assert answer["errors"][0].startswith("这是旧版 Excel（.xls）文件或加了密码的文件")
    bomb = tmp_path / "c.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", '<worksheet><dimension ref="A1:XFD1048576"/></worksheet>'
        )
    bomb.write_bytes(buffer.getvalue())
    code, answer = command(*arguments(world, bomb))
    assert code == 1
    assert "超过上限" in answer["errors"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": "2026/04"}, "月份“2026/04”无效：请写成“年-月”，如 2026-11。"),
        ({"month": "2026-13"}, "月份“2026-13”无效：请写成“年-月”，如 2026-11。"),
        ({"project": "NOPE"}, "没有编码为“NOPE”的项目。"),
        ({"contractor": "NOPE"}, "没有编码为“NOPE”的施工单位。"),
        ({"file": "/no/such/file.xlsx"}, "找不到文件：/no/such/file.xlsx"),
        ({"user": "nobody"}, "没有用户名为“nobody”的用户。"),
    ],
)
def test_wrong_arguments_exit_2(home, tmp_path, change, message):
    world = attendance_world(home)
    path = change.get("file") or grid_file(tmp_path, world, ["√"])
    args = [
        str(path),
        "--project",
        change.get("project", world["project"].code),
        "--contractor",
        change.get("contractor", home["contractor"].code),
        "--month",
        change.get("month", f"{MONTH:%Y-%m}"),
    ]
    if "user" in change:
        args += ["--user", change["user"]]
    rows = Attendance.objects.count()
    code, answer = command(*args)
    assert (code, answer["accepted"], answer["errors"]) == (2, False, [message])
    assert Attendance.objects.count() == rows
