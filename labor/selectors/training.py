"""Reads of training (培训): the training ledger (培训台账) with its totals counted in the
database, a session with its participants, who may record what.

Who records training (seed 001 三（三）6-7, seed 000 四（四）): the human-resources member unit
(人社) leads skills training and the emergency-management one (应急) safety training, but the
portal knows member units only as `member_unit`, not which one is which. So every member unit
(and the office) may record skills and safety training anywhere in its region; a township
records skills training held on its ground; the project units (seed 001: 各项目单位 — owners
and contractors) record skills and safety training on the projects they are party to."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from labor.models import (
    Engagement,
    TrainingKind,
    TrainingMode,
    TrainingParticipant,
    TrainingSession,
    Worker,
)
from portal.models import (
    CONTRACTOR_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    OrganizationKind,
)
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import Project

ZERO_HOURS = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=1))
# Who records which kind of training (see the module's docstring).
TRAINING_RECORDER_KINDS = REGION_WIDE_KINDS | TOWNSHIP_KINDS | OWNER_KINDS | CONTRACTOR_KINDS
PROJECT_UNIT_KINDS = OWNER_KINDS | CONTRACTOR_KINDS
# The modes held on a project's site need the project named.
SITE_MODES = frozenset({TrainingMode.ON_SITE, TrainingMode.PROJECT})


def training_kinds_for(scope: Scope) -> list[str]:
    """The kinds of training this scope may record: townships skills only."""
    if scope.kind in TOWNSHIP_KINDS:
        return [TrainingKind.SKILLS]
    if scope.kind in TRAINING_RECORDER_KINDS:
        return [TrainingKind.SKILLS, TrainingKind.SAFETY]
    return []


def training_can_record(scope: Scope) -> bool:
    return scope.may_write(TRAINING_RECORDER_KINDS)


def training_projects(*, scope: Scope) -> QuerySet[Project]:
    """The projects a scope may hold training on: those it sees (a township those on its
    ground; an owner or contractor those it is party to; the office and member units the
    region's)."""
    return Project.objects.visible_to(scope).order_by("code")


def training_townships(*, scope: Scope) -> QuerySet[Organization]:
    """The townships a session may be recorded for: the township itself, or any of the
    area's for the others."""
    if scope.organization is None:
        return Organization.objects.none()
    if scope.kind in TOWNSHIP_KINDS:
        return Organization.objects.filter(pk=scope.organization.pk)
    return Organization.objects.filter(
        kind=OrganizationKind.TOWNSHIP, region__path__startswith=scope.area.path
    ).order_by("region__code")


def training_ledger(*, scope: Scope, filters: dict | None = None) -> QuerySet[TrainingSession]:
    """The training ledger (培训台账): the sessions the scope sees, filtered by project,
    township, kind, mode, year and the reserve mark, each with its number of participants and
    of those who passed; in a constant number of queries whatever the page size."""
    filters = filters or {}
    sessions = TrainingSession.objects.visible_to(scope)
    if filters.get("project"):
        sessions = sessions.filter(project=filters["project"])
    if filters.get("township"):
        sessions = sessions.filter(township=filters["township"])
    if filters.get("kind"):
        sessions = sessions.filter(kind=filters["kind"])
    if filters.get("mode"):
        sessions = sessions.filter(mode=filters["mode"])
    if filters.get("year"):
        sessions = sessions.filter(start_date__year=filters["year"])
    if filters.get("reserve_only"):
        sessions = sessions.filter(reserve_for_maintenance=True)
    return (
        sessions.select_related("organizer__region", "project", "township")
        .annotate(
            people=Count("participants", distinct=True),
            passed_people=Count("participants", filter=Q(participants__passed=True), distinct=True),
        )
        .order_by("-start_date", "-pk")
    )


def training_totals(sessions: QuerySet[TrainingSession]) -> dict:
    """The ledger's totals over `sessions` (a `training_ledger` queryset), in two queries:
    sessions, hours (学时 of the sessions), attendances (人次), distinct people (人数), person
    hours (人次×学时) and those who passed."""
    plain = TrainingSession.objects.filter(pk__in=sessions.values("pk"))
    totals = plain.aggregate(sessions=Count("pk"), hours=Coalesce(Sum("hours"), ZERO_HOURS))
    participants = TrainingParticipant.objects.filter(session__in=plain.values("pk"))
    totals |= participants.aggregate(
        attendances=Count("pk"),
        people=Count("worker", distinct=True),
        passed=Count("worker", distinct=True, filter=Q(passed=True)),
        person_hours=Coalesce(Sum("session__hours"), ZERO_HOURS),
    )
    return totals


def _grouped(sessions: QuerySet[TrainingSession], key: str, label: str) -> list[dict]:
    """Per `key` (project or township): sessions and hours (one query), people (one query)."""
    plain = TrainingSession.objects.filter(pk__in=sessions.values("pk"))
    rows = {
        row[key]: {
            "key": row[key],
            "label": row[label] or "（未填写）",
            "sessions": row["sessions"],
            "hours": row["hours"],
            "people": 0,
        }
        for row in plain.order_by()
        .values(key, label)
        .annotate(sessions=Count("pk"), hours=Coalesce(Sum("hours"), ZERO_HOURS))
    }
    people = (
        TrainingParticipant.objects.filter(session__in=plain.values("pk"))
        .order_by()
        .values(f"session__{key}")
        .annotate(people=Count("worker", distinct=True))
    )
    for row in people:
        if row[f"session__{key}"] in rows:
            rows[row[f"session__{key}"]]["people"] = row["people"]
    return sorted(rows.values(), key=lambda row: (row["key"] is None, row["label"]))


def training_by_project(sessions: QuerySet[TrainingSession]) -> list[dict]:
    """The ledger per project: sessions, hours and distinct people trained."""
    return _grouped(sessions, "project", "project__name")


def training_by_township(sessions: QuerySet[TrainingSession]) -> list[dict]:
    """The ledger per township (the session's township): sessions, hours, people trained."""
    return _grouped(sessions, "township", "township__name")


def training_session_get(*, scope: Scope, pk: int) -> TrainingSession:
    return get_or_404(
        TrainingSession.objects.visible_to(scope).select_related(
            "organizer__region", "project", "township", "recorded_by"
        ),
        "没有找到该培训记录。",
        pk=pk,
    )


def training_session_can_edit(*, scope: Scope, session: TrainingSession) -> bool:
    """The organiser's editors keep a session's participants."""
    return (
        training_can_record(scope)
        and scope.organization is not None
        and session.organizer_id == scope.organization.pk
    )


def training_participants(*, session: TrainingSession) -> QuerySet[TrainingParticipant]:
    return session.participants.select_related(
        "worker__household_township", "worker__household_village"
    ).order_by("worker__name", "pk")


def training_candidate_workers(*, scope: Scope, session: TrainingSession) -> QuerySet[Worker]:
    """Workers to choose from without typing an ID number: those on the session's project's
    roster that the scope sees, not yet participants (none when no project is named)."""
    if session.project_id is None:
        return Worker.objects.none()
    on_roster = Engagement.objects.visible_to(scope).filter(project_id=session.project_id)
    return (
        Worker.objects.filter(pk__in=on_roster.values("worker"))
        .exclude(trainings__session=session)
        .order_by("name", "pk")
    )


__all__ = [
    "PROJECT_UNIT_KINDS",
    "SITE_MODES",
    "TRAINING_RECORDER_KINDS",
    "training_by_project",
    "training_by_township",
    "training_can_record",
    "training_candidate_workers",
    "training_kinds_for",
    "training_ledger",
    "training_participants",
    "training_projects",
    "training_session_can_edit",
    "training_session_get",
    "training_totals",
    "training_townships",
]
