"""Reads of matching surveyed people to published labour plans (item 8 of issue 15): the
people and teams proposed for a plan in a township's inbox, the referrals, and the office's
view of how long each plan took to fill and which priority-group people were left out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from labor.models import (
    Engagement,
    Referral,
    ReferralStatus,
    SurveyResponse,
    Team,
    Worker,
    WorkerPriorityGroup,
)
from labor.selectors.organizations import team_proposals
from labor.selectors.surveys import survey_pool
from portal.models import (
    CONTRACTOR_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    Region,
    RegionLevel,
)
from portal.rules import rules_for
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import LaborPlan, PlanNotice, ProjectContractor

__all__ = [
    "Candidate",
    "Candidates",
    "PlanFill",
    "TeamProposal",
    "matching_plan_fills",
    "plan_months",
    "priority_people",
    "referral_can_answer",
    "referral_candidates",
    "referral_get",
    "referral_list",
    "referral_notice_list",
    "skill_words",
]

# What separates the words of a skills field: spaces, Chinese and Western punctuation.
WORD_SEPARATORS = re.compile(r"[\s,，、;；/|。.：:（）()【】\[\]+＋和及与]+")
BUSY_LABEL = "已在其他项目务工"


def skill_words(*texts: str) -> list[str]:
    """The words of skills, certificates or preferred work, in order, once each."""
    words = [word for text in texts for word in WORD_SEPARATORS.split(text or "") if word]
    return list(dict.fromkeys(words))


def _fits(wanted: str, offered: list[str]) -> bool:
    """A plan's word fits a person's when they are equal or, both of two characters or more,
    one contains the other (钢筋 fits 钢筋工)."""
    return any(
        wanted == word or (min(len(wanted), len(word)) >= 2 and (wanted in word or word in wanted))
        for word in offered
    )


def plan_months(plan: LaborPlan) -> list[int]:
    """The calendar months (1-12) the plan's period touches, each once."""
    months, day = [], plan.start.replace(day=1)
    while day <= plan.end and len(months) < 12:
        months.append(day.month)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _ground(organization: Organization) -> Region:
    region = organization.region
    return region.parent if region.level == RegionLevel.VILLAGE else region


@dataclass
class Candidate:
    """A person proposed for a plan: his latest survey response, where he was surveyed, and
    why he stands where he does in the list."""

    response: SurveyResponse
    neighbour: str  # the neighbouring township that surveyed him; "" for the township's own
    groups: list[str]
    skills_matched: list[str]
    months_available: int
    months_wanted: int
    busy: bool

    @property
    def busy_label(self) -> str:
        return BUSY_LABEL if self.busy else ""

    def sort_key(self) -> tuple:
        return (
            self.busy,
            bool(self.neighbour),
            not self.groups,
            -len(self.skills_matched),
            -self.months_available,
            self.response.name,
            self.response.pk,
        )


@dataclass
class TeamProposal:
    team: Team
    return_risk: bool
    local: bool
    trades_matched: list[str]


@dataclass
class Candidates:
    people: list[Candidate] = field(default_factory=list)
    teams: list[TeamProposal] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)


def _pool(scope: Scope, notice: PlanNotice, neighbours: list[str]) -> list[SurveyResponse]:
    """The township's pool (`survey_pool`: each person once, his latest response, when it
    says he is willing), then its neighbours' the same way, without anyone already referred
    to the plan. Two queries."""
    referred = Referral.objects.filter(plan=notice.plan).values("worker__id_number_index")
    own = list(
        survey_pool(scope=scope, filters={"township": notice.township})
        .exclude(id_number_index__in=referred)
        .select_related("survey__township__region")
        .defer("phone")
    )
    if not neighbours:
        return own
    ground = _ground(notice.township)
    regions = Region.objects.filter(
        path__startswith=scope.area.path, level=RegionLevel.TOWNSHIP, name__in=neighbours
    ).exclude(pk=ground.pk)
    # The neighbours' responses are read here, for the proposal only: the township's own
    # scope (SurveyResponse.visible_to) never lists them.
    # Each person's latest response lies in one township only: no one is in both lists.
    theirs = (
        SurveyResponse.objects.filter(
            Q(survey__township__region__in=regions)
            | Q(survey__township__region__parent__in=regions),
            survey__township__kind__in=TOWNSHIP_KINDS,
            is_latest=True,
            willing=True,
        )
        .exclude(id_number_index__in=referred)
        .select_related("survey__township__region", "village", "worker")
        .defer("phone")
    )
    return own + list(theirs)


def referral_candidates(*, scope: Scope, notice: PlanNotice) -> Candidates:
    """Whom the township may refer to the plan of `notice`: willing people of its own survey
    pool, then of its neighbouring townships' (the region's adjacency list), each person once
    (his latest response), none already referred to the plan. Within each, people of a
    priority group first, then the better skill fit (the plan's skills against the person's
    skills, certificates and preferred work, word by word), then more of the plan's months
    available; anyone already working elsewhere during the plan's period comes last, marked.
    Teams: the region's teams as `team_proposals` orders them (返薄-risk collectives first).
    A constant number of queries."""
    if scope.organization is None or notice.township_id != scope.organization.pk:
        raise PermissionDenied("只有收到该用工计划的乡镇（街道）可以推荐人员。")
    plan = notice.plan
    rules = rules_for(scope.area)
    neighbours = rules.neighbours.get(_ground(notice.township).name, [])
    wanted_words = skill_words(plan.skills)
    months = plan_months(plan)

    responses = _pool(scope, notice, neighbours)
    indexes = [response.id_number_index for response in responses]
    worker_groups: dict[str, set[str]] = {}
    for index, group in WorkerPriorityGroup.objects.filter(
        worker__id_number_index__in=indexes
    ).values_list("worker__id_number_index", "group"):
        worker_groups.setdefault(index, set()).add(group)
    busy = set(
        Engagement.objects.filter(
            worker__id_number_index__in=indexes,
            entry_date__lte=plan.end,
        )
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=plan.start))
        .values_list("worker__id_number_index", flat=True)
    )
    own_ground = _ground(notice.township)
    people = []
    for response in responses:
        surveyed_by = response.survey.township
        neighbour = "" if surveyed_by.pk == notice.township_id else _ground(surveyed_by).name
        if neighbour == own_ground.name:
            neighbour = ""
        belongs = set(response.group_list) | worker_groups.get(response.id_number_index, set())
        offered = skill_words(response.skills, response.certificates, response.preferred_work)
        people.append(
            Candidate(
                response=response,
                neighbour=neighbour,
                groups=[group for group in rules.priority_group_list if group in belongs],
                skills_matched=[word for word in wanted_words if _fits(word, offered)],
                months_available=sum(response.available_in(month) for month in months),
                months_wanted=len(months),
                busy=response.id_number_index in busy,
            )
        )
    people.sort(key=Candidate.sort_key)
    return Candidates(people=people, teams=_team_proposals(scope, notice), neighbours=neighbours)


def _team_proposals(scope: Scope, notice: PlanNotice) -> list[TeamProposal]:
    """The region's teams in `team_proposals`' order (返薄-risk collectives first), each with
    whether it is of the township and which of the plan's words its trades fit."""
    ground = _ground(notice.township)
    wanted = skill_words(notice.plan.skills, notice.plan.stage.name)
    return [
        TeamProposal(
            team=team,
            return_risk=team.proposal_rank == 0,
            local=team.organization.region.path.startswith(ground.path),
            trades_matched=[word for word in wanted if _fits(word, skill_words(team.trades))],
        )
        for team in team_proposals(scope=scope).select_related("organization__region")
    ]


# --- referrals ---------------------------------------------------------------------------


def referral_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Referral]:
    """The referrals the scope sees, newest first. Filters: `notice`, `plan`, `status`,
    `awaiting` (still waiting for the contractor's answer)."""
    filters = filters or {}
    referrals = Referral.objects.visible_to(scope)
    if filters.get("notice"):
        referrals = referrals.filter(notice=filters["notice"])
    if filters.get("plan"):
        referrals = referrals.filter(plan=filters["plan"])
    if filters.get("status"):
        referrals = referrals.filter(status=filters["status"])
    if filters.get("awaiting"):
        referrals = referrals.filter(status=ReferralStatus.REFERRED)
    return referrals.select_related(
        "worker",
        "plan__project",
        "plan__stage",
        "township",
        "contractor",
        "engagement",
        "referred_by",
    ).order_by("-referred_at", "-pk")


def referral_get(*, scope: Scope, pk: int) -> Referral:
    return get_or_404(referral_list(scope=scope), "没有找到该推荐记录。", pk=pk)


def referral_can_answer(*, scope: Scope, referral: Referral) -> bool:
    """A contractor's editors answer referrals to plans of projects it is party to, while
    they wait for an answer."""
    return (
        referral.status == ReferralStatus.REFERRED
        and scope.may_write(CONTRACTOR_KINDS)
        and ProjectContractor.objects.filter(
            project_id=referral.plan.project_id, contractor=scope.organization
        ).exists()
    )


def referral_notice_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[PlanNotice]:
    """The published plans in the township's inbox with how many people it referred to each
    and how many were hired. `unreferred`: plans still on offer (period not over) to which it
    has referred nobody yet — the dashboard's to-do counts these."""
    filters = filters or {}
    notices = PlanNotice.objects.visible_to(scope).filter(
        township=scope.organization, plan__published_at__isnull=False
    )
    if filters.get("unreferred"):
        notices = notices.filter(plan__end__gte=timezone.localdate()).exclude(
            Exists(Referral.objects.filter(notice=OuterRef("pk")))
        )
    return (
        notices.select_related("plan__project", "plan__stage")
        .annotate(
            referred=Count("referrals", distinct=True),
            hired=Count(
                "referrals",
                filter=Q(referrals__status=ReferralStatus.ACCEPTED),
                distinct=True,
            ),
        )
        .order_by("-plan__published_at", "-pk")
    )


# --- the office: how long plans took to fill, who was left out ---------------------------


@dataclass
class PlanFill:
    plan: LaborPlan
    hired: int
    referred: int
    filled_on: datetime.date | None

    @property
    def days(self) -> int | None:
        if self.filled_on is None:
            return None
        return (self.filled_on - timezone.localdate(self.plan.published_at)).days


def matching_plan_fills(plans: list[LaborPlan]) -> list[PlanFill]:
    """For each published plan (already read through the scope): the people hired for it —
    engagements on its project and work stage working within its period that entered work
    after it was published or were registered after it was (accepted referrals are such
    engagements), by today — and the day the hires reached its positions, None while it is
    short. A hire's day is his entry day, or the publishing day for one who was already on
    site. Two queries whatever the number of plans."""
    if not plans:
        return []
    today = timezone.localdate()
    engagements = (
        Engagement.objects.filter(
            project__in={plan.project_id for plan in plans},
            stage__in={plan.stage_id for plan in plans},
            entry_date__lte=today,
        )
        .values_list("project_id", "stage_id", "entry_date", "exit_date", "created_at")
        .order_by("entry_date", "pk")
    )
    by_work: dict[tuple[int, int], list[tuple]] = {}
    for project_id, stage_id, *work in engagements:
        by_work.setdefault((project_id, stage_id), []).append(work)
    referred = dict(
        Referral.objects.filter(plan__in=plans)
        .values("plan")
        .annotate(total=Count("pk"))
        .values_list("plan", "total")
    )
    fills = []
    for plan in plans:
        published = timezone.localdate(plan.published_at)
        hires = sorted(
            max(entry, published)
            for entry, exit_date, created_at in by_work.get((plan.project_id, plan.stage_id), [])
            if entry <= plan.end
            and (exit_date is None or exit_date >= plan.start)
            and (entry >= published or created_at >= plan.published_at)
        )
        filled_on = hires[plan.positions - 1] if len(hires) >= plan.positions else None
        fills.append(PlanFill(plan, len(hires), referred.get(plan.pk, 0), filled_on))
    return fills


def matching_plan_list(*, scope: Scope) -> QuerySet[LaborPlan]:
    """The published plans of the region's projects, newest first."""
    return (
        LaborPlan.objects.visible_to(scope)
        .filter(published_at__isnull=False)
        .select_related("project", "stage")
        .order_by("-published_at", "-pk")
    )


PRIORITY_PEOPLE_FILTERS = {
    "unreferred": "从未被推荐的",
    "unhired": "被推荐但从未录用的",
}


def priority_people(*, scope: Scope, filters: dict | None = None) -> QuerySet[SurveyResponse]:
    """The willing people of a priority group that the scope's townships surveyed, each person
    once (his latest response). `unreferred`: never referred to any plan; `unhired`: referred
    at least once, never hired (no referral accepted and on no roster)."""
    filters = filters or {}
    people = (
        SurveyResponse.objects.visible_to(scope)
        .filter(is_latest=True, willing=True)
        .exclude(priority_groups="")
    )
    referred = Referral.objects.visible_to(scope).filter(
        worker__id_number_index=OuterRef("id_number_index")
    )
    if filters.get("unreferred"):
        people = people.exclude(Exists(referred))
    if filters.get("unhired"):
        hired = Worker.objects.filter(
            id_number_index=OuterRef("id_number_index"), engagements__isnull=False
        )
        people = (
            people.filter(Exists(referred))
            .exclude(Exists(hired))
            .exclude(Exists(referred.filter(status=ReferralStatus.ACCEPTED)))
        )
    return people.select_related("survey__township", "village").order_by(
        "survey__township__name", "village__name", "name", "pk"
    )


def priority_people_counts(*, scope: Scope) -> dict[str, int]:
    return {
        key: priority_people(scope=scope, filters={key: True}).count()
        for key in PRIORITY_PEOPLE_FILTERS
    }


__all__ += [
    "PRIORITY_PEOPLE_FILTERS",
    "matching_plan_list",
    "priority_people_counts",
]
