"""The survey and briefing pages as their users see them: the quick-entry row, the masked
lists and the audited reveal, the pool, the briefings with their photos, the coverage and
the to-do lines that link to it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labor import services
from labor.models import PolicyBriefing, SurveyResponse
from portal.models import OrganizationKind, Role
from portal.navigation import registry
from portal.scope import Scope
from tests.labor.factories import id_number
from tests.labor.factories_surveys import (
    open_survey,
    photo,
    survey_world,
    township_editor,
    township_scope,
    village_of,
)
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def row(home, **fields):
    data = {
        "id_number": id_number(),
        "name": "钱八",
        "village": village_of(home).pk,
        "willing": "on",
        "skills": "砌筑",
        "months_text": "3-11",
        "priority_groups": ["脱贫人口"],
        "phone": "13600001111",
    }
    return data | fields


def test_the_quick_entry_saves_on_enter_and_comes_back_empty_with_the_row_on_top(home, client):
    survey = open_survey(township_scope(home))
    client.force_login(township_editor(home))
    url = reverse("labor:survey-entry", args=[survey.pk])
    page = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="id_number"[^>]*autofocus', page)
    assert "data-enter-submits" in page
    client.post(url, row(home, name="第一人"))
    number = id_number()
    response = client.post(url, row(home, id_number=number, name="第二人"))
    assert response.status_code == 302
    assert response.url == url
    page = client.get(url).content.decode()
    assert f"已录入：第二人（{number[:4]}" in page
    assert 'value="' + number not in page  # the form is empty again
    recent = page[page.index("本次已录入") :]
    assert recent.index("第二人") < recent.index("第一人")
    assert number not in page
    saved = SurveyResponse.objects.get(name="第二人")
    assert saved.months_available == "001111111110"
    assert saved.group_list == ["脱贫人口"]


def test_the_quick_entry_shows_errors_beside_the_fields_in_chinese(home, client):
    survey = open_survey(township_scope(home))
    client.force_login(township_editor(home))
    url = reverse("labor:survey-entry", args=[survey.pk])
    response = client.post(url, row(home, id_number="140214900101123"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-id_number">这是15位的旧身份证号' in page
    page = client.post(url, row(home, months_text="13-2")).content.decode()
    assert 'data-testid="error-months_text">可务工月份“13-2”不在1—12月之间' in page
    response = client.post(url, row(home, id_number="1.40214E+17"))
    assert "被 Excel 存成了数字" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_same_person_entered_again_updates_him(home, client):
    survey = open_survey(township_scope(home))
    client.force_login(township_editor(home))
    url = reverse("labor:survey-entry", args=[survey.pk])
    number = id_number()
    client.post(url, row(home, id_number=number))
    client.post(url, row(home, id_number=number, skills="电工"))
    assert SurveyResponse.objects.get().skills == "电工"
    assert "已更新：钱八" in client.get(url).content.decode()


def test_only_the_surveys_township_may_enter_rows(home, client):
    survey = open_survey(township_scope(home))
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    client.force_login(member(other, Role.EDITOR))
    assert client.get(reverse("labor:survey-entry", args=[survey.pk])).status_code == 404
    client.force_login(member(home["office"], Role.ADMIN))
    assert client.get(reverse("labor:survey-entry", args=[survey.pk])).status_code == 403
    client.force_login(member(home["contractor"], Role.ADMIN))
    assert client.get(reverse("labor:survey-list")).status_code == 403
    assert client.get(reverse("labor:survey-detail", args=[survey.pk])).status_code == 403


def test_the_survey_page_masks_numbers_and_the_reveal_is_audited(home, client):
    world = survey_world(home)
    plain = world["worker"].id_number
    url = reverse("labor:survey-detail", args=[world["survey"].pk])
    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get(url).content.decode()
    assert world["worker"].masked_id_number in page
    assert plain not in page
    assert "查看完整号码" not in page
    client.force_login(township_editor(home))
    page = client.get(url).content.decode()
    assert "查看完整号码" in page
    reveal = reverse("labor:survey-response-reveal", args=[world["response"].pk])
    response = client.post(reveal)
    assert plain in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.post(reveal, follow=True)
    assert plain not in response.content.decode()
    assert "可以查看完整号码" in response.content.decode()


def test_the_survey_page_takes_constant_queries(home, client):
    scope = township_scope(home)
    survey = open_survey(scope)
    client.force_login(township_editor(home))
    url = reverse("labor:survey-detail", args=[survey.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        services.survey_response_save(scope=scope, survey=survey, id_number=id_number(), name="甲")
    few = queries()
    for _ in range(8):
        services.survey_response_save(
            scope=scope, survey=survey, id_number=id_number(), name="乙", village=village_of(home)
        )
    assert queries() == few


def test_the_pool_page_filters_counts_and_shows_who_works_where(home, client):
    world = survey_world(home)
    scope = world["scope"]
    services.survey_response_save(
        scope=scope,
        survey=world["survey"],
        id_number=id_number(),
        name="周九",
        skills="木工",
        months_available="000000000011",
        priority_groups=["返乡农民工"],
    )
    client.force_login(township_editor(home))
    url = reverse("labor:survey-pool")
    page = client.get(url).content.decode()
    assert 'data-testid="pool-total">2<' in page
    assert "人员库中正在务工的人员" in page
    assert 'data-testid="working-count">1<' in page
    assert roster_project_name(home) in page
    assert home["contractor"].name in page
    assert world["worker"].id_number not in page
    filtered = client.get(url, {"month": 11, "group": "返乡农民工"})
    assert [p.name for p in filtered.context["people"]] == ["周九"]
    assert [p.name for p in client.get(url, {"skill": "电焊"}).context["people"]] == ["李四"]
    assert [p.name for p in client.get(url, {"month": 1}).context["people"]] == []


def roster_project_name(home) -> str:
    from tests.labor.factories import roster_world

    return roster_world(home)["project"].name


def test_the_pool_page_takes_constant_queries(home, client):
    scope = township_scope(home)
    survey = open_survey(scope)
    client.force_login(township_editor(home))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("labor:survey-pool")).status_code == 200
        return len(captured)

    for _ in range(2):
        services.survey_response_save(scope=scope, survey=survey, id_number=id_number(), name="甲")
    few = queries()
    for _ in range(8):
        services.survey_response_save(
            scope=scope, survey=survey, id_number=id_number(), name="乙", skills="砌筑"
        )
    assert queries() == few


def test_a_briefing_is_recorded_with_photos_served_only_to_who_sees_it(home, client, elsewhere):
    client.force_login(township_editor(home))
    response = client.post(
        reverse("labor:briefing-record"),
        {
            "held_on": timezone.localdate().isoformat(),
            "village": village_of(home).pk,
            "topic": "以工代赈政策宣讲",
            "people_reached": 30,
            "photos": [photo(), photo("二.png")],
        },
    )
    assert response.status_code == 302
    briefing = PolicyBriefing.objects.get()
    assert briefing.photos.count() == 2
    page = client.get(reverse("labor:briefing-list")).content.decode()
    assert "以工代赈政策宣讲" in page
    photo_url = reverse("labor:briefing-photo", args=[briefing.photos.first().pk])
    assert photo_url in page
    answer = client.get(photo_url)
    assert answer["Content-Type"] == "image/png"
    assert b"".join(answer.streaming_content).startswith(b"\x89PNG")
    client.force_login(member(home["office"], Role.VIEWER))
    answer = client.get(photo_url)
    assert answer.status_code == 200
    b"".join(answer.streaming_content)  # read to the end, which closes the file
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    assert client.get(photo_url).status_code == 404
    client.force_login(member(home["contractor"], Role.ADMIN))
    assert client.get(photo_url).status_code == 403


def test_a_briefing_with_a_fake_photo_or_a_future_date_is_refused(home, client):
    client.force_login(township_editor(home))
    response = client.post(
        reverse("labor:briefing-record"),
        {
            "held_on": (
                timezone.localdate().replace(year=timezone.localdate().year + 1)
            ).isoformat(),
            "topic": "宣讲",
            "people_reached": 3,
            "photos": [photo("x.jpg", b"MZ\x90\x00 not an image")],
        },
    )
    page = response.content.decode()
    assert "“x.jpg”不是 JPG 或 PNG 图片" in page
    assert not PolicyBriefing.objects.exists()
    response = client.post(
        reverse("labor:briefing-record"),
        {
            "held_on": (
                timezone.localdate().replace(year=timezone.localdate().year + 1)
            ).isoformat(),
            "topic": "宣讲",
            "people_reached": 3,
        },
    )
    assert "宣讲日期不能晚于今天。" in response.content.decode()


def test_coverage_numbers_equal_what_their_links_open(home, client):
    survey_world(home)
    other = OrganizationFactory(
        name="第二镇人民政府", kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]
    )
    office = member(home["office"], Role.VIEWER)
    lines = registry.todos_for(Scope.for_user(office))
    line = next(line for line in lines if line.label == "未开展摸底的乡镇")
    assert line.count == 1
    client.force_login(office)
    response = client.get(line.url)
    assert len(response.context["entries"]) == line.count
    page = response.content.decode()
    assert other.name in page
    assert home["township"].name not in page
    everything = client.get(reverse("labor:survey-coverage")).content.decode()
    assert everything.count('data-testid="coverage-row"') == 2
    assert "测试村1-1：调查1人 / 宣讲1场" in everything
    hr = OrganizationFactory(kind=OrganizationKind.MEMBER_UNIT, region=home["district"])
    client.force_login(member(hr, Role.VIEWER))
    assert client.get(reverse("labor:survey-coverage")).content.decode().count("coverage-row") == 2
    client.force_login(member(home["contractor"], Role.ADMIN))
    assert client.get(reverse("labor:survey-coverage")).status_code == 403


def test_a_township_without_a_survey_this_year_has_a_to_do(home, client):
    scope = township_scope(home)
    line = next(line for line in registry.todos_for(scope) if "摸底" in line.label)
    assert (line.label, line.count) == ("本年度尚未开展摸底调查", 1)
    client.force_login(township_editor(home))
    assert len(client.get(line.url).context["entries"]) == 1
    open_survey(scope)
    assert not [line for line in registry.todos_for(scope) if "摸底" in line.label]


def test_the_coverage_page_takes_constant_queries(home, client):
    client.force_login(member(home["office"], Role.VIEWER))
    url = reverse("labor:survey-coverage")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    survey_world(home)
    for index in range(2):
        OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][index])
    assert queries() == few


def test_the_menu_offers_surveys_briefings_and_coverage_to_whom_they_serve(home):
    def labels(organization) -> list[str]:
        scope = Scope.for_user(member(organization, Role.VIEWER))
        return [entry["label"] for entry in registry.menu_for(scope, "/")]

    assert {"摸底调查", "政策宣讲"} <= set(labels(home["township"]))
    assert "摸底覆盖" not in labels(home["township"])
    assert {"摸底调查", "政策宣讲", "摸底覆盖"} <= set(labels(home["office"]))
    assert not {"摸底调查", "政策宣讲", "摸底覆盖"} & set(labels(home["contractor"]))


def test_the_survey_and_briefing_lists_take_constant_queries(home, client):
    scope = township_scope(home)
    client.force_login(member(home["office"], Role.VIEWER))

    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            open_survey(scope, title=f"第{number}次")
            services.briefing_record(
                scope=scope,
                held_on=timezone.localdate(),
                topic=f"宣讲{number}",
                people_reached=5,
                photos=[photo()],
            )

    add(2, 0)
    few = {name: queries(name) for name in ("labor:survey-list", "labor:briefing-list")}
    add(8, 2)
    assert {name: queries(name) for name in few} == few
