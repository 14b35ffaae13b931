"""Reads of projects, always through a scope."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from portal.models import CONTRACTOR_KINDS, OFFICE_KINDS, OWNER_KINDS, OrganizationKind, Region
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import (
    ACCOUNT_CHECKPOINTS,
    AFTER_CONTRACT_CHECKPOINTS,
    WORKS_COMPLETE_STATUSES,
    AnnualListEntry,
    Checkpoint,
    CheckpointKind,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectStatus,
    ProjectTownship,
    ProjectType,
    ProposalStatus,
    required_checkpoints,
)
from projects.selectors.directory import same_category

PROPOSAL_EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


def project_can_edit(*, scope: Scope, project: Project, allow_owner: bool = False) -> bool:
    """The office edits any project of its region; a department those it supervises; with
    `allow_owner`, the owner too (checkpoints are the owner's documents). A project being
    proposed is its proposer's alone, while its proposal is a draft or was returned: the office
    decides on it through the review, not by editing it."""
    if not scope.may_write():
        return False
    if project.status == ProjectStatus.PROPOSED:
        return (
            project.proposed_by_id == scope.organization.pk
            and project.proposals.filter(status__in=PROPOSAL_EDITABLE).exists()
        )
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


# Projects that should have their checkpoints by now: on a list, being built, or completed.
ACTIVE_STATUSES = (
    ProjectStatus.LISTED,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.EVALUATED,
)
MISSING_ANY = "any"  # the missing-checkpoint filter's "any required checkpoint" choice


def _missing_checkpoint_filter(kind: str) -> Q:
    """Projects that should have recorded `kind` by now and have not: the checkpoints before
    the contract once a project is listed; acceptance to maintenance once its works are
    complete; the wage account and the pay pledge only where the project needs them."""
    if kind == MISSING_ANY:
        missing_one = Q()
        for each in CheckpointKind.values:
            missing_one |= _missing_checkpoint_filter(each)
        return Q(status__in=ACTIVE_STATUSES) & missing_one
    has_it = Exists(Checkpoint.objects.filter(project=OuterRef("pk"), kind=kind))
    missing = ~Q(has_it)
    if kind in ACCOUNT_CHECKPOINTS:
        missing &= Q(requires_wage_account=True)
    if kind in AFTER_CONTRACT_CHECKPOINTS:
        missing &= Q(status__in=WORKS_COMPLETE_STATUSES)
    return missing


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
        forecast = ProjectForecast.objects.filter(year=year)
        qs = qs.filter(Q(pk__in=on_list.values("project")) | Q(pk__in=forecast.values("project")))
    if listed_in := filters.get("on_list"):
        on_list = AnnualListEntry.objects.filter(
            annual_list__year=listed_in, withdrawn_on__isnull=True
        )
        qs = qs.filter(pk__in=on_list.values("project"))
    if filters.get("overdue"):
        qs = qs.filter(overdue_filter())
    for field in ("level", "status", "project_type"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    for field in ("domain", "department"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    if category := filters.get("category"):
        qs = qs.filter(same_category(category))  # in whichever directory version it was given
    if township := filters.get("township"):
        qs = qs.filter(pk__in=ProjectTownship.objects.filter(township=township).values("project"))
    if missing := filters.get("missing_checkpoint"):
        qs = qs.filter(_missing_checkpoint_filter(missing))
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=text) | Q(code__icontains=text))
    # The page's checkpoints come in one query for the page; annotating an EXISTS per kind
    # would make PostgreSQL evaluate them for every row in scope before sorting.
    kinds = Prefetch("checkpoints", queryset=Checkpoint.objects.only("id", "project_id", "kind"))
    # The key projects a special investment project supports, as far as the scope sees them.
    supports = Prefetch(
        "supports",
        queryset=Project.objects.visible_to(scope).only("id", "code", "name").order_by("code"),
        to_attr="visible_supports",
    )
    qs = qs.select_related("domain", "category", "department", "owner").prefetch_related(
        kinds, supports
    )
    return qs.order_by(SORTS.get(filters.get("sort") or "", "-created_at"), "code")


def project_support_choices(*, scope: Scope, project: Project | None = None) -> QuerySet[Project]:
    """The key projects a special investment project may support (衔接配套, seed 004): the key
    projects of its region that the scope sees, not withdrawn, never the project itself; those
    it supports already stay on offer whatever became of them."""
    region = project.region if project is not None and project.region_id else scope.area
    # A project still being proposed is not a key project yet: it is not on offer.
    wanted = Q(project_type=ProjectType.KEY) & ~Q(
        status__in=(ProjectStatus.WITHDRAWN, ProjectStatus.PROPOSED)
    )
    if project is not None and project.pk:
        wanted |= Q(pk__in=project.supports.values("pk"))
    choices = Project.objects.visible_to(scope).filter(wanted, region=region)
    if project is not None and project.pk:
        choices = choices.exclude(pk=project.pk)
    return choices.order_by("code")


def project_supports(*, scope: Scope, project: Project) -> QuerySet[Project]:
    """The key projects this special investment project supports, as far as the scope sees."""
    return project.supports.visible_to(scope).order_by("code")


def project_supported_by(*, scope: Scope, project: Project) -> QuerySet[Project]:
    """The special investment projects supporting this key project, as far as the scope sees."""
    return project.supported_by.visible_to(scope).order_by("code")


def overdue_filter() -> Q:
    """Under construction past the planned completion date."""
    return Q(status=ProjectStatus.UNDER_CONSTRUCTION, planned_end__lt=timezone.localdate())


def visible_project_ids(*, scope: Scope, ids) -> set[int]:
    """Which of these projects the scope may open, in one query."""
    if not ids:
        return set()
    return set(Project.objects.visible_to(scope).filter(pk__in=ids).values_list("pk", flat=True))


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


def project_count_cards(*, scope: Scope) -> list[dict]:
    """The dashboard's project figures, each counted by the list its link opens: the same
    selector with the same filters, so the number and the rows cannot disagree."""
    year = timezone.localdate().year
    cards = [
        ("projects", "项目总数", {}),
        ("listed_this_year", f"{year}年清单在列", {"on_list": year}),
        (ProjectStatus.RESERVE, "储备项目", {"status": ProjectStatus.RESERVE}),
        (
            ProjectStatus.UNDER_CONSTRUCTION,
            "开工在建",
            {"status": ProjectStatus.UNDER_CONSTRUCTION},
        ),
        ("overdue", "逾期未完工", {"overdue": True}),
        (ProjectStatus.COMPLETED, "已完工待评价", {"status": ProjectStatus.COMPLETED}),
        (ProjectStatus.EVALUATED, "已评价", {"status": ProjectStatus.EVALUATED}),
    ]
    return [
        {
            "key": key,
            "label": label,
            "filters": filters,
            "count": project_list(scope=scope, filters=filters).count(),
        }
        for key, label, filters in cards
    ]
