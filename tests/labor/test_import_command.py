"""The shape both import commands share (`labor.management.import_command`): argparse's
refusals in Chinese in the one JSON document, exit 2; the contractor's own name without
`--user`, a member's with it; a file that cannot be read is a wrong argument."""

import json

import pytest
from django.core.management import call_command

from labor.management.import_command import argparse_message
from portal.models import AuditEntry
from tests.labor.factories_attendance import MONTH, attendance_world, grid_row, grid_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            "the following arguments are required: file, --project, --contractor",
            "缺少必填参数：file, --project, --contractor",
        ),
        ("unrecognized arguments: --monht 2026-04", "无法识别的参数：--monht 2026-04"),
        ("argument --project: expected one argument", "参数 --project 后面要写一个值"),
        (
            "argument -v/--verbosity: invalid int value: 'abc'",
            "参数 -v/--verbosity 的值 'abc' 无效",
        ),
        (
            "ambiguous option: --con could match --contractor, --config",
            "参数 --con 不明确，可能是：--contractor, --config",
        ),
    ],
)
def test_argparse_refusals_are_said_in_chinese(english, chinese):
    assert argparse_message(english) == chinese


@pytest.mark.parametrize("command", ["import_roster", "import_attendance"])
def test_a_missing_or_unknown_option_is_refused_in_chinese_with_exit_2(command, capsys):
    """Parsed before the command has its output: the answer goes to the process's stdout."""
    with pytest.raises(SystemExit) as exited:
        call_command(command, "表.xlsx", "--project")
    assert exited.value.code == 2
    answer = json.loads(capsys.readouterr().out)
    assert answer == {
        "accepted": False,
        "exit_code": 2,
        "errors": ["参数错误：参数 --project 后面要写一个值"],
        "summary": {},
    }
    with pytest.raises(SystemExit):
        call_command(command, "表.xlsx", "--project", "P", "--contractor", "C", "--bogus", "1")
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    if command == "import_attendance":  # its --month is required, and said so first
        assert error == "参数错误：缺少必填参数：--month"
    else:
        assert error == "参数错误：无法识别的参数：--bogus 1"


def test_without_user_the_import_is_in_the_contractors_name(home, tmp_path, capsys):
    world = attendance_world(home)
    path = tmp_path / "考勤.xlsx"
    path.write_bytes(grid_workbook([grid_row("李四", world["li_number"], ["√"])]))
    with pytest.raises(SystemExit) as exited:
        call_command(
            "import_attendance",
            str(path),
            "--project",
            world["project"].code,
            "--contractor",
            home["contractor"].code,
            "--month",
            f"{MONTH:%Y-%m}",
        )
    answer = json.loads(capsys.readouterr().out)
    assert (exited.value.code, answer["accepted"], answer["file"]) == (0, True, "考勤.xlsx")
    entry = AuditEntry.objects.latest("pk")
    assert (entry.organization, entry.actor) == (home["contractor"], None)


def test_a_directory_for_a_file_is_a_wrong_argument(home, tmp_path, capsys):
    attendance_world(home)
    with pytest.raises(SystemExit) as exited:
        call_command(
            "import_roster",
            str(tmp_path),
            "--project",
            "P",
            "--contractor",
            home["contractor"].code,
        )
    assert exited.value.code == 2
    assert json.loads(capsys.readouterr().out)["errors"] == [f"找不到文件：{tmp_path}"]
