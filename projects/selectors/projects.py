"""Reads of projects, always through a scope."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from portal.models import CONTRACTOR_KINDS, OFFICE_KINDS, OWNER_KINDS, OrganizationKind, Region
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import (
    ACCOUNT_CHECKPOINTS,
    AnnualListEntry,
    Checkpoint,
    CheckpointKind,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectStatus,
    ProjectTownship,
    required_checkpoints,
)


def project_can_edit(*, scope: Scope, project: Project, allow_owner: bool = False) -> bool:
    """The office edits any project of its region; a department those it supervises; with
    `allow_owner`, the owner too (checkpoints are the owner's documents)."""
    if not scope.may_write():
        return False
    if scope.kind in OFFICE_KINDS:
        return project.region.path.startswith(scope.region.path)
    if scope.kind == OrganizationKind.DEPARTMENT:
        return project.department_id == scope.organization.pk
    return allow_owner and project.owner_id == scope.organization.pk


def project_can_manage_plans(*, scope: Scope, project: Project) -> bool:
    """Labour plans are declared by the owner or a contractor of the project, or the office."""
    if not scope.may_write():
        return False
    if scope.kind in OFFICE_KINDS:
        return project.region.path.startswith(scope.region.path)
    if scope.kind in OWNER_KINDS:
        return project.owner_id == scope.organization.pk
    if scope.kind in CONTRACTOR_KINDS:
        return project.contracts.filter(contractor=scope.organization).exists()
    return False


def _missing_checkpoint_filter(kind: str) -> Q:
    has_it = Exists(Checkpoint.objects.filter(project=OuterRef("pk"), kind=kind))
    if kind in ACCOUNT_CHECKPOINTS:
        return Q(requires_wage_account=True) & ~Q(has_it)
    return ~Q(has_it)


SORTS = {
    "code": "code",
    "-code": "-code",
    "name": "name",
    "-name": "-name",
    "investment": "total_investment",
    "-investment": "-total_investment",
    "start": "planned_start",
    "-start": "-planned_start",
    "status": "status",
    "-status": "-status",
}


def project_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Project]:
    """Projects the scope may see, filtered and sorted; related rows are fetched in a fixed
    number of queries, whatever the page size."""
    filters = filters or {}
    qs = Project.objects.visible_to(scope)
    if year := filters.get("year"):
        on_list = AnnualListEntry.objects.filter(annual_list__year=year)
        qs = qs.filter(Q(pk__in=on_list.values("project")) | Q(forecasts__year=year)).distinct()
    for field in ("level", "status"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    for field in ("domain", "category", "department"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    if township := filters.get("township"):
        qs = qs.filter(pk__in=ProjectTownship.objects.filter(township=township).values("project"))
    if missing := filters.get("missing_checkpoint"):
        qs = qs.filter(_missing_checkpoint_filter(missing))
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=text) | Q(code__icontains=text))
    # The page's checkpoints come in one query for the page; annotating an EXISTS per kind
    # would make PostgreSQL evaluate them for every row in scope before sorting.
    kinds = Prefetch("checkpoints", queryset=Checkpoint.objects.only("id", "project_id", "kind"))
    qs = qs.select_related("domain", "category", "department", "owner").prefetch_related(kinds)
    return qs.order_by(SORTS.get(filters.get("sort") or "", "-created_at"), "code")


def reserve_list(*, scope: Scope) -> QuerySet[Project]:
    return project_list(scope=scope, filters={"status": ProjectStatus.RESERVE})


def project_get(*, scope: Scope, code: str) -> Project:
    """The project with that code if the scope may see it; 404 otherwise, alike for both."""
    projects = Project.objects.visible_to(scope).select_related(
        "domain", "category", "department", "owner", "supervisor", "region"
    )
    return get_or_404(projects, "没有找到该项目。", code=code)


INVESTMENT_FIELDS = ("total_investment", "government_investment", "work_relief_funds")


def investment_totals(projects: QuerySet[Project]) -> dict[str, Decimal | None]:
    """The investments of some projects, summed in the database (None when there are none)."""
    return projects.order_by().aggregate(**{field: Sum(field) for field in INVESTMENT_FIELDS})


def missing_checkpoints(project: Project) -> list[str]:
    """Labels of the checkpoints a project still lacks (reads the checkpoints project_list
    prefetched, or queries them)."""
    present = {checkpoint.kind for checkpoint in project.checkpoints.all()}
    return [
        CheckpointKind(kind).label for kind in required_checkpoints(project) if kind not in present
    ]


def project_contracts(*, scope: Scope, project: Project) -> QuerySet[ProjectContractor]:
    return (
        ProjectContractor.objects.visible_to(scope)
        .filter(project=project)
        .select_related("contractor")
    )


def project_townships(*, scope: Scope, project: Project) -> QuerySet[Region]:
    """The townships the project stands on, by division code."""
    ground = ProjectTownship.objects.visible_to(scope).filter(project=project)
    return Region.objects.filter(code__in=ground.values("township")).order_by("code")


def project_forecasts(*, scope: Scope, project: Project) -> QuerySet[ProjectForecast]:
    return ProjectForecast.objects.visible_to(scope).filter(project=project)


def project_list_entries(*, scope: Scope, project: Project) -> QuerySet[AnnualListEntry]:
    """Every list the project was put on, newest first, with the dates it left them."""
    return (
        AnnualListEntry.objects.visible_to(scope)
        .filter(project=project)
        .select_related("annual_list__region")
        .order_by("-added_on")
    )


def project_counts(*, scope: Scope) -> dict[str, int]:
    """Projects in scope by status, and this year's list, in two queries."""
    counts = Project.objects.visible_to(scope).aggregate(
        total=Count("id"),
        **{status.value: Count("id", filter=Q(status=status)) for status in ProjectStatus},
    )
    year = timezone.localdate().year
    counts["listed_this_year"] = (
        AnnualListEntry.objects.visible_to(scope)
        .filter(annual_list__year=year, withdrawn_on__isnull=True)
        .values("project")
        .distinct()
        .count()
    )
    counts["year"] = year
    return counts
