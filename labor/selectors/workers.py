"""Reads of the worker registry, and the API's reads of the engagements and the attendance
(their rows carry a worker, shown masked)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from labor.models import (
    Attendance,
    Engagement,
    SurveyResponse,
    TrainingParticipant,
    Worker,
    WorkerPriorityGroup,
)
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OFFICE_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    Region,
    RegionLevel,
    Role,
)
from portal.rules import rules_for
from portal.scope import Scope
from portal.selectors import get_or_404

# The `local` filter: the household township in the viewer's district (DOMAIN.md's local
# worker), anything else, or no township recorded yet.
LOCAL = "local"
NOT_LOCAL = "not_local"
TOWNSHIP_MISSING = "missing"
WORKER_LOCAL_CHOICES = [
    (LOCAL, "当地群众（户籍乡镇在本区）"),
    (NOT_LOCAL, "非当地（含户籍乡镇未填写）"),
    (TOWNSHIP_MISSING, "户籍乡镇待补充"),
]


def worker_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Worker]:
    """The workers the scope sees, filtered by name (part of it), household township, priority
    group, age review and local / not local; in a constant number of queries whatever the
    page size."""
    filters = filters or {}
    workers = Worker.objects.visible_to(scope).select_related(
        "household_township", "household_village", "labor_organization", "region"
    )
    if name := (filters.get("name") or "").strip():
        workers = workers.filter(name__contains=name)
    if filters.get("township"):
        workers = workers.filter(household_township=filters["township"])
    if filters.get("priority_group"):
        workers = workers.filter(priority_groups__group=filters["priority_group"])
    if filters.get("needs_age_review"):
        workers = workers.filter(needs_age_review=True)
    local = filters.get("local")
    if local and scope.organization is not None:
        here = Q(household_township__path__startswith=scope.area.path)
        if local == LOCAL:
            workers = workers.filter(here)
        elif local == NOT_LOCAL:
            workers = workers.exclude(here)
        elif local == TOWNSHIP_MISSING:
            workers = workers.filter(household_township__isnull=True)
    return workers.prefetch_related(
        Prefetch("priority_groups", queryset=WorkerPriorityGroup.objects.order_by("group"))
    )


def worker_get(*, scope: Scope, pk: int) -> Worker:
    return get_or_404(worker_list(scope=scope), "没有找到该务工人员。", pk=pk)


def worker_township_missing_count(*, scope: Scope) -> int:
    """How many of the workers the scope sees have no household township recorded: they do
    not count as local until it is (the list's "户籍乡镇待补充" hint). One query."""
    return worker_list(scope=scope, filters={"local": TOWNSHIP_MISSING}).count()


def worker_priority_group_choices(*, scope: Scope) -> list[str]:
    """The priority groups of the scope's district (its rules page's list)."""
    if scope.organization is None:
        return []
    return rules_for(scope.area).priority_group_list


def worker_township_choices(*, scope: Scope) -> QuerySet[Region]:
    """The townships of the scope's district, in code order."""
    return Region.objects.filter(
        level=RegionLevel.TOWNSHIP, path__startswith=scope.area.path
    ).order_by("code")


def worker_village_choices(*, scope: Scope) -> QuerySet[Region]:
    """The villages of the scope's district, each under its township."""
    return Region.objects.filter(
        level=RegionLevel.VILLAGE, path__startswith=scope.area.path
    ).order_by("code")


def worker_labor_organization_choices(*, scope: Scope) -> QuerySet[Organization]:
    """The active labour organisations of the scope's district."""
    return Organization.objects.filter(
        kind__in=LABOR_ORG_KINDS, is_active=True, region__path__startswith=scope.area.path
    ).order_by("name")


def worker_can_reveal(*, scope: Scope, worker: Worker) -> bool:
    """Whether the scope may see the whole ID number, bank card and phone (issue 15 item 2):
    editors and admins of the organisation that keeps the person's record for its work — a
    contractor that has him on a roster, a township whose survey recorded him, his labour
    organisation — and the admins of the office of the worker's region. At most one query."""
    if scope.organization is None or not scope.has_role(Role.EDITOR):
        return False
    organization = scope.organization
    if scope.kind in LABOR_ORG_KINDS:
        return worker.labor_organization_id == organization.pk
    if scope.kind in CONTRACTOR_KINDS:
        return Engagement.objects.filter(worker=worker, contractor=organization).exists()
    if scope.kind in TOWNSHIP_KINDS:
        return SurveyResponse.objects.filter(worker=worker, survey__township=organization).exists()
    if scope.kind in OFFICE_KINDS and scope.has_role(Role.ADMIN):
        return worker.region.path.startswith(scope.region.path)
    return False


# --- the API's reads of the work records (engagements, attendance) -------------------------


def _worker_filter(records: QuerySet, filters: dict) -> QuerySet:
    if filters.get("project"):
        records = records.filter(project__code=filters["project"])
    if filters.get("contractor"):
        records = records.filter(contractor__code=filters["contractor"])
    if filters.get("worker"):
        records = records.filter(worker_id=filters["worker"])
    return records


def engagement_api_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Engagement]:
    """The roster lines the scope sees (`Engagement.objects.visible_to`), filtered by project
    code, contractor code, staff category and the day they were active on; constant queries."""
    filters = filters or {}
    engagements = _worker_filter(Engagement.objects.visible_to(scope), filters)
    if filters.get("staff_category"):
        engagements = engagements.filter(staff_category=filters["staff_category"])
    day: datetime.date | None = filters.get("active_on")
    if day:
        engagements = engagements.filter(entry_date__lte=day).filter(
            Q(exit_date__isnull=True) | Q(exit_date__gte=day)
        )
    return engagements.select_related(
        "worker", "project", "contractor", "stage", "labor_organization", "team"
    ).order_by("project__code", "contractor__code", "worker__name", "pk")


def attendance_api_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Attendance]:
    """The months of attendance the scope sees, filtered by project code, contractor code,
    month (its first day) and worker; constant queries."""
    filters = filters or {}
    rows = _worker_filter(Attendance.objects.visible_to(scope), filters)
    if filters.get("month"):
        rows = rows.filter(month=filters["month"])
    # Latest month first, then by project and entry: the order an index serves (a sort by
    # name over every visible month took longer than the page).
    return rows.select_related("worker", "project", "contractor").order_by(
        "-month", "project_id", "pk"
    )


@dataclass
class WorkerHistory:
    """What the scope may see of a worker's work: his roster lines (newest first), his
    months of attendance (newest first, the last HISTORY_MONTHS) and the training he
    attended."""

    engagements: list[Engagement]
    attendance: list[Attendance]
    trainings: list[TrainingParticipant]


HISTORY_MONTHS = 12


def worker_history(*, scope: Scope, worker: Worker) -> WorkerHistory:
    """A worker's projects, attendance and training as the scope sees them (a contractor its
    own rosters, the office its region's): three queries."""
    engagements = (
        Engagement.objects.visible_to(scope)
        .filter(worker=worker)
        .select_related("project", "contractor", "stage")
        .order_by("-entry_date", "-pk")
    )
    attendance = (
        Attendance.objects.visible_to(scope)
        .filter(worker=worker)
        .select_related("project")
        .order_by("-month", "project_id")[:HISTORY_MONTHS]
    )
    trainings = (
        TrainingParticipant.objects.visible_to(scope)
        .filter(worker=worker)
        .select_related("session")
        .order_by("-session__start_date", "-pk")
    )
    return WorkerHistory(list(engagements), list(attendance), list(trainings))


__all__ = [
    "WORKER_LOCAL_CHOICES",
    "WorkerHistory",
    "attendance_api_list",
    "engagement_api_list",
    "worker_can_reveal",
    "worker_get",
    "worker_history",
    "worker_labor_organization_choices",
    "worker_list",
    "worker_priority_group_choices",
    "worker_township_choices",
    "worker_township_missing_count",
    "worker_village_choices",
]
