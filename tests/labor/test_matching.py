"""Matching surveyed people to published labour plans (item 8 of issue 15): the order of the
proposal (priority groups, skill fit, months available, neighbours, people already working,
返薄 collectives' teams first), the referral, the contractor's answer and what it creates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labor import selectors, services
from labor.models import (
    Engagement,
    EngagementSource,
    ReferralStatus,
    SurveyResponse,
    Worker,
    WorkerPriorityGroup,
)
from portal.models import AuditEntry, Role
from portal.scope import Scope
from tests.labor.factories import contractor_editor, labor_world
from tests.labor.factories_matching import (
    matching_world,
    set_neighbours,
    survey_for,
    survey_response,
)
from tests.portal.factories import member
from tests.projects.factories import LaborPlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def township_scope(home, role=Role.EDITOR):
    if role == Role.EDITOR:
        return Scope.for_user(matching_world(home)["township_editor"])
    return Scope.for_user(member(home["township"], role))


def contractor_scope(home):
    return Scope.for_user(contractor_editor(home))


def names(candidates):
    return [candidate.response.name for candidate in candidates.people]


def test_the_proposal_puts_priority_groups_then_skills_then_months_then_neighbours_then_busy(
    home,
):
    world = matching_world(home)
    survey = world["survey"]
    survey_response(survey, "钱钢筋", skills="钢筋、电焊")  # fits 钢筋工
    survey_response(survey, "孙无空", months_available="0" * 12)  # available in no plan month
    worker = labor_world(home)["worker"]  # already working on another project
    survey_response(
        survey, "李在岗", number=worker.id_number, priority_groups="脱贫人口", skills="砌筑"
    )
    other_project = ProjectFactory(region=home["district"], contractors=[home["contractor"]])
    Engagement.objects.create(
        worker=worker,
        project=other_project,
        contractor=home["contractor"],
        entry_date=world["plan"].start - datetime.timedelta(days=30),
    )

    candidates = selectors.referral_candidates(scope=township_scope(home), notice=world["notice"])

    assert names(candidates) == [
        "郑重点",  # own pool, priority group
        "钱钢筋",  # own pool, skill fit
        "吴普通",  # own pool, available every month of the plan
        "孙无空",  # own pool, available in none
        "冯邻镇",  # the neighbour's pool: priority group and skill fit, still after the own
        "李在岗",  # priority group and skill fit, but already working elsewhere: last
    ]
    by_name = {c.response.name: c for c in candidates.people}
    assert by_name["郑重点"].groups == ["脱贫人口"]
    assert by_name["钱钢筋"].skills_matched == ["钢筋工"]
    assert by_name["冯邻镇"].neighbour == home["townships"][1].name
    assert by_name["冯邻镇"].skills_matched == ["砌筑"]
    assert by_name["孙无空"].months_available == 0
    assert by_name["李在岗"].busy
    assert by_name["李在岗"].busy_label == "已在其他项目务工"
    assert not by_name["冯邻镇"].busy
    # the person already referred and the unwilling one are not proposed
    assert "周已荐" not in names(candidates)
    assert "王不愿" not in names(candidates)
    # teams: the 返薄-risk collective first, though the company fits the trade and sorts first
    assert [proposal.team for proposal in candidates.teams] == [
        world["teams"]["collective"],
        world["teams"]["company"],
    ]
    assert candidates.teams[0].return_risk
    assert candidates.teams[1].trades_matched == ["钢筋工"]


def test_neighbours_are_proposed_only_through_the_adjacency_list_and_only_there(home):
    world = matching_world(home)
    scope = township_scope(home)
    neighbour_person = world["neighbour_pool"]["group"]
    # the township's own scope never lists the neighbour's survey
    assert not SurveyResponse.objects.visible_to(scope).filter(pk=neighbour_person.pk).exists()
    assert "冯邻镇" in names(selectors.referral_candidates(scope=scope, notice=world["notice"]))
    set_neighbours(home, "")
    assert "冯邻镇" not in names(selectors.referral_candidates(scope=scope, notice=world["notice"]))


def test_the_proposal_keeps_a_constant_number_of_queries(home):
    world = matching_world(home)
    scope = township_scope(home)
    selectors.referral_candidates(scope=scope, notice=world["notice"])  # the scope's area cached
    with CaptureQueriesContext(connection) as few:
        selectors.referral_candidates(scope=scope, notice=world["notice"])
    for index in range(10):
        survey_response(world["survey"], f"新人{index}", priority_groups="脱贫人口")
    with CaptureQueriesContext(connection) as many:
        selectors.referral_candidates(scope=scope, notice=world["notice"])
    assert len(many) == len(few)


def test_only_the_township_that_received_the_plan_gets_a_proposal(home):
    world = matching_world(home)
    other = Scope.for_user(member(world["neighbour"], Role.EDITOR))
    with pytest.raises(PermissionDenied):
        selectors.referral_candidates(scope=other, notice=world["notice"])


# --- referring ---------------------------------------------------------------------------


def test_referring_registers_the_person_from_the_survey_and_links_the_response(home):
    world = matching_world(home)
    person = world["pool"]["group"]
    assert not Worker.objects.filter(id_number_index=person.id_number_index).exists()

    (referral,) = services.referral_create(
        scope=township_scope(home), notice=world["notice"], responses=[person]
    )

    worker = referral.worker
    assert worker.id_number == person.id_number
    assert worker.name == "郑重点"
    assert worker.birth_date == person.birth_date
    assert worker.phone == "13900001111"
    assert worker.household_township == home["townships"][0]
    assert worker.household_village == person.village
    assert list(worker.priority_groups.values_list("group", flat=True)) == ["脱贫人口"]
    person.refresh_from_db()
    assert person.worker == worker
    assert referral.status == ReferralStatus.REFERRED
    assert referral.township == home["township"]
    entry = AuditEntry.objects.filter(action="referral.create").latest("pk")
    assert entry.summary == (
        f"向{world['plan'].project.name}·{world['stage'].name}推荐1人：郑重点（{worker.masked_id_number}）"
    )
    assert person.id_number not in entry.summary


def test_referring_finds_an_existing_worker_by_the_blind_index(home):
    world = matching_world(home)
    worker = labor_world(home)["worker"]
    person = survey_response(world["survey"], "李四", number=worker.id_number)
    before = Worker.objects.count()
    (referral,) = services.referral_create(
        scope=township_scope(home), notice=world["notice"], responses=[person]
    )
    assert referral.worker == worker
    assert Worker.objects.count() == before


def test_a_person_not_proposed_is_refused_and_nothing_is_written(home):
    world = matching_world(home)
    unwilling, plain = world["pool"]["unwilling"], world["pool"]["plain"]
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            scope=township_scope(home), notice=world["notice"], responses=[plain, unwilling]
        )
    assert error.value.message_dict["responses"] == [
        f"王不愿（{unwilling.masked_id_number}）不在本计划的推荐名单中（可能已被推荐过），"
        "请刷新页面后重选。"
    ]
    assert not Worker.objects.filter(name="吴普通").exists()
    assert world["plan"].referrals.count() == 1


def test_a_person_is_referred_to_a_plan_once(home):
    world = matching_world(home)
    with pytest.raises(ValidationError, match="不在本计划的推荐名单中"):
        services.referral_create(
            scope=township_scope(home),
            notice=world["notice"],
            responses=[world["pool"]["referred"]],
        )


def test_viewers_and_other_townships_may_not_refer(home):
    world = matching_world(home)
    person = world["pool"]["plain"]
    with pytest.raises(PermissionDenied):
        services.referral_create(
            scope=township_scope(home, Role.VIEWER), notice=world["notice"], responses=[person]
        )
    with pytest.raises(PermissionDenied):
        services.referral_create(
            scope=Scope.for_user(member(world["neighbour"], Role.EDITOR)),
            notice=world["notice"],
            responses=[person],
        )


# --- answering ---------------------------------------------------------------------------


def test_accepting_puts_the_person_on_the_roster_at_the_plans_stage_and_rate(home):
    world = matching_world(home)
    referral = world["referral"]
    entry = world["plan"].start + datetime.timedelta(days=2)
    services.referral_accept(scope=contractor_scope(home), referral=referral, entry_date=entry)
    referral.refresh_from_db()
    engagement = referral.engagement
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.contractor == home["contractor"]
    assert referral.decided_by == contractor_editor(home)
    assert engagement.project == world["project"]
    assert engagement.contractor == home["contractor"]
    assert engagement.stage == world["stage"]
    assert engagement.daily_pay == world["plan"].daily_rate
    assert engagement.entry_date == entry
    assert engagement.source == EngagementSource.REFERRAL
    summary = AuditEntry.objects.filter(action="referral.accept").latest("pk").summary
    assert referral.worker.masked_id_number in summary
    assert referral.worker.id_number not in summary


def test_accepting_outside_the_plans_period_is_refused(home):
    world = matching_world(home)
    plan = world["plan"]
    with pytest.raises(ValidationError) as error:
        services.referral_accept(
            scope=contractor_scope(home),
            referral=world["referral"],
            entry_date=plan.end + datetime.timedelta(days=1),
        )
    assert error.value.message_dict["entry_date"] == [
        f"进场日期应在用工计划期间内（{plan.start:%Y-%m-%d} 至 {plan.end:%Y-%m-%d}）。"
    ]
    assert not Engagement.objects.filter(source=EngagementSource.REFERRAL).exists()


def test_declining_needs_a_reason_and_an_answer_is_given_once(home):
    world = matching_world(home)
    referral = world["referral"]
    with pytest.raises(ValidationError) as error:
        services.referral_decline(scope=contractor_scope(home), referral=referral, reason="  ")
    assert error.value.message_dict["reason"] == ["请填写未录用的原因。"]
    services.referral_decline(scope=contractor_scope(home), referral=referral, reason="岗位已满")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.reason == "岗位已满"
    with pytest.raises(ValidationError, match="该推荐已答复（未录用），不能再次答复。"):
        services.referral_accept(
            scope=contractor_scope(home), referral=referral, entry_date=world["plan"].start
        )


def test_only_a_contractor_of_the_project_answers(home):
    world = matching_world(home)
    for user in (
        member(home["contractor"], Role.VIEWER),
        member(home["office"], Role.ADMIN),
        world["township_editor"],
    ):
        with pytest.raises(PermissionDenied):
            services.referral_decline(
                scope=Scope.for_user(user), referral=world["referral"], reason="不需要"
            )


# --- the office's figures ------------------------------------------------------------------


def test_a_plan_is_filled_when_its_hires_reach_its_positions(home):
    world = matching_world(home)
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    plan = world["plan"]

    def fill():
        plans = [p for p in selectors.matching_plan_list(scope=scope) if p.pk == plan.pk]
        return selectors.matching_plan_fills(plans)[0]

    assert (fill().hired, fill().filled_on) == (0, None)
    services.referral_accept(
        scope=contractor_scope(home), referral=world["referral"], entry_date=plan.start
    )
    assert (fill().hired, fill().referred, fill().filled_on) == (1, 1, None)
    (second,) = services.referral_create(
        scope=township_scope(home), notice=world["notice"], responses=[world["pool"]["plain"]]
    )
    services.referral_accept(scope=contractor_scope(home), referral=second, entry_date=plan.start)
    assert fill().hired == 2
    assert fill().filled_on == timezone.localdate()
    assert fill().days == (timezone.localdate() - timezone.localdate(plan.published_at)).days


def test_the_office_sees_priority_people_never_referred_and_never_hired(home):
    world = matching_world(home)
    scope = Scope.for_user(member(home["office"], Role.VIEWER))

    def listed(key):
        return [r.name for r in selectors.priority_people(scope=scope, filters={key: True})]

    assert sorted(listed("unreferred")) == sorted(["郑重点", "冯邻镇"])
    assert listed("unhired") == []
    (referral,) = services.referral_create(
        scope=township_scope(home), notice=world["notice"], responses=[world["pool"]["group"]]
    )
    assert listed("unreferred") == ["冯邻镇"]
    assert listed("unhired") == ["郑重点"]
    services.referral_accept(
        scope=contractor_scope(home), referral=referral, entry_date=world["plan"].start
    )
    assert listed("unhired") == []
    assert selectors.priority_people_counts(scope=scope) == {"unreferred": 1, "unhired": 0}
    assert WorkerPriorityGroup.objects.filter(worker=referral.worker).count() == 1


def test_the_same_person_surveyed_twice_counts_once(home):
    world = matching_world(home)
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    person = world["pool"]["group"]
    survey_response(
        survey_for(home["township"], timezone.localdate().year - 1),
        "郑重点",
        number=person.id_number,
        priority_groups="脱贫人口",
    )
    people = selectors.priority_people(scope=scope, filters={"unreferred": True})
    assert [r.name for r in people].count("郑重点") == 1
    assert people.get(name="郑重点").pk == person.pk  # the latest response


def test_a_plan_not_of_the_region_is_not_listed(home, elsewhere):
    matching_world(home)
    LaborPlanFactory(published=True, project__region=elsewhere["district"])
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    assert all(
        plan.project.region == home["district"]
        for plan in selectors.matching_plan_list(scope=scope)
    )
