"""The roster pages and services: who sees which roster (masked), the filters and their
constant query count, a person added (registered when new), an engagement edited, the signed
contract recorded and downloaded, the 合同预警 list and the contractor's to-do lines, the
project page's tab and the export."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from labor import services
from labor.exports.rosters import build_roster_export
from labor.models import Engagement, StaffCategory, Worker
from labor.views.rosters import contract_todos
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import contractor_editor, id_number, labor_world, register, roster_world
from tests.labor.factories_rosters import contract_scan, contractor_scope
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectContractorFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def today():
    """Today in the portal's time zone, read when a test runs (a run may cross midnight)."""
    return timezone.localdate()


YEAR = timezone.localdate().year


def logged_in(client, user):
    client.force_login(user)
    return client


def add(home, name="王五", number=None, **fields):
    world = roster_world(home)
    fields.setdefault("entry_date", datetime.date(YEAR, 1, 1))
    engagement, _warnings = services.roster_person_add(
        scope=contractor_scope(home),
        project=world["project"],
        contractor=home["contractor"],
        id_number=number or id_number(),
        name=name,
        **fields,
    )
    return engagement


# --- services ----------------------------------------------------------------------------------


def test_a_new_person_is_registered_and_put_on_the_roster(home):
    engagement = add(
        home,
        worker_data={"phone": "13900002222", "household_township": home["townships"][1]},
        trade="木工",
        staff_category=StaffCategory.TECHNICIAN,
    )
    worker = engagement.worker
    assert worker.phone == "13900002222"
    assert worker.region == home["district"]
    assert engagement.contractor == home["contractor"]
    assert not engagement.is_work_relief
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"worker.register", "engagement.add"} <= actions
    assert worker.id_number not in " ".join(AuditEntry.objects.values_list("summary", flat=True))


def test_a_registered_person_is_found_by_his_id_number(home):
    world = roster_world(home)
    stage = world["project"].category.stages.get(order=2)
    before = Worker.objects.count()
    engagement = add(home, name="李四", number=world["worker"].id_number, stage=stage)
    assert engagement.worker == world["worker"]
    assert Worker.objects.count() == before
    with pytest.raises(ValidationError) as error:
        add(home, name="李肆", number=world["worker"].id_number, stage=stage)
    assert error.value.message_dict["name"] == [
        "该身份证号已登记为“李四”，与填写的姓名不一致，请核对。"
    ]


def test_under_sixteen_and_overlaps_are_refused(home):
    with pytest.raises(ValidationError) as error:
        add(home, number=id_number(datetime.date(YEAR - 15, 12, 31)))
    assert "未满16周岁，不得招用" in error.value.message_dict["id_number"][0]
    world = roster_world(home)
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    ProjectContractorFactory(project=world["project"], contractor=other)
    with pytest.raises(ValidationError) as error:
        services.engagement_add(
            scope=Scope.for_user(member(other, Role.EDITOR)),
            project=world["project"],
            contractor=other,
            worker=world["worker"],
            entry_date=datetime.date(YEAR, 3, 1),
        )
    assert error.value.message_dict["worker"] == [
        f"李四已在测试建设有限公司的名册上（{YEAR}-01-01 起），同一项目的用工时间不能重叠。"
    ]


def test_only_the_contractors_editor_writes_its_roster(home):
    world = roster_world(home)
    for user in (member(home["contractor"], Role.VIEWER), member(home["office"], Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            services.engagement_update(
                scope=Scope.for_user(user), engagement=world["engagement"], data={"trade": "x"}
            )


def test_an_engagement_is_edited_with_its_rules_and_audited(home):
    world = roster_world(home)
    engagement = world["engagement"]
    services.engagement_update(
        scope=contractor_scope(home),
        engagement=engagement,
        data={"trade": "钢筋工", "exit_date": datetime.date(YEAR, 6, 30)},
    )
    engagement.refresh_from_db()
    assert (engagement.trade, engagement.exit_date) == ("钢筋工", datetime.date(YEAR, 6, 30))
    entry = AuditEntry.objects.filter(action="engagement.update").get()
    assert entry.changes["工种"] == ["普工", "钢筋工"]
    with pytest.raises(ValidationError) as error:
        services.engagement_update(
            scope=contractor_scope(home),
            engagement=engagement,
            data={"exit_date": datetime.date(YEAR - 1, 6, 30)},
        )
    assert error.value.message_dict["exit_date"] == ["退场日期不能早于进场日期。"]
    # nothing changed: no audit entry
    services.engagement_update(
        scope=contractor_scope(home), engagement=engagement, data={"trade": "钢筋工"}
    )
    assert AuditEntry.objects.filter(action="engagement.update").count() == 1


def test_the_signed_contract_is_recorded_with_its_scan_checked_by_content(home):
    engagement = roster_world(home)["engagement"]
    with pytest.raises(ValidationError) as error:
        services.engagement_contract_record(
            scope=contractor_scope(home),
            engagement=engagement,
            signed_on=today(),
            scan=contract_scan("合同.pdf", b"MZ\x90\x00 an executable"),
        )
    assert error.value.message_dict["contract_scan"] == [
        "文件「合同.pdf」的内容不是 PDF 文件，与扩展名不符。请上传真正的 PDF 文件（不要只修改扩展名）。"
    ]
    with pytest.raises(ValidationError):
        services.engagement_contract_record(
            scope=contractor_scope(home),
            engagement=engagement,
            signed_on=today() + datetime.timedelta(days=1),
            scan=contract_scan(),
        )
    services.engagement_contract_record(
        scope=contractor_scope(home), engagement=engagement, signed_on=today(), scan=contract_scan()
    )
    engagement.refresh_from_db()
    assert engagement.contract_signed_on == today()
    assert engagement.contract_scan.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="engagement.contract").count() == 1


# --- pages -------------------------------------------------------------------------------------


def test_the_roster_shows_masked_numbers_to_every_kind_that_sees_it(client, home):
    world = roster_world(home)
    worker = world["worker"]
    url = reverse("labor:roster", args=[world["project"].pk])
    readers = [
        contractor_editor(home),
        member(home["office"], Role.VIEWER),
        member(home["department"], Role.VIEWER),
        member(world["project"].owner, Role.VIEWER),
        member(home["township"], Role.VIEWER),
    ]
    for user in readers:
        page = logged_in(client, user).get(url).content.decode()
        assert worker.name in page, user
        assert worker.masked_id_number in page
        assert worker.id_number not in page
    page = logged_in(client, contractor_editor(home)).get(url).content.decode()
    assert "登记人员" in page
    page = logged_in(client, member(home["office"], Role.ADMIN)).get(url).content.decode()
    assert "登记人员" not in page


def test_outsiders_get_a_404(client, home, elsewhere):
    world = roster_world(home)
    url = reverse("labor:roster", args=[world["project"].pk])
    stranger = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    assert logged_in(client, member(stranger, Role.ADMIN)).get(url).status_code == 404
    assert logged_in(client, member(elsewhere["office"], Role.ADMIN)).get(url).status_code == 404
    add_url = reverse("labor:roster-add", args=[world["project"].pk])
    assert logged_in(client, member(stranger, Role.EDITOR)).get(add_url).status_code == 404
    viewer = member(home["contractor"], Role.VIEWER)
    assert logged_in(client, viewer).get(add_url).status_code == 403


def test_a_township_sees_only_the_engagements_on_its_ground_or_of_its_people(client, home):
    world = roster_world(home)
    # a project off the township's ground, with one of its people and one stranger
    off_ground = ProjectFactory(
        region=home["district"],
        category=world["project"].category,
        townships=[home["townships"][1]],
        contractors=[home["contractor"]],
    )
    scope = contractor_scope(home)
    own = register(
        Scope.for_user(labor_world(home)["editor"]),
        name="本镇人",
        household_township=home["townships"][0],
    )
    other = register(
        Scope.for_user(labor_world(home)["editor"]),
        name="外镇人",
        household_township=home["townships"][1],
    )
    for worker in (own, other):
        services.engagement_add(
            scope=scope,
            project=off_ground,
            contractor=home["contractor"],
            worker=worker,
            entry_date=datetime.date(YEAR, 2, 1),
        )
    page = (
        logged_in(client, member(home["township"], Role.VIEWER))
        .get(reverse("labor:roster", args=[off_ground.pk]))
        .content.decode()
    )
    assert "本镇人" in page
    assert "外镇人" not in page


def test_the_filters_narrow_the_roster(client, home):
    world = roster_world(home)
    add(home, name="王五", staff_category=StaffCategory.MANAGER)
    add(home, name="赵六", contract_signed_on=datetime.date(YEAR, 1, 1))
    client = logged_in(client, contractor_editor(home))
    url = reverse("labor:roster", args=[world["project"].pk])

    def names(**query):
        engagements = client.get(url, query).context["engagements"]
        return sorted(engagement.worker.name for engagement in engagements)

    assert names() == ["李四", "王五", "赵六"]
    assert names(name="王") == ["王五"]
    assert names(stage=world["stage"].pk) == ["李四"]
    assert names(staff_category=StaffCategory.MANAGER) == ["王五"]
    assert names(contract="signed") == ["赵六"]
    assert names(contract="unsigned") == ["李四", "王五"]


def test_the_roster_page_keeps_a_constant_number_of_queries(client, home):
    world = roster_world(home)
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("labor:roster", args=[world["project"].pk])
    add(home, name="工人1")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(2, 11):
        add(home, name=f"工人{index}", worker_data={"household_township": home["townships"][1]})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_adding_a_person_from_the_page(client, home):
    world = roster_world(home)
    client = logged_in(client, contractor_editor(home))
    url = reverse("labor:roster-add", args=[world["project"].pk])
    assert client.get(url).status_code == 200
    number = id_number()
    response = client.post(
        url,
        {
            "id_number": f" {number.lower()} ",
            "name": "王五",
            "household_township": home["townships"][0].pk,
            "stage": world["stage"].pk,
            "staff_category": StaffCategory.WORKER,
            "entry_date": f"{YEAR}-03-01",
            "daily_pay": "230",
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(worker__name="王五")
    assert engagement.daily_pay == 230
    response = client.post(
        url, {"id_number": "12345", "name": "赵六", "entry_date": f"{YEAR}-03-01"}
    )
    assert response.status_code == 200
    assert "身份证号应为18位" in response.content.decode()


def test_editing_and_recording_the_contract_from_the_page(client, home):
    world = roster_world(home)
    engagement = world["engagement"]
    client = logged_in(client, contractor_editor(home))
    url = reverse("labor:engagement-edit", args=[engagement.pk])
    page = client.get(url).content.decode()
    assert engagement.worker.masked_id_number in page
    response = client.post(
        url,
        {
            "stage": world["stage"].pk,
            "trade": "电工",
            "staff_category": StaffCategory.WORKER,
            "entry_date": engagement.entry_date.isoformat(),
            "daily_pay": "200",
        },
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.trade == "电工"
    url = reverse("labor:engagement-contract", args=[engagement.pk])
    response = client.post(
        url, {"contract_signed_on": today().isoformat(), "contract_scan": contract_scan()}
    )
    assert response.status_code == 302
    download = client.get(reverse("labor:engagement-contract-file", args=[engagement.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    response = client.post(
        url,
        {
            "contract_signed_on": today().isoformat(),
            "contract_scan": contract_scan("a.pdf", b"GIF89a"),
        },
    )
    assert "与扩展名不符" in response.content.decode()


def test_contract_alerts_and_the_contractors_todos_count_the_same_rows(client, home):
    world = roster_world(home)  # 李四: working since 1 January, no contract
    add(
        home,
        name="王五",
        contract_signed_on=datetime.date(YEAR - 1, 12, 1),
        contract_end=today() - datetime.timedelta(days=1),
    )
    add(home, name="赵六", contract_signed_on=datetime.date(YEAR, 1, 1))
    add(
        home,
        name="孙七",
        exit_date=datetime.date(YEAR, 1, 1) if datetime.date(YEAR, 1, 1) < today() else None,
    )
    scope = contractor_scope(home)
    todos = {line.label: line for line in contract_todos(scope)}
    client = logged_in(client, contractor_editor(home))
    for line in todos.values():
        response = client.get(line.url)
        assert response.context["paginator"].count == line.count
    expired = todos["在岗但劳动合同已到期的人员"]
    assert expired.count == 1
    assert expired.urgent
    page = client.get(expired.url).content.decode()
    assert "王五" in page
    assert "李四" not in page
    unsigned = client.get(todos["在岗未签劳动合同的人员"].url).context["engagements"]
    names = {engagement.worker.name for engagement in unsigned}
    assert "李四" in names
    assert not names & {"赵六", "王五"}
    assert contract_todos(Scope.for_user(member(home["office"], Role.ADMIN))) == []
    assert world["project"]


def test_the_index_lists_the_contractors_projects_with_counts(client, home):
    world = roster_world(home)
    add(home, name="王五", contract_signed_on=datetime.date(YEAR, 1, 1))
    page = logged_in(client, contractor_editor(home)).get(reverse("labor:roster-index"))
    project = next(p for p in page.context["projects"] if p.pk == world["project"].pk)
    assert (project.roster_count, project.working_count, project.alert_count) == (2, 2, 1)
    assert "用工名册" in page.content.decode()  # the menu entry


def test_the_project_page_has_a_roster_tab(client, home):
    world = roster_world(home)
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("projects:project-detail", kwargs={"project_code": world["project"].code})
    page = client.get(url).content.decode()
    assert "用工名册" in page
    page = client.get(url, {"tab": "roster"}).content.decode()
    assert world["worker"].masked_id_number in page
    assert world["worker"].id_number not in page


def test_the_export_is_masked_and_starts_from_the_roster(
    client, home, django_capture_on_commit_callbacks
):
    world = roster_world(home)
    built = build_roster_export(
        Scope.for_user(member(home["office"], Role.VIEWER)),
        {"project": world["project"].pk},
        lambda done, total, phase="": None,
    )
    sheet = load_workbook(io.BytesIO(built.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert world["worker"].masked_id_number in values
    assert world["worker"].id_number not in values
    assert built.rows == 1
    client = logged_in(client, member(home["office"], Role.VIEWER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("labor:roster-export", args=[world["project"].pk]))
    assert response.status_code == 302
    assert "/exports/" in response["Location"]
