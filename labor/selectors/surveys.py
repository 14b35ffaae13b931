"""Reads of the townships' labour-force surveys (摸底调查), their pool of willing people, the
policy briefings (政策宣讲) and the office's coverage of both."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from labor.models import (
    MONTHS,
    BriefingPhoto,
    Engagement,
    LaborSurvey,
    PolicyBriefing,
    SurveyImport,
    SurveyResponse,
)
from portal.models import (
    OFFICE_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    Region,
    RegionLevel,
    Role,
)
from portal.scope import Scope
from portal.selectors import get_or_404

# What separates the skills a person names in one cell: 、，,；;/ and spaces.
SKILL_SEPARATORS = r"[、，,；;/／\s]+"


def survey_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[LaborSurvey]:
    """The surveys the scope sees (a township its own; the office and the member units their
    region's), newest year first, each with its number of responses."""
    filters = filters or {}
    surveys = LaborSurvey.objects.visible_to(scope).select_related("township")
    if filters.get("year"):
        surveys = surveys.filter(year=filters["year"])
    if filters.get("township"):
        surveys = surveys.filter(township=filters["township"])
    # A GROUP BY query drops Meta.ordering: name it.
    return surveys.annotate(response_count=Count("responses")).order_by(
        "-year", "township__name", "-opened_on", "-pk"
    )


def survey_get(*, scope: Scope, pk: int) -> LaborSurvey:
    return get_or_404(survey_list(scope=scope), "没有找到该摸底调查。", pk=pk)


def survey_can_write(*, scope: Scope, survey: LaborSurvey) -> bool:
    """The survey's own township's editors record its responses and upload them."""
    return scope.may_write(TOWNSHIP_KINDS) and survey.township_id == scope.organization.pk


def survey_response_list(
    *, scope: Scope, survey: LaborSurvey | None = None, filters: dict | None = None
) -> QuerySet[SurveyResponse]:
    """Responses the scope sees (of one survey when given), by village and name; filtered by
    name (part of it) and village; a constant number of queries whatever the page size."""
    filters = filters or {}
    responses = SurveyResponse.objects.visible_to(scope).select_related(
        "survey__township", "village", "worker"
    )
    if survey is not None:
        # Meta.ordering's "survey", "village" sort by the joined survey's and region's own
        # orderings (a sort of every wide row): in one survey the village code is that order.
        responses = responses.filter(survey=survey).order_by("village_id", "name", "pk")
    if filters.get("name"):
        responses = responses.filter(name__contains=filters["name"].strip())
    if filters.get("village"):
        responses = responses.filter(village=filters["village"])
    return responses


def survey_response_get(*, scope: Scope, pk: int) -> SurveyResponse:
    return get_or_404(survey_response_list(scope=scope), "没有找到该调查对象。", pk=pk)


def survey_recent_entries(
    *, scope: Scope, survey: LaborSurvey, limit: int = 20
) -> list[SurveyResponse]:
    """本次已录入: what this user recorded in this survey today, the latest first."""
    if scope.user is None:
        return []
    return list(
        survey_response_list(scope=scope, survey=survey)
        .filter(recorded_by=scope.user, recorded_at__date=timezone.localdate())
        .order_by("-recorded_at", "-pk")[:limit]
    )


def survey_response_can_reveal(*, scope: Scope, response: SurveyResponse) -> bool:
    """The whole ID number and phone: editors and admins of the township that keeps the
    survey (DOMAIN: the organisation that keeps the record for its work) and the admins of the
    office of its region."""
    if scope.organization is None or not scope.has_role(Role.EDITOR):
        return False
    if scope.kind in TOWNSHIP_KINDS:
        return response.survey.township_id == scope.organization.pk
    if scope.kind in OFFICE_KINDS and scope.has_role(Role.ADMIN):
        return response.survey.township.region.path.startswith(scope.region.path)
    return False


def survey_villages(township: Organization) -> QuerySet[Region]:
    """The villages of the township Region an organisation stands on."""
    ground = township.region
    if ground.level == RegionLevel.VILLAGE:
        ground = ground.parent
    return Region.objects.filter(level=RegionLevel.VILLAGE, parent=ground).order_by("code")


def survey_region_villages(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.VILLAGE, path__startswith=region.path).order_by(
        "code"
    )


def survey_import_list(*, scope: Scope, survey: LaborSurvey | None = None):
    imports = SurveyImport.objects.visible_to(scope).select_related("user", "survey")
    return imports.filter(survey=survey) if survey is not None else imports


def survey_import_get(*, scope: Scope, pk: int) -> SurveyImport:
    return get_or_404(survey_import_list(scope=scope), "没有找到该导入记录。", pk=pk)


# --- the pool -----------------------------------------------------------------------------


def with_group_lines(responses: QuerySet[SurveyResponse]) -> QuerySet[SurveyResponse]:
    """`group_lines`: his priority groups (one a line) between newlines, so that `in_group`
    finds a whole line by a substring, far cheaper than a regular expression on every row."""
    lines = Concat(Value("\n"), "priority_groups", Value("\n"), output_field=TextField())
    return responses.alias(group_lines=lines)


def in_group(group: str) -> Q:
    """Of priority group `group` (on a queryset `with_group_lines`)."""
    return Q(group_lines__contains=f"\n{group}\n")


def month_character(month: int) -> Substr:
    """His character of `months_available` for `month` (1-12): "1" when available then; a
    substring compared, cheaper than a regular expression on every row."""
    return Substr("months_available", month, 1)


def survey_pool(*, scope: Scope, filters: dict | None = None) -> QuerySet[SurveyResponse]:
    """The pool: each surveyed person once, as his latest response (`is_latest`: latest year,
    then latest opened survey, wherever he was surveyed) when the scope sees it and it says
    he is willing to work. Filters: `village`, `skill` (part of his skills or certificates), `group` (a
    priority group), `month` (1-12, available then), `township` (an Organization), `name`.
    The matching (`labor.selectors.matching`) reads the township's pool through this."""
    filters = filters or {}
    pool = (
        SurveyResponse.objects.visible_to(scope)
        .filter(is_latest=True, willing=True)
        .select_related("survey__township", "village", "worker")
    )
    if filters.get("village"):
        pool = pool.filter(village=filters["village"])
    if filters.get("township"):
        pool = pool.filter(survey__township=filters["township"])
    if skill := (filters.get("skill") or "").strip():
        pool = pool.filter(Q(skills__contains=skill) | Q(certificates__contains=skill))
    if filters.get("group"):
        pool = with_group_lines(pool).filter(in_group(filters["group"]))
    if filters.get("month"):
        pool = pool.alias(month_chosen=month_character(int(filters["month"]))).filter(
            month_chosen="1"
        )
    if filters.get("name"):
        pool = pool.filter(name__contains=filters["name"].strip())
    return pool.order_by("village__code", "name", "pk")


@dataclass
class PoolCounts:
    total: int = 0
    by_village: list[tuple[int | None, str, int]] = field(default_factory=list)
    by_skill: list[tuple[str, int]] = field(default_factory=list)
    by_group: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[int, int]] = field(default_factory=list)


def survey_pool_counts(
    *, scope: Scope, filters: dict | None = None, groups: list[str]
) -> PoolCounts:
    """The pool's people by village, skill, priority group (of `groups`, the region's list)
    and month available: three queries whatever the pool's size. The database groups the
    people by village, by their months and groups, and by their skills; the few distinct
    answers are then read here (a month is a character, groups are lines, skills free text
    that the database has no portable way to split), each person counted once a skill."""
    pool = survey_pool(scope=scope, filters=filters).order_by()
    by_village = [
        (row["village"], row["village__name"] or "未填写村（社区）", row["count"])
        for row in pool.values("village", "village__name", "village__code")
        .annotate(count=Count("pk"))
        .order_by("village__code")
    ]
    total, in_group, in_month = 0, Counter(), Counter()
    for row in pool.values("months_available", "priority_groups").annotate(count=Count("pk")):
        count = row["count"]
        total += count
        lines = set((row["priority_groups"] or "").splitlines())
        in_group.update({group: count for group in groups if group in lines})
        months = row["months_available"] or ""
        in_month.update(
            {month: count for month in range(1, MONTHS + 1) if months[month - 1 : month] == "1"}
        )
    skills: Counter[str] = Counter()
    for row in pool.values("skills").annotate(count=Count("pk")):
        parts = {part for part in re.split(SKILL_SEPARATORS, row["skills"] or "") if part}
        skills.update(dict.fromkeys(parts, row["count"]))
    by_skill = sorted(skills.items(), key=lambda item: (-item[1], item[0]))[:30]
    return PoolCounts(
        total=total,
        by_village=by_village,
        by_skill=by_skill,
        by_group=[(group, in_group[group]) for group in groups],
        by_month=[(month, in_month[month]) for month in range(1, MONTHS + 1)],
    )


def survey_pool_working(
    *, scope: Scope, filters: dict | None = None, on: datetime.date | None = None
) -> QuerySet[Engagement]:
    """Who from the scope's pool is working where on `on` (today): the engagements of the
    Workers their responses joined, with project and contractor."""
    day = on or timezone.localdate()
    workers = survey_pool(scope=scope, filters=filters).filter(worker__isnull=False)
    return (
        Engagement.objects.filter(worker__in=workers.values("worker"), entry_date__lte=day)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=day))
        .select_related("worker", "project", "contractor", "stage")
        .order_by("worker__name", "project__name", "pk")
    )


# --- briefings ----------------------------------------------------------------------------


def briefing_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[PolicyBriefing]:
    """The briefings the scope sees, newest first, each with its photos (two queries)."""
    filters = filters or {}
    briefings = PolicyBriefing.objects.visible_to(scope).select_related("township", "village")
    if filters.get("year"):
        briefings = briefings.filter(held_on__year=filters["year"])
    if filters.get("township"):
        briefings = briefings.filter(township=filters["township"])
    if filters.get("village"):
        briefings = briefings.filter(village=filters["village"])
    return briefings.prefetch_related("photos")


def briefing_photo_get(*, scope: Scope, pk: int) -> BriefingPhoto:
    return get_or_404(
        BriefingPhoto.objects.visible_to(scope).select_related("briefing"),
        "没有找到该照片。",
        pk=pk,
    )


# --- coverage -----------------------------------------------------------------------------

MISSING_SURVEY = "survey"
MISSING_BRIEFING = "briefing"


@dataclass
class VillageCoverage:
    village: Region
    responses: int = 0
    briefings: int = 0


@dataclass
class TownshipCoverage:
    township: Organization
    surveys: int = 0
    responses: int = 0
    briefings: int = 0
    villages: list[VillageCoverage] = field(default_factory=list)

    @property
    def villages_surveyed(self) -> int:
        return sum(1 for village in self.villages if village.responses)

    @property
    def villages_briefed(self) -> int:
        return sum(1 for village in self.villages if village.briefings)


def coverage_townships(*, scope: Scope, filters: dict | None = None) -> list[TownshipCoverage]:
    """Which townships of the scope's region (a township: itself) opened a survey and held a
    briefing in `year` (this year by default), and which of their villages have responses
    and briefings. `missing` ("survey" / "briefing") keeps the townships without one. Five
    queries whatever the number of townships and villages."""
    filters = filters or {}
    year = filters.get("year") or timezone.localdate().year
    if scope.organization is None:
        return []
    if scope.kind in TOWNSHIP_KINDS:
        townships = Organization.objects.filter(pk=scope.organization.pk)
    else:
        townships = Organization.objects.filter(
            kind__in=TOWNSHIP_KINDS, is_active=True, region__path__startswith=scope.region.path
        )
    townships = list(townships.select_related("region").order_by("region__code", "name"))
    grounds = {
        org.pk: org.region.parent_id if org.region.level == RegionLevel.VILLAGE else org.region_id
        for org in townships
    }
    rows = {org.pk: TownshipCoverage(org) for org in townships}
    by_ground: dict[int, list[TownshipCoverage]] = {}
    for org_pk, ground in grounds.items():
        by_ground.setdefault(ground, []).append(rows[org_pk])
    villages: dict[tuple[int, int], VillageCoverage] = {}
    for village in Region.objects.filter(
        level=RegionLevel.VILLAGE, parent_id__in=set(grounds.values())
    ).order_by("code"):
        for row in by_ground.get(village.parent_id, []):
            villages[row.township.pk, village.pk] = VillageCoverage(village)
            row.villages.append(villages[row.township.pk, village.pk])
    for entry in (
        LaborSurvey.objects.filter(year=year, township__in=rows)
        .values("township")
        .annotate(count=Count("pk"))
    ):
        rows[entry["township"]].surveys = entry["count"]
    for entry in (
        SurveyResponse.objects.filter(survey__year=year, survey__township__in=rows)
        .values("survey__township", "village")
        .annotate(count=Count("pk"))
    ):
        rows[entry["survey__township"]].responses += entry["count"]
        if cell := villages.get((entry["survey__township"], entry["village"])):
            cell.responses += entry["count"]
    for entry in (
        PolicyBriefing.objects.filter(held_on__year=year, township__in=rows)
        .values("township", "village")
        .annotate(count=Count("pk"))
    ):
        rows[entry["township"]].briefings += entry["count"]
        if cell := villages.get((entry["township"], entry["village"])):
            cell.briefings += entry["count"]
    found = list(rows.values())
    if filters.get("missing") == MISSING_SURVEY:
        found = [row for row in found if not row.surveys]
    elif filters.get("missing") == MISSING_BRIEFING:
        found = [row for row in found if not row.briefings]
    return found


__all__ = [
    "MISSING_BRIEFING",
    "MISSING_SURVEY",
    "PoolCounts",
    "TownshipCoverage",
    "VillageCoverage",
    "briefing_list",
    "briefing_photo_get",
    "coverage_townships",
    "survey_can_write",
    "survey_get",
    "survey_import_get",
    "survey_import_list",
    "survey_list",
    "survey_pool",
    "survey_pool_counts",
    "survey_pool_working",
    "survey_recent_entries",
    "survey_region_villages",
    "survey_response_can_reveal",
    "survey_response_get",
    "survey_response_list",
    "survey_villages",
]
