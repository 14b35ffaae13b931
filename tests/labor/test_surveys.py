"""Services and selectors of the townships' surveys (摸底调查) and briefings (政策宣讲)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from labor import selectors, services
from labor.models import SurveyResponse
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import id_number, labor_world, roster_world
from tests.labor.factories_surveys import (
    JPEG,
    open_survey,
    photo,
    survey_world,
    township_scope,
    village_of,
)
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def save(scope, survey, **fields):
    fields.setdefault("id_number", id_number())
    fields.setdefault("name", "王五")
    return services.survey_response_save(scope=scope, survey=survey, **fields)


def test_a_township_opens_a_survey_and_only_a_townships_editor_may(home, office_scope):
    scope = township_scope(home)
    survey = open_survey(scope)
    assert survey.township == home["township"]
    assert AuditEntry.objects.filter(action="survey.open", object_id=str(survey.pk)).exists()
    with pytest.raises(PermissionDenied, match="只有乡镇"):
        open_survey(office_scope, title="另一次")
    viewer = Scope.for_user(member(home["township"], Role.VIEWER))
    with pytest.raises(PermissionDenied):
        open_survey(viewer, title="另一次")
    with pytest.raises(ValidationError) as error:
        open_survey(scope)
    assert "已有名为" in error.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as error:
        services.survey_open(
            scope=scope,
            year=timezone.localdate().year,
            title="将来",
            opened_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert error.value.message_dict["opened_on"] == ["开始日期不能晚于今天。"]


def test_a_response_keeps_the_number_encrypted_derives_the_person_and_joins_his_worker(home):
    world = survey_world(home)
    response = world["response"]
    worker = world["worker"]
    assert response.worker == worker
    assert response.birth_date == worker.birth_date
    assert response.sex == worker.sex
    assert response.id_number_index == worker.id_number_index
    assert response.masked_id_number == worker.masked_id_number
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, priority_groups FROM labor_surveyresponse WHERE id = %s",
            [response.pk],
        )
        raw_id, raw_phone, groups = cursor.fetchone()
    assert worker.id_number not in raw_id
    assert "13812341234" not in raw_phone
    assert groups == "脱贫人口"
    entries = AuditEntry.objects.filter(action="survey.response")
    assert entries.exists()
    for entry in entries:
        assert worker.id_number not in str(entry.summary) + str(entry.changes)
        assert worker.masked_id_number in entry.summary


def test_the_same_person_twice_in_one_survey_updates_his_row(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    number = id_number()
    first = save(scope, survey, id_number=number, skills="砌筑", phone="13900001111")
    assert first.created
    second = save(
        scope, survey, id_number=f" {number.lower()} ", skills="电焊", phone="13900002222"
    )
    assert not second.created
    assert second.response.pk == first.response.pk
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    second.response.refresh_from_db()
    assert second.response.skills == "电焊"
    change = AuditEntry.objects.filter(action="survey.response").order_by("-pk").first()
    assert "修改了" in change.summary
    assert change.changes["联系电话"] == ["139****1111", "139****2222"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"id_number": "110101199001011234"}, "id_number", "校验"),
        ({"id_number": "110101900101123"}, "id_number", "15位的旧身份证号"),
        ({"id_number": 1.40214e17}, "id_number", "被 Excel 存成了数字"),
        ({"name": "  "}, "name", "请填写姓名。"),
        ({"priority_groups": ["外星人"]}, "priority_groups", "“外星人”不在本区的重点群体名单中"),
        ({"months_available": "1111"}, "months_available", "可务工月份无效"),
    ],
)
def test_bad_responses_are_refused_on_their_field(home, fields, field, message):
    scope = township_scope(home)
    survey = open_survey(scope)
    with pytest.raises(ValidationError) as error:
        save(scope, survey, **fields)
    assert message in " ".join(error.value.message_dict[field])
    assert not SurveyResponse.objects.exists()


def test_a_child_and_another_townships_village_are_refused(home):
    scope = township_scope(home)
    survey = open_survey(scope)
    child = id_number(timezone.localdate().replace(year=timezone.localdate().year - 10))
    with pytest.raises(ValidationError) as error:
        save(scope, survey, id_number=child)
    assert error.value.message_dict["id_number"] == ["该人员未满16周岁，不能登记为务工人员。"]
    with pytest.raises(ValidationError) as error:
        save(scope, survey, village=village_of(home, 1))
    assert "不是测试镇人民政府所辖的村（社区）" in error.value.message_dict["village"][0]


def test_only_the_surveys_own_township_records_in_it(home, elsewhere):
    survey = open_survey(township_scope(home))
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    with pytest.raises(PermissionDenied):
        save(Scope.for_user(member(other, Role.EDITOR)), survey)
    with pytest.raises(PermissionDenied):
        save(Scope.for_user(member(home["office"], Role.ADMIN)), survey)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3-11", "001111111110"),
        ("3月-11月", "001111111110"),
        ("1-3,9-12", "111000001111"),
        ("１－３、５", "111010000000"),
        ("全年", "111111111111"),
        ("", "111111111111"),
    ],
)
def test_months_are_read_from_text(text, months):
    assert services.survey_months_parse(text) == months
    assert services.survey_months_parse(services.survey_months_text(months)) == months


@pytest.mark.parametrize("text", ["13", "11-3", "春天"])
def test_months_that_are_no_months_are_refused(text):
    with pytest.raises(ValidationError, match="1—12"):
        services.survey_months_parse(text)


def test_a_briefing_is_recorded_with_its_photos_checked(home):
    scope = township_scope(home)
    briefing = services.briefing_record(
        scope=scope,
        held_on=timezone.localdate(),
        village=village_of(home),
        topic="政策宣讲",
        people_reached=25,
        photos=[photo(), photo("b.jpg", JPEG)],
    )
    assert [p.original_name for p in briefing.photos.all()] == ["现场.png", "b.jpg"]
    with briefing.photos.first().file.open("rb") as stored:
        assert stored.read().startswith(b"\x89PNG")
    assert AuditEntry.objects.get(action="briefing.record").summary.endswith("照片2张）")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"held_on": timezone.localdate() + datetime.timedelta(days=1)},
            "held_on",
            "宣讲日期不能晚于今天。",
        ),
        ({"people_reached": 0}, "people_reached", "覆盖人数至少为1人。"),
        ({"photos": [photo("假.jpg", b"GIF89a....")]}, "photos", "“假.jpg”不是 JPG 或 PNG 图片"),
    ],
)
def test_bad_briefings_are_refused(home, fields, field, message):
    data = {"held_on": timezone.localdate(), "topic": "宣讲", "people_reached": 10, **fields}
    with pytest.raises(ValidationError) as error:
        services.briefing_record(scope=township_scope(home), **data)
    assert message in error.value.message_dict[field][0]


def test_an_oversized_photo_is_refused(home, settings):
    big = photo(content=b"\x89PNG\r\n\x1a\n" + b"0" * (services.MAX_PHOTO_BYTES + 1))
    with pytest.raises(ValidationError, match="太大"):
        services.briefing_photo_check(big)


def test_the_pool_keeps_each_person_once_as_his_latest_willing_response(home):
    scope = township_scope(home)
    last_year = open_survey(scope, year=timezone.localdate().year - 1)
    this_year = open_survey(scope)
    keeps, turns_down, fresh = id_number(), id_number(), id_number()
    save(scope, last_year, id_number=keeps, name="甲", skills="砌筑")
    save(
        scope, this_year, id_number=keeps, name="甲", skills="电焊、砌筑", village=village_of(home)
    )
    save(scope, last_year, id_number=turns_down, name="乙")
    save(scope, this_year, id_number=turns_down, name="乙", willing=False)
    save(
        scope,
        this_year,
        id_number=fresh,
        name="丙",
        months_available="000011110000",
        priority_groups=["返乡农民工", "脱贫人口"],
    )
    pool = selectors.survey_pool(scope=scope)
    assert sorted(p.name for p in pool) == ["丙", "甲"]
    assert {p.survey_id for p in pool} == {this_year.pk}
    assert [p.name for p in selectors.survey_pool(scope=scope, filters={"skill": "电焊"})] == ["甲"]
    assert [p.name for p in selectors.survey_pool(scope=scope, filters={"group": "脱贫人口"})] == [
        "丙"
    ]
    may = selectors.survey_pool(scope=scope, filters={"month": 5})
    assert sorted(p.name for p in may) == ["丙", "甲"]
    assert sorted(p.name for p in selectors.survey_pool(scope=scope, filters={"month": 3})) == [
        "甲"
    ]
    village = village_of(home)
    assert [p.name for p in selectors.survey_pool(scope=scope, filters={"village": village})] == [
        "甲"
    ]
    counts = selectors.survey_pool_counts(
        scope=scope, groups=["返乡农民工", "脱贫人口", "受灾群众"]
    )
    assert counts.total == 2
    assert {name: n for _pk, name, n in counts.by_village} == {
        "测试村1-1": 1,
        "未填写村（社区）": 1,
    }
    assert dict(counts.by_skill) == {"电焊": 1, "砌筑": 1}
    assert counts.by_group == [("返乡农民工", 1), ("脱贫人口", 1), ("受灾群众", 0)]
    assert dict(counts.by_month)[3] == 1
    assert dict(counts.by_month)[6] == 2


def test_a_person_surveyed_again_elsewhere_is_in_the_later_townships_pool_only(home):
    """His latest response, wherever he was surveyed, is the one the pools read: the township
    that surveyed him last year no longer lists him once another has surveyed him this year,
    and the office counts him once."""
    first = township_scope(home)
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    second = Scope.for_user(member(other, Role.EDITOR))
    person = id_number()
    save(first, open_survey(first, year=timezone.localdate().year - 1), id_number=person, name="甲")
    assert [p.name for p in selectors.survey_pool(scope=first)] == ["甲"]
    save(second, open_survey(second), id_number=person, name="甲", skills="电焊")
    assert not selectors.survey_pool(scope=first).exists()
    assert [(p.name, p.skills) for p in selectors.survey_pool(scope=second)] == [("甲", "电焊")]
    office = Scope.for_user(member(home["office"], Role.VIEWER))
    assert [p.survey.township for p in selectors.survey_pool(scope=office)] == [other]
    latest = dict(
        SurveyResponse.objects.filter(name="甲").values_list("survey__township", "is_latest")
    )
    assert latest == {home["township"].pk: False, other.pk: True}


def test_the_pool_counts_take_constant_queries(home, django_assert_num_queries):
    scope = township_scope(home)
    survey = open_survey(scope)
    for _ in range(3):
        save(scope, survey, skills="砌筑")
    with django_assert_num_queries(3):
        selectors.survey_pool_counts(scope=scope, groups=["脱贫人口"])


def test_who_from_the_pool_works_where(home):
    world = survey_world(home)
    working = list(selectors.survey_pool_working(scope=world["scope"]))
    engagement = roster_world(home)["engagement"]
    assert [(e.worker, e.project, e.contractor) for e in working] == [
        (world["worker"], engagement.project, home["contractor"])
    ]


def test_a_township_sees_only_its_own_surveys_the_office_its_region_a_contractor_none(
    home, elsewhere
):
    world = survey_world(home)
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    other_scope = Scope.for_user(member(other, Role.EDITOR))
    open_survey(other_scope)
    assert list(selectors.survey_list(scope=world["scope"])) == [world["survey"]]
    assert (
        selectors.survey_list(scope=Scope.for_user(member(home["office"], Role.VIEWER))).count()
        == 2
    )
    hr = OrganizationFactory(kind=OrganizationKind.MEMBER_UNIT, region=home["district"])
    assert selectors.survey_list(scope=Scope.for_user(member(hr, Role.VIEWER))).count() == 2
    contractor = Scope.for_user(member(home["contractor"], Role.ADMIN))
    assert not selectors.survey_list(scope=contractor).exists()
    assert not selectors.survey_pool(scope=contractor).exists()
    assert not selectors.survey_pool(scope=other_scope).exists()
    outside = Scope.for_user(member(elsewhere["office"], Role.ADMIN))
    assert not selectors.survey_list(scope=outside).exists()


def test_the_reveal_is_for_the_township_and_the_office_admins_and_audited(home):
    world = survey_world(home)
    response = world["response"]
    revealed = services.survey_response_reveal(scope=world["scope"], response=response)
    assert revealed == {"id_number": world["worker"].id_number, "phone": "13812341234"}
    admin = Scope.for_user(member(home["office"], Role.ADMIN))
    assert services.survey_response_reveal(scope=admin, response=response)["phone"]
    for scope in (
        Scope.for_user(member(home["office"], Role.EDITOR)),
        Scope.for_user(member(home["township"], Role.VIEWER)),
        Scope.for_user(labor_world(home)["editor"]),
    ):
        with pytest.raises(PermissionDenied):
            services.survey_response_reveal(scope=scope, response=response)
    entries = AuditEntry.objects.filter(action="survey.reveal")
    assert entries.count() == 2
    assert all(world["worker"].id_number not in entry.summary for entry in entries)


def test_coverage_says_who_surveyed_and_briefed_in_five_queries(home, django_assert_num_queries):
    world = survey_world(home)
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    office = Scope.for_user(member(home["office"], Role.VIEWER))
    with django_assert_num_queries(5):
        rows = selectors.coverage_townships(scope=office)
    by_township = {row.township: row for row in rows}
    mine, theirs = by_township[home["township"]], by_township[other]
    assert (mine.surveys, mine.responses, mine.briefings) == (1, 1, 1)
    assert [(c.village.name, c.responses, c.briefings) for c in mine.villages] == [
        ("测试村1-1", 1, 1)
    ]
    assert (theirs.surveys, theirs.briefings, theirs.villages_surveyed) == (0, 0, 0)
    missing = selectors.coverage_townships(scope=office, filters={"missing": "survey"})
    assert [row.township for row in missing] == [other]
    last_year = selectors.coverage_townships(
        scope=office, filters={"year": timezone.localdate().year - 1, "missing": "briefing"}
    )
    assert len(last_year) == 2
    assert [row.township for row in selectors.coverage_townships(scope=world["scope"])] == [
        home["township"]
    ]


def test_no_plain_number_in_any_column(home):
    world = survey_world(home)
    plain = world["worker"].id_number
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM labor_surveyresponse")
        rows = cursor.fetchall()
        cursor.execute("SELECT summary, changes::text, object_repr FROM portal_auditentry")
        rows += cursor.fetchall()
    assert rows
    assert not any(plain in str(value) for row in rows for value in row)
