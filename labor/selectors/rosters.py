"""Reads of the roster (用工名册) and its contracts, scoped by `Engagement.objects.visible_to`:
a contractor its rosters, an owner its projects', a department the projects it supervises, a
township the engagements on its ground and of its people, the office and the member units
the region."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from labor.models import Engagement, RosterImport
from portal.models import (
    CONTRACTOR_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    SUPERVISOR_KINDS,
    TOWNSHIP_KINDS,
)
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import Project

# Who reads rosters: the office and the member units, departments, owners, contractors,
# supervisors and townships (Engagement.objects.visible_to says which engagements).
ROSTER_KINDS = (
    REGION_WIDE_KINDS
    | OVERSEEING_KINDS
    | OWNER_KINDS
    | CONTRACTOR_KINDS
    | SUPERVISOR_KINDS
    | TOWNSHIP_KINDS
)


class ContractState:
    """The contract filter of a roster and of the 合同预警 list."""

    SIGNED = "signed"
    UNSIGNED = "unsigned"  # working today without a signed contract
    EXPIRED = "expired"  # working today past his contract's end
    ALERT = "alert"  # either of the two

    CHOICES = (
        (SIGNED, "已签合同"),
        (UNSIGNED, "在岗未签合同"),
        (EXPIRED, "在岗但合同已到期"),
        (ALERT, "合同预警（未签或已到期）"),
    )


def working_on(day: datetime.date) -> Q:
    """Engagements under way on `day`: entered, not yet left."""
    return Q(entry_date__lte=day) & (Q(exit_date__isnull=True) | Q(exit_date__gte=day))


def contract_q(state: str, today: datetime.date) -> Q | None:
    unsigned = working_on(today) & Q(contract_signed_on__isnull=True)
    expired = working_on(today) & Q(contract_end__lt=today)
    return {
        ContractState.SIGNED: Q(contract_signed_on__isnull=False),
        ContractState.UNSIGNED: unsigned,
        ContractState.EXPIRED: expired,
        ContractState.ALERT: unsigned | expired,
    }.get(state)


def engagement_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Engagement]:
    """The engagements the scope sees, filtered by project, name (part of it), work stage,
    staff category and contract state (`ContractState`), with everything a roster row shows
    in a constant number of queries whatever the page size."""
    filters = filters or {}
    engagements = Engagement.objects.visible_to(scope).select_related(
        "worker__household_township",
        "project",
        "contractor",
        "stage",
        "team",
        "labor_organization",
    )
    if project := filters.get("project"):
        engagements = engagements.filter(project=project)
    if name := (filters.get("name") or "").strip():
        engagements = engagements.filter(worker__name__contains=name)
    if stage := filters.get("stage"):
        engagements = engagements.filter(stage=stage)
    if category := filters.get("staff_category"):
        engagements = engagements.filter(staff_category=category)
    if state := filters.get("contract"):
        condition = contract_q(state, timezone.localdate())
        if condition is not None:
            engagements = engagements.filter(condition)
    return engagements.order_by("project__code", "worker__name", "entry_date", "pk")


def engagement_get(*, scope: Scope, pk: int) -> Engagement:
    return get_or_404(engagement_list(scope=scope), "没有找到该用工记录。", pk=pk)


def roster_projects(scope: Scope) -> QuerySet[Project]:
    """The projects whose roster the scope may open: those it sees, and those where it sees
    an engagement (a township's people working off its ground)."""
    if scope.kind not in ROSTER_KINDS:
        return Project.objects.none()
    with_roster = Engagement.objects.visible_to(scope).values("project")
    return Project.objects.filter(
        Q(pk__in=Project.objects.visible_to(scope).values("pk")) | Q(pk__in=with_roster)
    )


def roster_project_get(*, scope: Scope, pk: int) -> Project:
    return get_or_404(
        roster_projects(scope).select_related("category", "region"), "没有找到该项目。", pk=pk
    )


def roster_project_list(*, scope: Scope) -> QuerySet[Project]:
    """The 用工名册 index: a contractor's projects (a roster to keep, empty or not); for the
    others the projects where they see an engagement. Each with `roster_count` (people on
    the roster it sees), `working_count` (working today) and `alert_count` (working today
    without a signed contract or past its end), in one query."""
    if scope.kind in CONTRACTOR_KINDS:
        projects = Project.objects.visible_to(scope)
    else:
        projects = Project.objects.filter(
            pk__in=Engagement.objects.visible_to(scope).values("project")
        )
    today = timezone.localdate()
    seen = Q(engagements__in=Engagement.objects.visible_to(scope))
    alert = contract_q(ContractState.ALERT, today)
    return projects.annotate(
        roster_count=Count("engagements", filter=seen),
        working_count=Count(
            "engagements", filter=seen & prefixed(working_on(today), "engagements__")
        ),
        alert_count=Count("engagements", filter=seen & prefixed(alert, "engagements__")),
    ).order_by("code")


def prefixed(condition: Q, prefix: str) -> Q:
    """`condition` with every lookup reached through `prefix` (e.g. "engagements__")."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            copy.children.append(prefixed(child, prefix))
        else:
            lookup, value = child
            copy.children.append((f"{prefix}{lookup}", value))
    return copy


def roster_count(*, scope: Scope, project: Project) -> int:
    """The people on the project's roster the scope sees (the project tab's badge): one query."""
    return Engagement.objects.visible_to(scope).filter(project=project).count()


def contract_alert_count(*, scope: Scope, state: str) -> int:
    """The number of rows the 合同预警 list shows with `contract=state` (the dashboard's to-do)."""
    return engagement_list(scope=scope, filters={"contract": state}).count()


def roster_import_list(*, scope: Scope, project: Project | None = None) -> QuerySet[RosterImport]:
    """The scope's organisation's own roster uploads (nobody else sees them)."""
    imports = RosterImport.objects.visible_to(scope).select_related("project", "user")
    if project is not None:
        imports = imports.filter(project=project)
    return imports


def roster_import_get(*, scope: Scope, pk: int) -> RosterImport:
    return get_or_404(roster_import_list(scope=scope), "没有找到该导入记录。", pk=pk)


__all__ = [
    "ROSTER_KINDS",
    "ContractState",
    "contract_alert_count",
    "engagement_get",
    "engagement_list",
    "roster_count",
    "roster_import_get",
    "roster_import_list",
    "roster_project_get",
    "roster_project_list",
    "roster_projects",
    "working_on",
]
