"""The roster upload: a contractor's messy Excel file checked in full (every error naming its
row and column), then written in one transaction; re-uploading changes nothing; the page,
its job and the `import_roster` command run the same pipeline."""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labor.id_numbers import check_character
from labor.importers.reading import LaborImportRejected
from labor.importers.rosters import RosterImportRejected, roster_import
from labor.models import Engagement, EngagementSource, StaffCategory, Worker
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import contractor_editor, id_number, luhn_card, roster_world
from tests.labor.factories_rosters import (
    contractor_scope,
    person_row,
    plain_workbook,
    roster_workbook,
)
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectContractorFactory

pytestmark = pytest.mark.django_db


def today():
    """Today in the portal's time zone, read when a test runs (a run may cross midnight)."""
    return timezone.localdate()


YEAR = timezone.localdate().year
ENTRY = datetime.date(YEAR, 1, 1)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
# In `roster_workbook`: title, unit line, the two header rows; the first person is on row 5,
# a blank row follows him, the next people are on rows 7, 8, …
FIRST, SECOND, THIRD = 5, 7, 8


def run(home, rows, *, entry_date=ENTRY, scope=None, **layout):
    return roster_import(
        scope=scope or contractor_scope(home),
        project=roster_world(home)["project"],
        content=roster_workbook(rows, **layout),
        entry_date=entry_date,
        filename="名册.xlsx",
    )


def refused(home, rows, **kwargs) -> list[str]:
    roster_world(home)
    before = (Worker.objects.count(), Engagement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(LaborImportRejected) as rejected:
        run(home, rows, **kwargs)
    after = (Worker.objects.count(), Engagement.objects.count(), AuditEntry.objects.count())
    assert after == before  # nothing from the file is saved
    return rejected.value.errors


def good_rows(home) -> list[list]:
    township = home["townships"][0]
    return [
        person_row(
            1,
            "王五",
            id_number(datetime.date(1980, 5, 6)).translate(FULL_WIDTH),
            联系电话="138 0000 1111",
            户籍乡镇=township.name,
            户籍村=township.children.get().name,
            开户银行="农村信用社",
            工资卡号=luhn_card(),
            工种="钢筋工",
            用工环节="路基土石方",
            劳动合同签订日期=f"{YEAR}年1月5日",
            进场日期=f"{YEAR}-01-05",
        ),
        person_row(2, "赵六", id_number(datetime.date(1990, 2, 3), male=False), 日工资=220),
        person_row(
            3,
            "孙七",
            id_number(datetime.date(1958, 1, 1)),
            人员类别="管理人员",
            进场日期=datetime.date(YEAR, 2, 1),  # a real date cell
            退场日期=f"{YEAR}/6/30",
            日工资="２５０",
        ),
    ]


def test_a_messy_roster_is_checked_and_written(home):
    world = roster_world(home)
    result = run(home, good_rows(home))
    assert (result.workers_created, result.engagements_created) == (3, 3)
    wang = Engagement.objects.get(worker__name="王五")
    assert wang.stage == world["stage"]
    assert wang.contract_signed_on == datetime.date(YEAR, 1, 5)
    assert wang.entry_date == datetime.date(YEAR, 1, 5)
    assert wang.source == EngagementSource.UPLOAD
    assert wang.worker.household_township == home["townships"][0]
    assert wang.worker.phone == "13800001111"
    zhao = Engagement.objects.get(worker__name="赵六")
    assert zhao.entry_date == ENTRY  # the upload's default
    assert zhao.stage is None  # none yet
    assert zhao.staff_category == StaffCategory.WORKER
    assert zhao.daily_pay == Decimal("220.00")
    sun = Engagement.objects.get(worker__name="孙七")
    assert sun.staff_category == StaffCategory.MANAGER
    assert sun.daily_pay == Decimal("250.00")  # full-width digits
    assert sun.exit_date == datetime.date(YEAR, 6, 30)
    assert sun.worker.needs_age_review  # past 60 on entry: registered, flagged
    assert "1 人超过本区提示年龄" in result.summary()
    entry = AuditEntry.objects.get(action="roster.import")
    assert "新登记务工人员 3 人" in entry.summary
    assert wang.worker.id_number not in entry.summary


def test_re_uploading_the_same_file_changes_nothing(home):
    rows = good_rows(home)
    run(home, rows)
    counts = (Worker.objects.count(), Engagement.objects.count(), AuditEntry.objects.count())
    stamps = list(Engagement.objects.order_by("pk").values_list("updated_at", flat=True))
    result = run(home, rows)
    assert (result.workers_created, result.engagements_created) == (0, 0)
    assert result.unchanged == 3
    assert (Worker.objects.count(), Engagement.objects.count(), AuditEntry.objects.count()) == (
        counts
    )
    assert list(Engagement.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_second_upload_completes_what_is_on_the_roster(home):
    rows = good_rows(home)
    run(home, rows)
    rows[1][COLUMN_EXIT] = f"{YEAR}-12-31"
    result = run(home, rows)
    assert (result.engagements_updated, result.unchanged) == (1, 2)
    assert Engagement.objects.get(worker__name="赵六").exit_date == datetime.date(YEAR, 12, 31)


COLUMN_EXIT = 14


def test_an_existing_worker_is_found_by_his_id_number_in_one_query(home):
    world = roster_world(home)
    other_stage = world["project"].category.stages.get(order=2)
    rows = [person_row(1, "李四", world["worker"].id_number, 用工环节=other_stage.name)]
    rows += [person_row(n, f"工人{n}", id_number()) for n in range(2, 40)]
    with CaptureQueriesContext(connection) as queries:
        result = run(home, rows)
    assert result.workers_created == 38
    assert Engagement.objects.filter(worker=world["worker"]).count() == 2
    lookups = [
        q for q in queries if q["sql"].startswith("SELECT") and '"id_number_index" IN' in q["sql"]
    ]
    assert len(lookups) == 1  # one query for the whole batch, never one a row
    # and one UPDATE joins the townships' survey responses of the new workers
    joins = [q for q in queries if q["sql"].startswith('UPDATE "labor_surveyresponse"')]
    assert len(joins) == 1
    assert len(queries) < 40  # no query per row


def bad_id(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            bad_id(id_number()),
            "身份证号的校验位不对：很可能有一位抄错或两位颠倒，请对照身份证逐位核对",
        ),
        ("140214900101123", "这是15位的旧身份证号，已停止使用。请填写本人现在的18位身份证号"),
        (
            1.40214199001011e17,
            "身份证号被 Excel 存成了数字（显示为 1.40214E+17 一类），末几位已经丢失或多出“.0”。"
            "请把该列设置为“文本”格式后重新输入完整的18位号码（或在号码前加英文单引号）",
        ),
    ],
    ids=["check-digit", "15-digit", "excel-float"],
)
def test_a_bad_id_number_names_its_row_and_column(home, value, message):
    rows = [person_row(1, "王五", id_number()), person_row(2, "赵六", value)]
    assert refused(home, rows) == [f"第{SECOND}行“身份证号码”列（D列）：{message}"]


def test_a_birth_date_in_the_future_is_refused(home):
    first17 = f"140214{YEAR + 1}0101123"
    rows = [person_row(1, "王五", first17 + check_character(first17))]
    assert refused(home, rows) == [
        f"第{FIRST}行“身份证号码”列（D列）：身份证号中的出生日期“{YEAR + 1}0101”不可能"
        "（晚于今天或早于1900年），请核对号码"
    ]


def test_under_sixteen_on_the_entry_day_is_refused(home):
    birth = datetime.date(YEAR - 15, 6, 1)
    rows = [person_row(1, "小明", id_number(birth))]
    assert refused(home, rows) == [
        f"第{FIRST}行“身份证号码”列（D列）：{ENTRY:%Y年%m月%d日}进场时小明未满16周岁，不得招用"
    ]


def test_the_same_person_twice_for_the_same_stage_and_overlapping_days(home):
    number = id_number()
    rows = [
        person_row(1, "王五", number, 用工环节="路基土石方", 进场日期=f"{YEAR}-03-01"),
        person_row(2, "王五", number, 用工环节="路基土石方", 进场日期=f"{YEAR}-04-01"),
        person_row(3, "王五", number, 用工环节="后期养护", 进场日期=f"{YEAR}-04-01"),
    ]
    assert refused(home, rows) == [
        f"第{SECOND}行“身份证号码”列（D列）：王五在第{FIRST}行已登记在同一用工环节，用工时间重叠"
    ]


def test_a_person_on_another_contractors_roster_for_overlapping_days(home):
    world = roster_world(home)
    other = OrganizationFactory(
        kind=OrganizationKind.CONTRACTOR, region=home["district"], name="另一建设公司"
    )
    ProjectContractorFactory(project=world["project"], contractor=other)
    scope = Scope.for_user(member(other, Role.EDITOR))
    rows = [person_row(1, "李四", world["worker"].id_number, 进场日期=f"{YEAR}-03-01")]
    assert refused(home, rows, scope=scope) == [
        f"第{FIRST}行“身份证号码”列（D列）：李四已在测试建设有限公司的名册上"
        f"（{YEAR}-01-01 起），同一项目的用工时间不能重叠"
    ]


def test_a_contractor_not_party_to_the_project_is_refused(home):
    roster_world(home)
    stranger = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    scope = Scope.for_user(member(stranger, Role.EDITOR))
    errors = refused(home, [person_row(1, "王五", id_number())], scope=scope)
    assert errors == [f"{stranger}不是项目“测试村组道路工程”的施工单位，不能导入该项目的用工名册。"]


def test_unknown_stage_category_place_and_bad_dates_and_numbers(home):
    rows = [
        person_row(
            1,
            "王五",
            id_number(),
            用工环节="隧道爆破",
            人员类别="临时工",
            户籍乡镇="不存在镇",
            工资卡号="1234",
            进场日期="三月一日",
            日工资="二百",
        ),
        person_row(2, "赵六", id_number(), 进场日期=f"{YEAR}-05-01", 退场日期=f"{YEAR}-04-01"),
        person_row(3, "孙七", id_number(), 劳动合同签订日期=f"{YEAR + 1}-01-01"),
    ]
    errors = refused(home, rows)
    assert errors == [
        f"第{FIRST}行“户籍乡镇”列（F列）：“不存在镇”不是测试区1的乡镇（街道）；外区人员请将此格留空",
        f"第{FIRST}行“工资卡号”列（I列）：银行卡号应为12到19位数字",
        f"第{FIRST}行“人员类别”列（K列）：“临时工”不是人员类别：应为务工人员、管理人员、技术人员、"
        "劳务组织者之一，空白为务工人员",
        f"第{FIRST}行“用工环节”列（L列）：“隧道爆破”不是本项目类别的用工环节（路基土石方、后期养护），或留空",
        f"第{FIRST}行“进场日期”列（N列）：“三月一日”不是日期，请写成 2026-03-01 的格式",
        f"第{FIRST}行“日工资”列（P列）：“二百”不是数字",
        f"第{SECOND}行“退场日期”列（O列）：退场日期不能早于进场日期",
        f"第{THIRD}行“劳动合同签订日期”列（M列）：劳动合同签订日期不能晚于今天",
    ]


def test_a_name_that_differs_from_the_registry_is_refused(home):
    world = roster_world(home)
    rows = [person_row(1, "李肆", world["worker"].id_number, 用工环节="后期养护")]
    assert refused(home, rows) == [
        f"第{FIRST}行“姓名”列（B列）：该身份证号已登记为“李四”，与表中姓名“李肆”不一致，请核对"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,id\n", "文件无法读取：请上传 Excel 文件（.xlsx）。"),
        (plain_workbook([]), "文件是空的：第一个工作表中没有任何内容。"),
        (
            plain_workbook([["工程名称", "地点"], ["某工程", "某村"]]),
            "没有找到表头：前 15 行中应有“姓名”“身份证号”等列名。",
        ),
        (
            plain_workbook([["姓名", "联系电话", "工种"], ["王五", "138", "普工"]]),
            "第1行的表头缺少必填列：身份证号。",
        ),
        (
            plain_workbook([["姓名", "身份证号"], ["合计", None]]),
            "表中没有人员行：表头下面应逐行填写姓名和身份证号。",
        ),
    ],
    ids=["not-xlsx", "empty", "no-header", "no-id-column", "no-rows"],
)
def test_a_file_that_is_no_roster_is_refused(home, content, message):
    roster_world(home)
    with pytest.raises(LaborImportRejected) as rejected:
        roster_import(
            scope=contractor_scope(home),
            project=roster_world(home)["project"],
            content=content,
            entry_date=ENTRY,
        )
    assert rejected.value.errors == [message]


def test_a_file_over_the_readers_limits_is_refused(home, settings):
    settings.EXCEL_LIMITS = {**settings.EXCEL_LIMITS, "max_rows": 6}
    rows = [person_row(n, f"工人{n}", id_number()) for n in range(1, 6)]
    errors = refused(home, rows)
    assert len(errors) == 1
    assert "超过上限 6 行" in errors[0]


def test_only_a_contractors_editor_imports(home):
    roster_world(home)
    viewer = Scope.for_user(member(home["contractor"], Role.VIEWER))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(home, good_rows(home), scope=viewer)
    with pytest.raises(PermissionDenied):
        run(home, good_rows(home), scope=Scope.for_user(member(home["office"], Role.ADMIN)))


def test_the_errors_carry_row_and_column_for_the_command(home):
    rows = [person_row(1, "王五", "12345")]
    with pytest.raises(RosterImportRejected) as rejected:
        run(home, rows)
    assert rejected.value.items == [
        {
            "row": FIRST,
            "column": "身份证号码",
            "message": f"第{FIRST}行“身份证号码”列（D列）：身份证号应为18位：前17位是数字，最后一位是数字或X（现在是5位）",
        }
    ]


# --- the upload page and its job ---------------------------------------------------------------


def upload(content: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_upload_page_queues_the_job_and_shows_its_result(
    client, home, django_capture_on_commit_callbacks
):
    world = roster_world(home)
    client.force_login(contractor_editor(home))
    url = reverse("labor:roster-import", args=[world["project"].pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"file": upload(roster_workbook(good_rows(home))), "entry_date": ENTRY.isoformat()},
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page
    assert "新登记务工人员 3 人" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "file": upload(roster_workbook([person_row(1, "王五", "12345")])),
                "entry_date": ENTRY.isoformat(),
            },
        )
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="rejected"' in page
    assert f"第{FIRST}行“身份证号码”列（D列）" in page


def test_the_upload_page_refuses_a_file_that_is_not_xlsx_at_once(client, home):
    world = roster_world(home)
    client.force_login(contractor_editor(home))
    response = client.post(
        reverse("labor:roster-import", args=[world["project"].pk]),
        {"file": upload(b"%PDF-1.4", "名册.xlsx"), "entry_date": ENTRY.isoformat()},
    )
    assert response.status_code == 200
    assert "文件无法读取：请上传 Excel 文件（.xlsx）。" in response.content.decode()


def test_the_upload_runs_on_a_real_worker(client, home, redis_worker, wait_for_job):
    world = roster_world(home)
    client.force_login(contractor_editor(home))
    response = client.post(
        reverse("labor:roster-import", args=[world["project"].pk]),
        {"file": upload(roster_workbook(good_rows(home))), "entry_date": ENTRY.isoformat()},
    )
    fragment = wait_for_job(client, response["Location"])
    assert 'data-status="done"' in fragment
    assert Engagement.objects.filter(project=world["project"]).count() == 4


# --- the command -----------------------------------------------------------------------------


def command(tmp_path, content: bytes, *args) -> tuple[dict, int]:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    import io

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_roster", str(path), *args, stdout=out)
    return json.loads(out.getvalue()), exited.value.code


def test_the_command_imports_and_answers_in_json(home, tmp_path):
    world = roster_world(home)
    contractor_editor(home)
    args = ("--project", world["project"].code, "--contractor", home["contractor"].code)
    content = roster_workbook(good_rows(home))
    answer, code = command(tmp_path, content, *args, "--entry-date", f"{YEAR}-01-01")
    assert code == 0
    assert answer["accepted"] is True
    assert answer["errors"] == []
    assert answer["summary"]["workers_created"] == 3
    answer, code = command(tmp_path, content, *args, "--entry-date", f"{YEAR}-01-01")
    assert (code, answer["summary"]["unchanged"]) == (0, 3)
    answer, code = command(tmp_path, roster_workbook([person_row(1, "王五", "12345")]), *args)
    assert code == 1
    assert answer["accepted"] is False
    assert answer["errors"][0]["row"] == FIRST
    assert answer["errors"][0]["column"] == "身份证号码"
    answer, code = command(tmp_path, b"not a workbook", *args)
    assert (code, answer["errors"]) == (1, ["文件无法读取：请上传 Excel 文件（.xlsx）。"])
    answer, code = command(
        tmp_path, b"", "--project", "NO-SUCH", "--contractor", home["contractor"].code
    )
    assert code == 2
    assert answer["accepted"] is False
    assert "NO-SUCH" in answer["errors"][0]


def test_the_command_exit_codes_from_a_shell(transactional_db, home, tmp_path):
    world = roster_world(home)
    contractor_editor(home)
    good = tmp_path / "good.xlsx"
    good.write_bytes(roster_workbook(good_rows(home)))
    hostile = tmp_path / "hostile.xlsx"
    hostile.write_bytes(b"PK\x03\x04 not really a zip")
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/" + connection.settings_dict["NAME"],
    }

    def shell(*args):
        finished = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "import_roster", *args],
            capture_output=True,
            env=env,
            text=True,
            check=False,
        )
        return finished.returncode, json.loads(finished.stdout)

    codes = ("--project", world["project"].code, "--contractor", home["contractor"].code)
    code, answer = shell(str(good), *codes)
    assert (code, answer["accepted"]) == (0, True)
    code, answer = shell(str(hostile), *codes)
    assert (code, answer["accepted"]) == (1, False)
    code, answer = shell(str(good), "--project", world["project"].code)  # argparse: no contractor
    assert (code, answer["accepted"]) == (2, False)
    code, answer = shell(str(good), *codes, "--entry-date", "2026-13-45")
    assert code == 2


def test_a_file_without_entry_dates_uploaded_again_later_changes_nothing(home):
    """Without a 进场日期 column each line takes the upload's date: the same file uploaded
    on a later day finds the lines still open, rather than refusing every row."""
    rows = [person_row(1, "王五", id_number()), person_row(2, "赵六", id_number())]
    run(home, rows, entry_date=ENTRY)
    counts = (Engagement.objects.count(), AuditEntry.objects.count())
    result = run(home, rows, entry_date=ENTRY + datetime.timedelta(days=20))
    assert (result.engagements_created, result.unchanged) == (0, 2)
    assert (Engagement.objects.count(), AuditEntry.objects.count()) == counts
    assert set(Engagement.objects.values_list("entry_date", flat=True)) == {ENTRY}


def test_a_bad_phone_is_named_without_repeating_the_number(home):
    rows = [person_row(1, "王五", id_number(), 联系电话="13800138000/13900139000")]
    (message,) = refused(home, rows)
    assert "不是有效的电话号码" in message
    assert "13800138000" not in message


def test_a_surveyed_person_put_on_a_roster_stays_the_townships(home):
    """The township surveyed him before any roster: when the contractor's upload registers
    him, his response joins the new record, so the township sees him working."""
    from labor import selectors, services
    from tests.labor.factories_surveys import survey_world, township_scope

    survey = survey_world(home)["survey"]
    number = id_number()
    services.survey_response_save(
        scope=township_scope(home), survey=survey, id_number=number, name="钱七"
    )
    run(home, [person_row(1, "钱七", number)])
    worker = Worker.objects.get(name="钱七")
    assert worker.survey_responses.get().survey == survey
    assert selectors.worker_list(scope=township_scope(home)).filter(pk=worker.pk).exists()
