"""Every read of projects and the guidance directory, always through a scope."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.http import Http404
from django.utils import timezone

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import (
    ACCOUNT_CHECKPOINTS,
    BASE_CHECKPOINTS,
    ActionItem,
    ActionItemStatus,
    AnnualList,
    AnnualListEntry,
    Category,
    Checkpoint,
    CheckpointKind,
    Directory,
    DirectoryAdoption,
    Domain,
    LaborPlan,
    ListImport,
    Meeting,
    PlanNotice,
    Project,
    ProjectLevel,
    ProjectTownship,
    StageKind,
    WorkStage,
)

DEFAULT_DIRECTORY_CODE = "district-2024"


# --- guidance directory ------------------------------------------------------------------------


def directory_in_use(*, scope: Scope) -> Directory:
    """The directory version the scope's region adopted (nearest adopting ancestor), or the
    default directory shipped in fixtures/."""
    if scope.organization is not None:
        codes = [code for code in scope.region.path.split("/") if code]
        adoption = (
            DirectoryAdoption.objects.filter(region_id__in=codes)
            .select_related("directory", "region")
            .order_by("-region__path")
            .first()
        )
        if adoption:
            return adoption.directory
    directory = Directory.objects.filter(code=DEFAULT_DIRECTORY_CODE).first()
    if directory is None:
        raise Http404("尚未载入指导目录。")
    return directory


def directory_categories(*, scope: Scope) -> QuerySet[Category]:
    """The categories of the directory in use; none when no directory is loaded yet."""
    try:
        directory = directory_in_use(scope=scope)
    except Http404:
        return Category.objects.none()
    return directory.categories.select_related("domain")


def directory_tree(*, directory: Directory) -> list[dict]:
    """Domains → categories → stages of one version, in three queries."""
    categories = list(directory.categories.select_related("domain").prefetch_related("stages"))
    tree: dict[int, dict] = {}
    for category in categories:
        node = tree.setdefault(category.domain_id, {"domain": category.domain, "categories": []})
        node["categories"].append(category)
    return sorted(tree.values(), key=lambda node: node["domain"].order)


def directory_counts(*, scope: Scope) -> dict[str, int]:
    """Size of the guidance directory in use."""
    try:
        directory = directory_in_use(scope=scope)
    except Http404:
        return {"domains": 0, "categories": 0, "stages": 0, **dict.fromkeys(StageKind.values, 0)}
    stages = WorkStage.objects.filter(category__directory=directory).aggregate(
        total=Count("id"),
        **{kind.value: Count("id", filter=Q(kind=kind)) for kind in StageKind},
    )
    return {
        "domains": Domain.objects.filter(categories__directory=directory).distinct().count(),
        "categories": directory.categories.count(),
        "stages": stages.pop("total"),
        **stages,
    }


def category_stages(*, category: Category) -> QuerySet[WorkStage]:
    return category.stages.all()


# --- projects ----------------------------------------------------------------------------------


def project_can_edit(*, scope: Scope, project: Project, allow_owner: bool = False) -> bool:
    """The office edits any project of its region; a department those it supervises; with
    `allow_owner`, the owner too (checkpoints are the owner's documents)."""
    if not scope.has_role(Role.EDITOR):
        return False
    if scope.kind == OrganizationKind.COORDINATION_OFFICE:
        return project.region.path.startswith(scope.region.path)
    if scope.kind == OrganizationKind.DEPARTMENT:
        return project.department_id == scope.organization.pk
    return allow_owner and project.owner_id == scope.organization.pk


def project_can_manage_plans(*, scope: Scope, project: Project) -> bool:
    """Labour plans are declared by the owner or a contractor of the project, or the office."""
    if not scope.has_role(Role.EDITOR):
        return False
    if scope.kind == OrganizationKind.COORDINATION_OFFICE:
        return project.region.path.startswith(scope.region.path)
    if scope.kind == OrganizationKind.OWNER:
        return project.owner_id == scope.organization.pk
    if scope.kind == OrganizationKind.CONTRACTOR:
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


INVESTMENT_FIELDS = ("total_investment", "government_investment", "work_relief_funds")


def investment_totals(projects: QuerySet[Project]) -> dict[str, Decimal | None]:
    """The investments of some projects, summed in the database (None when there are none)."""
    return projects.order_by().aggregate(**{field: Sum(field) for field in INVESTMENT_FIELDS})


def missing_checkpoints(project: Project) -> list[str]:
    """Labels of the checkpoints a project still lacks (reads the checkpoints project_list
    prefetched, or queries them)."""
    kinds = list(BASE_CHECKPOINTS) + (
        list(ACCOUNT_CHECKPOINTS) if project.requires_wage_account else []
    )
    present = {checkpoint.kind for checkpoint in project.checkpoints.all()}
    return [CheckpointKind(kind).label for kind in kinds if kind not in present]


def project_get(*, scope: Scope, code: str) -> Project:
    """The project with that code if the scope may see it; 404 otherwise, alike for both."""
    try:
        return (
            Project.objects.visible_to(scope)
            .select_related("domain", "category", "department", "owner", "supervisor", "region")
            .get(code=code)
        )
    except Project.DoesNotExist:
        raise Http404("没有找到该项目。") from None


# --- annual lists ------------------------------------------------------------------------------


def annual_list_list(*, scope: Scope) -> QuerySet[AnnualList]:
    if scope.organization is None:
        return AnnualList.objects.none()
    visible = Project.objects.visible_to(scope)
    return (
        AnnualList.objects.filter(
            Q(region__path__startswith=scope.region.path) | Q(entries__project__in=visible)
        )
        .distinct()
        .select_related("region")
        .annotate(
            current=Count("entries", filter=Q(entries__withdrawn_on__isnull=True), distinct=True),
            level_rank=Case(
                *(When(level=level, then=rank) for rank, level in enumerate(ProjectLevel.values)),
                output_field=IntegerField(),
            ),
        )
        .order_by("-year", "level_rank")
    )


def annual_list_get(*, scope: Scope, pk: int) -> AnnualList:
    try:
        return annual_list_list(scope=scope).get(pk=pk)
    except AnnualList.DoesNotExist:
        raise Http404("没有找到该清单。") from None


def annual_list_entries(
    *, scope: Scope, annual_list: AnnualList, on: datetime.date | None = None
) -> QuerySet[AnnualListEntry]:
    """The entries on the list at the end of day `on` (today by default) that the scope may see."""
    on = on or timezone.localdate()
    return (
        annual_list.entries.filter(project__in=Project.objects.visible_to(scope), added_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .select_related(
            "project__domain", "project__category", "project__department", "project__owner"
        )
        .order_by("project__code")
    )


def annual_list_entry_get(*, scope: Scope, pk: int) -> AnnualListEntry:
    entry = (
        AnnualListEntry.objects.filter(
            annual_list__in=annual_list_list(scope=scope).values("pk"),
            project__in=Project.objects.visible_to(scope),
            pk=pk,
        )
        .select_related("annual_list__region", "project")
        .first()
    )
    if entry is None:
        raise Http404("没有找到该清单项目。")
    return entry


def annual_list_history(*, scope: Scope, annual_list: AnnualList) -> QuerySet[AnnualListEntry]:
    return (
        annual_list.entries.filter(project__in=Project.objects.visible_to(scope))
        .select_related("project")
        .order_by("-added_on", "-id")
    )


def list_import_list(*, scope: Scope) -> QuerySet[ListImport]:
    """The uploads of the scope's own organisation, newest first."""
    if scope.organization is None:
        return ListImport.objects.none()
    return ListImport.objects.filter(organization=scope.organization).select_related("user")


def list_import_get(*, scope: Scope, pk: int) -> ListImport:
    try:
        return list_import_list(scope=scope).get(pk=pk)
    except ListImport.DoesNotExist:
        raise Http404("没有找到该导入记录。") from None


def reserve_list(*, scope: Scope) -> QuerySet[Project]:
    return project_list(scope=scope, filters={"status": "reserve"})


# --- labour plans and inbox --------------------------------------------------------------------


def labor_plan_list(*, scope: Scope, project: Project | None = None) -> QuerySet[LaborPlan]:
    """One project's plans (already read through the scope), or those of every project the
    scope may see, with how many townships received and signed for each."""
    plans = (
        LaborPlan.objects.filter(project=project)
        if project is not None
        else LaborPlan.objects.filter(project__in=Project.objects.visible_to(scope))
    )
    return (
        plans.select_related("stage")
        .annotate(
            notices_total=Count("notices", distinct=True),
            notices_acknowledged=Count(
                "notices", filter=Q(notices__acknowledged_at__isnull=False), distinct=True
            ),
        )
        .order_by("start", "id")
    )


def labor_plan_get(*, scope: Scope, project: Project, pk: int) -> LaborPlan:
    try:
        return LaborPlan.objects.select_related("stage", "project").get(project=project, pk=pk)
    except LaborPlan.DoesNotExist:
        raise Http404("没有找到该用工计划。") from None


def inbox(*, scope: Scope, filters: dict | None = None) -> QuerySet[PlanNotice]:
    """A township's inbox of published labour plans, unacknowledged first."""
    filters = filters or {}
    if scope.organization is None:
        return PlanNotice.objects.none()
    qs = PlanNotice.objects.filter(township=scope.organization)
    if filters.get("pending"):
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs.select_related("plan__project__owner", "plan__stage", "acknowledged_by").order_by(
        F("acknowledged_at").desc(nulls_first=True), "-created_at"
    )


def inbox_pending_count(*, scope: Scope) -> int:
    return inbox(scope=scope, filters={"pending": True}).count()


def plan_notice_get(*, scope: Scope, pk: int) -> PlanNotice:
    try:
        return inbox(scope=scope).get(pk=pk)
    except PlanNotice.DoesNotExist:
        raise Http404("没有找到该用工计划。") from None


# --- meetings ----------------------------------------------------------------------------------


def meeting_list(*, scope: Scope) -> QuerySet[Meeting]:
    if scope.organization is None:
        return Meeting.objects.none()
    if scope.is_overseer:
        qs = Meeting.objects.filter(region__path__startswith=scope.region.path)
    else:
        qs = Meeting.objects.filter(
            Q(attendees=scope.organization) | Q(action_items__owner=scope.organization)
        ).distinct()
    return qs.annotate(
        open_items=Count(
            "action_items", filter=Q(action_items__status=ActionItemStatus.OPEN), distinct=True
        )
    ).order_by("-held_on", "-id")


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    """A meeting with its attendees and action items (their owners and projects)."""
    items = ActionItem.objects.select_related("owner", "project").order_by("due_on", "id")
    meeting = (
        meeting_list(scope=scope)
        .prefetch_related("attendees", Prefetch("action_items", queryset=items))
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("没有找到该会议。")
    return meeting


def action_item_get(*, scope: Scope, pk: int) -> ActionItem:
    """An action item of a meeting the scope may see."""
    meetings = meeting_list(scope=scope).values("pk")
    item = ActionItem.objects.filter(meeting__in=meetings, pk=pk).select_related("meeting").first()
    if item is None:
        raise Http404("没有找到该议定事项。")
    return item


def overdue_action_items(*, scope: Scope) -> QuerySet[ActionItem]:
    meetings = meeting_list(scope=scope).values("pk")
    return (
        ActionItem.objects.filter(
            meeting__in=meetings, status=ActionItemStatus.OPEN, due_on__lt=timezone.localdate()
        )
        .select_related("owner", "meeting")
        .order_by("due_on")
    )


def project_counts(*, scope: Scope) -> dict[str, int]:
    """Projects in scope by status, and this year's list, in two queries."""
    from projects.models import ProjectStatus

    counts = Project.objects.visible_to(scope).aggregate(
        total=Count("id"),
        **{status.value: Count("id", filter=Q(status=status)) for status in ProjectStatus},
    )
    year = timezone.localdate().year
    counts["listed_this_year"] = (
        AnnualListEntry.objects.filter(
            annual_list__year=year,
            withdrawn_on__isnull=True,
            project__in=Project.objects.visible_to(scope),
        )
        .values("project")
        .distinct()
        .count()
    )
    counts["year"] = year
    return counts
