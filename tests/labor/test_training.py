"""Training (培训): who records what, participants by choice or by ID number (one batch, bad
lines named, nothing written), the ledger per project and per township with its totals, the
session page (masked), the export and the figures."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from labor import selectors, services
from labor.models import TrainingKind, TrainingMode, TrainingSession
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import (
    contractor_editor,
    id_number,
    labor_world,
    register,
    roster_world,
)
from tests.labor.factories_training import office_editor_of, training_world
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory, project_world

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def record(scope, **fields):
    values = {
        "kind": TrainingKind.SKILLS,
        "mode": TrainingMode.SCHOOL,
        "title": "中小型机械操作培训",
        "provider": "测试职业技术学校",
        "start_date": datetime.date(YEAR, 3, 1),
        "end_date": datetime.date(YEAR, 3, 3),
        "hours": Decimal("24"),
    }
    values.update(fields)
    return services.training_session_record(scope=scope, **values)


def member_unit(home, role=Role.EDITOR):
    unit = OrganizationFactory(
        code="member-hrss",
        name="测试区人力资源和社会保障局",
        short_name="人社局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )
    return Scope.for_user(member(unit, role))


def test_a_member_unit_records_skills_and_safety_training_with_an_audit_entry(home):
    project = project_world(home)["project"]
    scope = member_unit(home)
    session = record(
        scope, project=project, mode=TrainingMode.PROJECT, reserve_for_maintenance=True
    )
    assert session.organizer.short_name == "人社局"
    # the project stands in one township: the session is that township's
    assert session.township == home["township"]
    safety = record(scope, kind=TrainingKind.SAFETY, title="安全生产培训")
    assert safety.township is None
    entry = AuditEntry.objects.get(action="training.record", object_id=str(session.pk))
    assert "储备性技能培训" in entry.summary


def test_a_township_records_skills_training_for_itself_only(home):
    scope = Scope.for_user(member(home["township"], Role.EDITOR))
    session = record(scope, township=None)
    assert session.township == home["township"]
    with pytest.raises(ValidationError) as error:
        record(scope, kind=TrainingKind.SAFETY)
    assert "乡镇（街道）登记技能培训" in error.value.message_dict["kind"][0]


def test_a_contractor_records_on_its_own_projects_only(home):
    world = project_world(home)
    scope = Scope.for_user(contractor_editor(home))
    session = record(
        scope, kind=TrainingKind.SAFETY, mode=TrainingMode.ON_SITE, project=world["project"]
    )
    assert session.organizer == home["contractor"]
    with pytest.raises(ValidationError) as error:
        record(scope)
    assert error.value.message_dict["project"] == ["请选择本单位参建的项目。"]
    foreign = ProjectFactory(region=home["district"], department=home["department"])
    with pytest.raises(ValidationError) as error:
        record(scope, project=foreign)
    assert error.value.message_dict["project"] == ["只能登记本单位可见项目的培训。"]


def test_the_rules_of_a_session(home, office_scope):
    with pytest.raises(ValidationError) as error:
        record(office_scope, mode=TrainingMode.ON_SITE)
    assert "请选择项目" in error.value.message_dict["project"][0]
    with pytest.raises(ValidationError) as error:
        record(office_scope, kind=TrainingKind.SAFETY, reserve_for_maintenance=True)
    assert error.value.message_dict["reserve_for_maintenance"] == ["储备性技能培训应为技能培训。"]
    with pytest.raises(ValidationError) as error:
        record(office_scope, end_date=datetime.date(YEAR, 2, 1))
    assert error.value.message_dict["end_date"] == ["结束日期不能早于开始日期。"]


def test_viewers_labour_organisations_and_supervisors_may_not_record(home):
    for scope in (
        Scope.for_user(member(home["office"], Role.VIEWER)),
        Scope.for_user(labor_world(home)["editor"]),
    ):
        with pytest.raises(PermissionDenied):
            record(scope)
    assert not TrainingSession.objects.exists()


def test_participants_by_id_number_in_one_batch_with_results(home, django_assert_max_num_queries):
    world = training_world(home)
    session, scope = world["session"], world["scope"]
    labor_scope = Scope.for_user(labor_world(home)["editor"])
    numbers = [id_number() for _ in range(3)]
    for index, number in enumerate(numbers):
        register(labor_scope, id_number=number, name=f"参训{index}")
    attendees = [
        services.Attendee(
            id_number=numbers[0].lower(), passed=True, certificate="挖掘机操作证", line=1
        ),
        services.Attendee(id_number=f" {numbers[1]} ", passed=False, line=2),
        services.Attendee(id_number=numbers[2], line=3),
    ]
    # a constant cost: the blind-index lookup is one query for the whole batch
    with django_assert_max_num_queries(20):
        result = services.training_participants_set(
            scope=scope, session=session, attendees=attendees
        )
    assert result == {"added": 3, "updated": 0, "removed": 0}
    people = {p.worker.name: (p.passed, p.certificate) for p in session.participants.all()}
    assert people["参训0"] == (True, "挖掘机操作证")
    assert people["参训1"] == (False, "")
    assert people["参训2"] == (None, "")
    entry = AuditEntry.objects.filter(action="training.participants").latest("pk")
    assert "新增3人" in entry.summary
    assert not any(number in str(entry.changes) + entry.summary for number in numbers)


def test_a_bad_line_is_named_and_nothing_is_written(home):
    world = training_world(home)
    session, scope = world["session"], world["scope"]
    good = id_number()
    register(Scope.for_user(labor_world(home)["editor"]), id_number=good, name="好人")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    unknown = id_number()
    with pytest.raises(ValidationError) as error:
        services.training_participants_set(
            scope=scope,
            session=session,
            attendees=[
                services.Attendee(id_number=good, line=1),
                services.Attendee(id_number=bad_check, line=2),
                services.Attendee(id_number="140214900101123", line=3),
                services.Attendee(id_number=unknown, line=4),
            ],
        )
    messages = error.value.message_dict["attendees"]
    assert messages[0].startswith("第2行：")
    assert "校验" in messages[0]
    assert messages[1].startswith("第3行：")
    assert "15位" in messages[1]
    assert messages[2] == "第4行：该身份证号尚未登记为务工人员，请先登记。"
    assert session.participants.count() == 1  # the world's participant only


def test_only_the_organiser_sets_participants_and_workers_chosen_must_be_seen(home):
    world = training_world(home)
    session = world["session"]
    with pytest.raises(PermissionDenied):
        services.training_participants_set(
            scope=Scope.for_user(contractor_editor(home)), session=session, attendees=[]
        )
    outsider = OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"])
    stranger = register(Scope.for_user(member(outsider, Role.EDITOR)), name="外人")
    contractor_session = record(
        Scope.for_user(contractor_editor(home)),
        kind=TrainingKind.SAFETY,
        mode=TrainingMode.ON_SITE,
        project=world["project"],
    )
    with pytest.raises(ValidationError) as error:
        services.training_participants_set(
            scope=Scope.for_user(contractor_editor(home)),
            session=contractor_session,
            attendees=[services.Attendee(worker_id=stranger.pk)],
        )
    assert error.value.message_dict["attendees"] == ["所选人员中有本单位看不到的务工人员。"]


def test_update_and_remove_participants(home):
    world = training_world(home)
    session, scope, worker = world["session"], world["scope"], world["worker"]
    services.training_participants_set(
        scope=scope,
        session=session,
        attendees=[services.Attendee(worker_id=worker.pk, passed=False)],
    )
    assert session.participants.get().passed is False
    result = services.training_participants_set(scope=scope, session=session, remove=[worker.pk])
    assert result["removed"] == 1
    assert not session.participants.exists()


def test_the_ledger_counts_per_project_and_township_in_the_database(home):
    world = training_world(home)
    scope = world["scope"]
    second = record(scope, township=home["township"], hours=Decimal("8"))
    services.training_participants_set(
        scope=scope, session=second, attendees=[services.Attendee(worker_id=world["worker"].pk)]
    )
    record(scope, kind=TrainingKind.SAFETY, title="安全生产培训", hours=Decimal("4"))
    sessions = selectors.training_ledger(scope=scope)
    totals = selectors.training_totals(sessions)
    assert totals["sessions"] == 3
    assert totals["hours"] == Decimal("28")
    assert totals["attendances"] == 2
    assert totals["people"] == 1  # the same man twice
    assert totals["person_hours"] == Decimal("24")
    assert totals["passed"] == 1
    by_township = {row["label"]: row for row in selectors.training_by_township(sessions)}
    assert by_township[home["township"].name]["sessions"] == 2
    assert by_township[home["township"].name]["hours"] == Decimal("24")
    assert by_township[home["township"].name]["people"] == 1
    assert by_township["（未填写）"]["sessions"] == 1
    by_project = {row["label"]: row for row in selectors.training_by_project(sessions)}
    assert by_project[world["project"].name]["people"] == 1
    safety = selectors.training_ledger(scope=scope, filters={"kind": TrainingKind.SAFETY})
    assert [s.title for s in safety] == ["安全生产培训"]


def test_the_ledger_page_filters_marks_reserve_training_and_keeps_its_queries(client, home):
    world = training_world(home)
    scope = world["scope"]
    client.force_login(member(home["office"], Role.VIEWER))
    url = reverse("labor:training-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "路基施工技能培训" in page
    assert "培训台账" in page  # the menu entry
    for index in range(8):
        record(scope, title=f"储备培训{index}", reserve_for_maintenance=True)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count("储备性技能培训</span>") == 8
    page = client.get(url, {"reserve_only": "on"}).content.decode()
    assert "路基施工技能培训" not in page
    page = client.get(url, {"project": world["project"].code}).content.decode()
    assert "储备培训0" not in page
    assert "路基施工技能培训" in page


def test_the_session_page_shows_participants_masked(client, home):
    world = training_world(home)
    client.force_login(member(home["township"], Role.VIEWER))
    page = client.get(reverse("labor:training-detail", args=[world["session"].pk])).content.decode()
    assert world["worker"].masked_id_number in page
    assert world["worker"].id_number not in page
    assert "1 人 / 1 人" in page
    assert "登记参训人员" not in page  # the township did not organise it


def test_the_participants_page_adds_by_id_number_and_names_a_bad_line(client, home):
    world = training_world(home)
    session = world["session"]
    number = id_number()
    register(Scope.for_user(labor_world(home)["editor"]), id_number=number, name="新学员")
    client.force_login(office_editor_of(home))
    url = reverse("labor:training-participants", args=[session.pk])
    existing = session.participants.get()
    response = client.post(
        url,
        {
            f"passed_{existing.pk}": "1",
            f"certificate_{existing.pk}": "结业证",
            "id_numbers": f"{number} 合格 焊工证\n\n140214900101123",
        },
    )
    assert response.status_code == 200
    assert "第3行：" in response.content.decode()
    assert session.participants.count() == 1
    response = client.post(
        url,
        {
            f"passed_{existing.pk}": "0",
            f"certificate_{existing.pk}": "",
            "id_numbers": f"{number}，合格，焊工证",
        },
    )
    assert response.status_code == 302
    results = {p.worker.name: (p.passed, p.certificate) for p in session.participants.all()}
    assert results == {"李四": (False, ""), "新学员": (True, "焊工证")}


def test_the_record_page_sends_to_the_participants(client, home):
    project = roster_world(home)["project"]
    client.force_login(contractor_editor(home))
    response = client.post(
        reverse("labor:training-create"),
        {
            "kind": TrainingKind.SAFETY,
            "mode": TrainingMode.ON_SITE,
            "title": "进场安全教育",
            "provider": "测试建设有限公司",
            "project": project.code,
            "start_date": f"{YEAR}-04-01",
            "end_date": f"{YEAR}-04-01",
            "hours": "4",
        },
    )
    session = TrainingSession.objects.get(title="进场安全教育")
    assert response["Location"] == reverse("labor:training-participants", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    # the roster's worker is offered, masked
    assert labor_world(home)["worker"].masked_id_number in page


def test_the_ledger_export_masks_numbers(client, home):
    world = training_world(home)
    client.force_login(member(home["office"], Role.VIEWER))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("labor:training-export"), {"kind": TrainingKind.SKILLS})
    status = client.get(response["Location"]).content.decode()
    assert "共 1 行" in status
    download = client.get(response["Location"] + "download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet["A1"].value == "以工代赈务工人员培训台账"
    row = [cell.value for cell in sheet[4]]
    assert row[1] == "路基施工技能培训"
    assert row[3] == "培训+上岗"
    assert row[14] == world["worker"].masked_id_number
    assert row[15] == "合格"
    values = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert world["worker"].id_number not in values
    assert any("参训1人次、1人" in v for v in values)


def test_nobody_attends_or_passes_a_session_still_to_come(home):
    """A pass or a certificate records something done: not before the session starts."""
    world = training_world(home)
    start = timezone.localdate() + datetime.timedelta(days=10)
    session = services.training_session_record(
        scope=world["scope"],
        kind=TrainingKind.SAFETY,
        mode=TrainingMode.ON_SITE,
        title="进场安全培训",
        provider="测试建设有限公司",
        project=world["project"],
        township=home["township"],
        start_date=start,
        end_date=start,
        hours=Decimal("4"),
    )
    with pytest.raises(ValidationError) as refused:
        services.training_participants_set(
            scope=world["scope"],
            session=session,
            attendees=[services.Attendee(worker_id=world["worker"].pk, passed=True)],
        )
    assert refused.value.message_dict["attendees"] == [
        f"培训{start:%Y年%m月%d日}才开始：参训人员、考核结果和证书在培训开始后登记。"
    ]
    assert not session.participants.exists()
