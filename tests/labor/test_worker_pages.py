"""Registering and editing a worker on the pages (office, labour organisations), the warnings
after saving, the village following the township, and the list: open to every kind that sees
workers, its filters, the "户籍乡镇待补充" hint and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labor.models import LaborSurvey, SurveyResponse, Worker
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import id_number, labor_world, luhn_card, register, roster_world
from tests.labor.factories_workers import survey_response
from tests.portal.factories import OrganizationFactory, district_tree, member

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


def form_data(home, **extra):
    township = home["townships"][0]
    return {
        "id_number": id_number(),
        "name": "孙七",
        "phone": "13712345678",
        "household_township": township.pk,
        "household_village": township.children.get().pk,
        "bank_name": "测试银行",
        "bank_card": luhn_card("621700009876543"),
        **extra,
    }


def test_the_office_registers_a_worker_with_his_priority_groups(client, home):
    client = logged_in(client, member(home["office"], Role.EDITOR))
    page = client.get(reverse("labor:worker-create")).content.decode()
    assert "登记务工人员" in page
    assert "脱贫人口" in page  # the region's list
    data = form_data(
        home,
        group_1="on",  # 脱贫人口, second in the default list
        group_1_source="民政部门名单",
        group_1_date="2025-03-01",
    )
    response = client.post(reverse("labor:worker-create"), data, follow=True)
    page = response.content.decode()
    worker = Worker.objects.get()
    assert response.redirect_chain[-1][0] == reverse("labor:worker-detail", args=[worker.pk])
    assert "已登记务工人员孙七" in page
    assert worker.masked_id_number in page
    assert data["id_number"] not in page
    assert "脱贫人口" in page
    assert "民政部门名单" in page
    group = worker.priority_groups.get()
    assert (group.group, group.recorded_on) == ("脱贫人口", datetime.date(2025, 3, 1))
    assert worker.household_village == home["townships"][0].children.get()


def test_the_warnings_are_shown_after_saving(client, home):
    client = logged_in(client, member(home["office"], Role.EDITOR))
    data = form_data(
        home,
        id_number=id_number(years_ago(62)),
        bank_card="6217000012345678",  # not Luhn
    )
    page = client.post(reverse("labor:worker-create"), data, follow=True).content.decode()
    assert "银行卡号未通过校验（Luhn），请与本人核对卡号。" in page
    assert "超过本区提示年龄60岁，已标记待复核" in page
    assert Worker.objects.get().needs_age_review


def test_bad_input_stays_on_the_form_with_its_message(client, home):
    client = logged_in(client, member(home["office"], Role.EDITOR))
    data = form_data(home, id_number="140214900101123", group_0="on")
    response = client.post(reverse("labor:worker-create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "这是15位的旧身份证号，已停止使用。请填写本人现在的18位身份证号。" in page
    assert "请填写“返乡农民工”的认定来源。" in page
    assert "请填写“返乡农民工”的认定日期。" in page
    assert not Worker.objects.exists()
    # the village of another township
    data = form_data(home, household_village=home["townships"][1].children.get().pk)
    page = client.post(reverse("labor:worker-create"), data).content.decode()
    assert "户籍村（社区）应属于所选的户籍乡镇。" in page
    assert not Worker.objects.exists()


def test_the_village_follows_the_township(client, home):
    client = logged_in(client, member(home["office"], Role.EDITOR))
    page = client.get(reverse("labor:worker-create")).content.decode()
    assert 'data-follows="id_household_township"' in page
    for township in home["townships"]:
        village = township.children.get()
        assert f'value="{village.pk}" data-domain="{township.pk}"' in page


def test_a_labour_organisation_registers_its_own_member(client, home):
    world = labor_world(home)
    client = logged_in(client, world["editor"])
    page = client.get(reverse("labor:worker-create")).content.decode()
    assert 'name="labor_organization"' not in page
    client.post(reverse("labor:worker-create"), form_data(home, name="周八"))
    assert Worker.objects.get(name="周八").labor_organization == world["labor_org"]


def test_registering_joins_the_townships_survey_responses(client, home):
    number = id_number()
    response = survey_response(home, number)
    client = logged_in(client, member(home["office"], Role.EDITOR))
    client.post(reverse("labor:worker-create"), form_data(home, id_number=number))
    response.refresh_from_db()
    assert response.worker == Worker.objects.get()
    assert "关联了1条乡镇摸底调查登记" in AuditEntry.objects.get(action="worker.register").summary


@pytest.mark.parametrize("kind", [OrganizationKind.CONTRACTOR, OrganizationKind.TOWNSHIP])
def test_other_kinds_may_not_register(client, home, kind):
    organization = home["contractor"] if kind == OrganizationKind.CONTRACTOR else home["township"]
    client = logged_in(client, member(organization, Role.ADMIN))
    assert client.get(reverse("labor:worker-create")).status_code == 403
    assert client.post(reverse("labor:worker-create"), form_data(home)).status_code == 403
    assert not Worker.objects.exists()


def test_the_edit_page_never_writes_the_whole_numbers(client, home):
    worker = labor_world(home)["worker"]
    client = logged_in(client, member(home["office"], Role.EDITOR))
    url = reverse("labor:worker-update", args=[worker.pk])
    page = client.get(url).content.decode()
    assert worker.masked_id_number in page
    assert worker.masked_bank_card in page  # as the placeholder
    for number in (worker.id_number, worker.bank_card, worker.phone):
        assert number not in page


def test_editing_keeps_blank_numbers_and_sets_the_priority_groups(client, home):
    worker = labor_world(home)["worker"]
    card, phone = worker.bank_card, worker.phone
    client = logged_in(client, member(home["office"], Role.EDITOR))
    url = reverse("labor:worker-update", args=[worker.pk])
    data = {
        "name": "李四",
        "household_township": home["townships"][1].pk,
        "bank_name": "另一银行",
        "phone": "",
        "bank_card": "",
        "group_2": "on",  # 防止返贫监测对象
        "group_2_source": "乡镇摸底调查",
        "group_2_date": "2025-06-01",
    }
    response = client.post(url, data, follow=True)
    assert "已保存务工人员李四的信息" in response.content.decode()
    worker = Worker.objects.get(pk=worker.pk)
    assert (worker.bank_card, worker.phone) == (card, phone)
    assert worker.household_township == home["townships"][1]
    assert worker.household_village is None
    assert list(worker.priority_groups.values_list("group", flat=True)) == ["防止返贫监测对象"]
    entry = AuditEntry.objects.get(action="worker.update")
    assert "防止返贫监测对象" in str(entry.changes)
    assert card not in str(entry.changes)
    # unticking removes the group
    data.pop("group_2")
    client.post(url, data)
    assert not worker.priority_groups.exists()


def test_only_those_who_may_edit_see_the_edit_page(client, home):
    worker = labor_world(home)["worker"]
    other = OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"])
    url = reverse("labor:worker-update", args=[worker.pk])
    assert logged_in(client, member(other, Role.ADMIN)).get(url).status_code == 404
    assert logged_in(client, member(home["office"], Role.VIEWER)).get(url).status_code == 403
    assert logged_in(client, labor_world(home)["editor"]).get(url).status_code == 200
    detail = reverse("labor:worker-detail", args=[worker.pk])
    assert "修改信息" in client.get(detail).content.decode()


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    ["member_unit", "department", "township", "owner", "contractor", "supervisor", "labor_org"],
)
def test_the_list_is_open_to_every_kind_that_sees_workers(client, home, who):
    world = roster_world(home)
    worker = world["worker"]
    project = world["project"]
    organization = {
        "member_unit": OrganizationFactory(
            kind=OrganizationKind.MEMBER_UNIT, region=home["district"]
        ),
        "department": project.department,
        "township": home["township"],
        "owner": project.owner,
        "contractor": home["contractor"],
        "supervisor": OrganizationFactory(
            kind=OrganizationKind.SUPERVISOR, region=home["district"]
        ),
        "labor_org": labor_world(home)["labor_org"],
    }[who]
    if who == "supervisor":
        project.supervisor = organization
        project.save(update_fields=["supervisor"])
    client = logged_in(client, member(organization, Role.VIEWER))
    page = client.get(reverse("labor:worker-list")).content.decode()
    assert worker.name in page
    assert worker.masked_id_number in page
    assert reverse("labor:worker-list") in page  # the menu entry
    assert "登记务工人员" not in page


def test_the_list_filters(client, home, office_scope):
    labor_world(home)  # 李四, in the first township
    old = register(office_scope, name="王五", id_number=id_number(years_ago(63)))
    Worker.objects.filter(pk=old.pk).update(household_township=None)
    poor = register(office_scope, name="钱九", household_township=home["townships"][1])
    poor.priority_groups.create(group="脱贫人口", source="民政部门名单", recorded_on="2025-01-01")
    away = register(office_scope, name="吴十")
    Worker.objects.filter(pk=away.pk).update(household_township=district_tree(3)["townships"][0])
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("labor:worker-list")

    def names(**query):
        page = client.get(url, query).content.decode()
        return {name for name in ("李四", "王五", "钱九", "吴十") if name in page}

    assert names() == {"李四", "王五", "钱九", "吴十"}
    assert names(name="王") == {"王五"}
    assert names(township=home["townships"][1].pk) == {"钱九"}
    assert names(priority_group="脱贫人口") == {"钱九"}
    assert names(needs_age_review="on") == {"王五"}
    assert names(local="local") == {"李四", "钱九"}
    assert names(local="not_local") == {"王五", "吴十"}
    assert names(local="missing") == {"王五"}
    page = client.get(url).content.decode()
    assert "1 人户籍乡镇待补充" in page
    assert "?local=missing" in page


def test_the_list_keeps_a_constant_number_of_queries_with_filters(client, home, office_scope):
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("labor:worker-list")
    query = {"local": "local", "priority_group": "脱贫人口"}

    def add(count):
        for index in range(count):
            worker = register(
                office_scope, name=f"工人{index}", household_township=home["townships"][1]
            )
            worker.priority_groups.create(group="脱贫人口", source="名单", recorded_on="2025-01-01")
            worker.priority_groups.create(
                group="返乡农民工", source="名单", recorded_on="2025-01-01"
            )

    add(2)
    client.get(url, query)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).content.decode().count("工人") >= 2
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).content.decode().count("工人") >= 12
    assert len(many) == len(few)


def test_registering_joins_every_unjoined_response_of_his_number_in_one_update(home, office_scope):
    number = id_number()
    first = survey_response(home, number)
    other_township = OrganizationFactory(
        kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]
    )
    other_survey = LaborSurvey.objects.create(
        township=other_township, year=2025, title="2025年摸底", opened_on="2025-01-01"
    )
    second = survey_response(home, number, survey=other_survey)
    stranger = survey_response(home)
    with CaptureQueriesContext(connection) as queries:
        worker = register(office_scope, id_number=number)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "labor_surveyresponse"')]
    assert len(updates) == 1
    assert set(SurveyResponse.objects.filter(worker=worker)) == {first, second}
    assert SurveyResponse.objects.get(pk=stranger.pk).worker is None


def test_the_worker_page_shows_his_work_as_the_reader_may_see_it(client, home):
    """The office sees every roster line, month and training of the worker; a contractor
    only its own roster's (three queries whatever the history's length)."""
    from labor.selectors import worker_history
    from tests.labor.factories_training import training_world

    world = training_world(home)
    worker = world["worker"]
    office = Scope.for_user(member(home["office"], Role.VIEWER))
    history = worker_history(scope=office, worker=worker)
    assert [e.project for e in history.engagements] == [world["project"]]
    assert [t.session for t in history.trainings] == [world["session"]]
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    stranger = Scope.for_user(member(other, Role.VIEWER))
    assert worker_history(scope=stranger, worker=worker).engagements == []

    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get(reverse("labor:worker-detail", args=[worker.pk])).content.decode()
    assert "务工经历" in page
    assert world["project"].name in page
    assert world["session"].title in page
