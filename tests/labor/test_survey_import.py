"""Survey responses uploaded from Excel: checked in full, written in one transaction, the
same file twice changes nothing, every error names its row and column."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from labor import selectors
from labor.importers.reading import LaborImportRejected
from labor.importers.surveys import import_survey_responses
from labor.models import SurveyImport, SurveyResponse
from portal.models import AuditEntry, JobStatus
from tests.labor.factories import id_number, labor_world
from tests.labor.factories_surveys import open_survey, township_editor, township_scope

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "村（社区）",
    "务工意愿",
    "技能",
    "证书",
    "可务工月份",
    "意向工作",
    "可接受通勤距离（公里）",
    "重点群体",
    "联系电话",
]


def workbook(rows: list[list], *, title: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["测试镇2026年劳动力就业意愿和技能水平摸底调查表"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", "", "", "", "", "", "", "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(number=None, name="赵六", **cells):
    row = {
        "village": "测试村1-1",
        "willing": "是",
        "skills": "砌筑、电焊",
        "certificates": "焊工证",
        "months": "3-11",
        "work": "普工",
        "km": 20,
        "groups": "脱贫人口、返乡农民工",
        "phone": "13700001234",
    } | cells
    return [
        1,
        name,
        number or id_number(),
        row["village"],
        row["willing"],
        row["skills"],
        row["certificates"],
        row["months"],
        row["work"],
        row["km"],
        row["groups"],
        row["phone"],
    ]


def test_an_upload_writes_every_row_and_the_same_file_again_changes_nothing(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    worker = labor_world(home)["worker"]
    content = workbook(
        [person(), person(worker.id_number, "李四"), person(name="孙七", willing="否")]
    )
    result = import_survey_responses(scope=scope, survey=survey, content=content)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    rows = {r.name: r for r in SurveyResponse.objects.filter(survey=survey)}
    assert rows["李四"].worker == worker
    assert rows["赵六"].months_available == "001111111110"
    assert rows["赵六"].group_list == ["脱贫人口", "返乡农民工"]
    assert rows["赵六"].travel_km == 20
    assert rows["赵六"].village.name == "测试村1-1"
    assert not rows["孙七"].willing
    stamps = dict(SurveyResponse.objects.values_list("pk", "recorded_at"))
    audits = AuditEntry.objects.filter(action="survey.import").count()
    again = import_survey_responses(scope=scope, survey=survey, content=content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(SurveyResponse.objects.values_list("pk", "recorded_at")) == stamps
    assert AuditEntry.objects.filter(action="survey.import").count() == audits


def test_a_changed_row_updates_its_person(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    number = id_number()
    import_survey_responses(scope=scope, survey=survey, content=workbook([person(number)]))
    result = import_survey_responses(
        scope=scope, survey=survey, content=workbook([person(number, skills="木工")])
    )
    assert (result.created, result.updated) == (0, 1)
    assert SurveyResponse.objects.get().skills == "木工"


def test_an_upload_makes_each_persons_latest_answer_the_pools(home):
    """Someone surveyed last year and uploaded again this year is in the pool once, as this
    year's answer; uploading last year's file again does not bring the old answer back."""
    scope = township_scope(home)
    last_year = open_survey(scope, year=timezone.localdate().year - 1)
    this_year = open_survey(scope, title="复查")
    number = id_number()
    old = workbook([person(number, skills="木工")])
    import_survey_responses(scope=scope, survey=last_year, content=old)
    import_survey_responses(
        scope=scope, survey=this_year, content=workbook([person(number, skills="电工")])
    )
    import_survey_responses(scope=scope, survey=last_year, content=old)
    pool = selectors.survey_pool(scope=scope)
    assert [(p.survey, p.skills) for p in pool] == [(this_year, "电工")]


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    twice = id_number()
    content = workbook(
        [
            person(twice),
            person(twice, "重复"),
            person("140214900101123"),
            person(1.40214199001011e17),
            person(months="13"),
            person(groups="外星人"),
            person(village="不存在村"),
            person(willing="也许"),
            person(km="很远"),
        ]
    )
    with pytest.raises(LaborImportRejected) as rejected:
        import_survey_responses(scope=scope, survey=survey, content=content)
    errors = rejected.value.errors
    assert "第4行“身份证号”列（C列）：与第3行是同一人，同一调查中每人只登记一行。" in errors
    assert any(e.startswith("第5行“身份证号”列（C列）：这是15位的旧身份证号") for e in errors)
    assert any(
        e.startswith("第6行“身份证号”列（C列）：身份证号被 Excel 存成了数字") for e in errors
    )
    assert any(
        e.startswith("第7行“可务工月份”列（H列）：可务工月份“13”不在1—12月之间") for e in errors
    )
    assert any(
        e.startswith("第8行“重点群体”列（K列）：“外星人”不在本区的重点群体名单中") for e in errors
    )
    assert "第9行“村(社区)”列（D列）：“不存在村”不是测试镇人民政府所辖的村（社区）。" in errors
    assert "第10行“务工意愿”列（E列）：“也许”应为“是”或“否”。" in errors
    assert "第11行“可接受通勤距离”列（J列）：“很远”应为0—1000之间的公里数。" in errors
    assert not SurveyResponse.objects.exists()


def test_a_file_that_is_not_a_sheet_or_has_no_header_is_refused(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    with pytest.raises(LaborImportRejected):
        import_survey_responses(scope=scope, survey=survey, content=b"not a workbook")
    book = Workbook()
    book.active.append(["甲", "乙"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(LaborImportRejected) as rejected:
        import_survey_responses(scope=scope, survey=survey, content=buffer.getvalue())
    assert rejected.value.errors[0].startswith("没有找到表头")


def test_the_upload_page_runs_the_job_and_shows_errors_with_rows(
    home, client, django_capture_on_commit_callbacks
):
    survey = open_survey(township_scope(home))
    client.force_login(township_editor(home))
    url = reverse("labor:survey-import", args=[survey.pk])
    assert "从 Excel 导入调查对象" in client.get(url).content.decode()
    upload = io.BytesIO(workbook([person(months="春天")]))
    upload.name = "摸底.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    job = SurveyImport.objects.get()
    assert response.url == reverse("labor:survey-import-status", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    page = client.get(response.url).content.decode()
    assert "文件未导入，请修改以下 1 处后重新上传" in page
    assert "第3行“可务工月份”列（H列）：无法识别可务工月份“春天”" in page
    upload = io.BytesIO(workbook([person()]))
    upload.name = "摸底.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    assert (
        "导入完成：新增 1 人，更新 0 人，未变 0 人。" in client.get(response.url).content.decode()
    )
    not_excel = io.BytesIO(b"hello")
    not_excel.name = "摸底.xlsx"
    page = client.post(url, {"file": not_excel}).content.decode()
    assert "invalid-feedback" in page
    assert SurveyImport.objects.count() == 2
