"""Matching's pages as their users meet them: the township refers people from a plan's page,
the contractor answers, the office reads how long plans took and who was left out; the
dashboard's to-do lines count what their links list; the lists keep their query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labor.models import Engagement, EngagementSource, Referral, ReferralStatus
from labor.services import referral_create
from portal.models import Role
from portal.scope import Scope
from projects.models import PlanNotice
from tests.labor.factories import contractor_editor
from tests.labor.factories_matching import matching_world, survey_response
from tests.portal.factories import member
from tests.projects.factories import LaborPlanFactory

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


def notice_url(world):
    return reverse("labor:referral-notice", args=[world["notice"].pk])


def test_the_township_sees_the_candidates_masked_and_its_referrals(client, home):
    world = matching_world(home)
    client = as_user(client, world["township_editor"])
    page = client.get(notice_url(world)).content.decode()
    person = world["pool"]["group"]
    neighbour = world["neighbour_pool"]["group"]
    assert person.masked_id_number in page
    assert person.id_number not in page
    assert neighbour.masked_id_number in page
    assert neighbour.id_number not in page
    assert f"相邻：{home['townships'][1].name}" in page
    assert "周已荐" in page
    assert ReferralStatus.REFERRED.label in page
    assert "村民突击队" in page
    assert "返薄风险" in page


def test_the_township_refers_two_people_from_the_page(client, home):
    world = matching_world(home)
    client = as_user(client, world["township_editor"])
    chosen = [world["pool"]["group"], world["neighbour_pool"]["group"]]
    response = client.post(
        reverse("labor:referral-create", args=[world["notice"].pk]),
        {"responses": [person.pk for person in chosen]},
        follow=True,
    )
    assert "已推荐 2 人，等待施工单位答复。" in response.content.decode()
    referred = Referral.objects.filter(plan=world["plan"]).values_list("worker__name", flat=True)
    assert sorted(referred) == sorted(["周已荐", "郑重点", "冯邻镇"])


def test_referring_nobody_says_so(client, home):
    world = matching_world(home)
    client = as_user(client, world["township_editor"])
    response = client.post(reverse("labor:referral-create", args=[world["notice"].pk]), {})
    assert response.status_code == 200
    assert "请至少选择一人。" in response.content.decode()
    unwilling = world["pool"]["unwilling"]
    response = client.post(
        reverse("labor:referral-create", args=[world["notice"].pk]), {"responses": [unwilling.pk]}
    )
    assert "所选人员不在本计划的推荐名单中（可能已被推荐过），请刷新页面后重选。" in (
        response.content.decode()
    )
    assert Referral.objects.filter(plan=world["plan"]).count() == 1


def test_a_township_viewer_sees_no_checkboxes_and_may_not_post(client, home):
    world = matching_world(home)
    client = as_user(client, member(home["township"], Role.VIEWER))
    page = client.get(notice_url(world)).content.decode()
    assert 'name="responses"' not in page
    response = client.post(
        reverse("labor:referral-create", args=[world["notice"].pk]),
        {"responses": [world["pool"]["plain"].pk]},
    )
    assert response.status_code == 403


def test_the_contractor_accepts_from_its_answer_page(client, home):
    world = matching_world(home)
    client = as_user(client, contractor_editor(home))
    listing = client.get(reverse("labor:referral-answers"), {"awaiting": 1}).content.decode()
    assert "周已荐" in listing
    referral = world["referral"]
    response = client.post(
        reverse("labor:referral-accept", args=[referral.pk]),
        {"entry_date": world["plan"].start.isoformat()},
        follow=True,
    )
    assert "已录用周已荐，已登记到用工名册。" in response.content.decode()
    engagement = Engagement.objects.get(worker=referral.worker, project=world["project"])
    assert engagement.source == EngagementSource.REFERRAL
    listing = client.get(reverse("labor:referral-answers"), {"awaiting": 1}).content.decode()
    assert "没有待答复的推荐人员" in listing
    # the township sees him hired, with his entry date
    township_page = (
        as_user(client, world["township_editor"]).get(notice_url(world)).content.decode()
    )
    assert f"{world['plan'].start:%Y-%m-%d}</span> 进场" in township_page


def test_the_contractor_declines_with_a_reason_the_township_reads(client, home):
    world = matching_world(home)
    client = as_user(client, contractor_editor(home))
    url = reverse("labor:referral-decline", args=[world["referral"].pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "请填写未录用的原因。" in response.content.decode()
    client.post(url, {"reason": "无钢筋工经验"})
    world["referral"].refresh_from_db()
    assert world["referral"].status == ReferralStatus.DECLINED
    page = as_user(client, world["township_editor"]).get(notice_url(world)).content.decode()
    assert "无钢筋工经验" in page


def test_an_entry_date_outside_the_plan_is_shown_on_the_form(client, home):
    world = matching_world(home)
    plan = world["plan"]
    client = as_user(client, contractor_editor(home))
    response = client.post(
        reverse("labor:referral-accept", args=[world["referral"].pk]),
        {"entry_date": "2000-01-01"},
    )
    assert response.status_code == 200
    assert (
        f"进场日期应在用工计划期间内（{plan.start:%Y-%m-%d} 至 {plan.end:%Y-%m-%d}）。"
        in response.content.decode()
    )


def test_the_office_reads_fill_times_and_the_people_left_out(client, home):
    world = matching_world(home)
    client = as_user(client, member(home["office"], Role.VIEWER))
    page = client.get(reverse("labor:matching-plans")).content.decode()
    assert "未满员" in page
    counts = dict(re.findall(r'data-count="(\w+)" data-count-url="[^"]+">(\d+)<', page))
    assert counts == {"unreferred": "2", "unhired": "0"}
    listing = client.get(reverse("labor:matching-priority-people"), {"unreferred": 1})
    assert listing.context["paginator"].count == 2
    shown = listing.content.decode()
    assert "郑重点" in shown
    assert "冯邻镇" in shown
    assert "吴普通" not in shown
    assert world["pool"]["group"].id_number not in shown


def dashboard_todos(client) -> dict[str, tuple[str, int]]:
    page = client.get(reverse("portal:dashboard")).content.decode()
    found = re.findall(
        r'<a href="([^"]+)"[^>]*>([^<]+)</a>\s*<span[^>]*data-todo-count="(\d+)"', page
    )
    return {label: (url, int(count)) for url, label, count in found}


def test_the_to_dos_count_what_their_lists_show(client, home):
    world = matching_world(home)
    client = as_user(client, contractor_editor(home))
    url, count = dashboard_todos(client)["待答复的乡镇推荐人员"]
    assert count == 1
    assert client.get(url.replace("&amp;", "&")).context["paginator"].count == 1

    client = as_user(client, world["township_editor"])
    # Only the world's plan is published to the township (project_world's own is on offer
    # from March to June, whatever today is).
    PlanNotice.objects.filter(township=home["township"]).exclude(plan=world["plan"]).delete()
    todos = dashboard_todos(client)
    assert "尚未推荐人员的在招用工计划" not in todos  # its plan on offer has a referral
    Referral.objects.filter(plan=world["plan"]).delete()
    url, count = dashboard_todos(client)["尚未推荐人员的在招用工计划"]
    assert count == 1
    assert client.get(url).context["paginator"].count == 1


@pytest.mark.parametrize(
    ("who", "url_name"),
    [("township", "labor:referral-notice"), ("contractor", "labor:referral-answers")],
)
def test_the_pages_keep_a_constant_number_of_queries(client, home, who, url_name):
    world = matching_world(home)
    if who == "township":
        client = as_user(client, world["township_editor"])
        url = notice_url(world)
    else:
        client = as_user(client, contractor_editor(home))
        url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    people = [survey_response(world["survey"], f"新人{n}", skills="砌筑") for n in range(8)]
    referral_create(
        scope=Scope.for_user(world["township_editor"]), notice=world["notice"], responses=people[:4]
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_menu_entries(client, home):
    matching_world(home)
    menu_of = {
        "岗位推荐": member(home["township"], Role.VIEWER),
        "推荐人员答复": member(home["contractor"], Role.VIEWER),
        "人岗匹配": member(home["office"], Role.VIEWER),
    }
    for label, user in menu_of.items():
        page = as_user(client, user).get(reverse("portal:dashboard")).content.decode()
        assert f">{label}<" in page, label


def test_the_offices_pages_keep_a_constant_number_of_queries(client, home):
    world = matching_world(home)
    client = as_user(client, member(home["office"], Role.VIEWER))
    urls = [
        reverse("labor:matching-plans"),
        reverse("labor:matching-priority-people") + "?unreferred=1",
    ]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            client.get(url)
    for number in range(6):
        LaborPlanFactory(project=world["project"], stage=world["stage"], published=True)
        survey_response(world["survey"], f"重点{number}", priority_groups="脱贫人口")
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            client.get(url)
    assert len(many) == len(few)
