"""Reads of maintenance jobs (零工变长工): the workers kept on for operation and maintenance
after completion are engagements on a maintenance work stage (StageKind.MAINTENANCE), counted
per project against the maintenance responsibility's plan (MaintenanceResponsibility
.planned_workers) and per township, with those who worked on the project's construction first
(an earlier engagement on the same project at another stage, or none yet): seed 001 三（三）6
gives them priority (优先吸纳参与工程建设的劳动力). Counted in the database; only 务工人员
(WORK_RELIEF_CATEGORIES) count."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from labor.models import WORK_RELIEF_CATEGORIES, Engagement
from portal.scope import Scope
from projects.models import Project, StageKind


def _maintenance_engagements() -> QuerySet[Engagement]:
    """Every maintenance-stage engagement of a 务工人员, each with `built`: the worker's id when
    he had an earlier non-maintenance engagement on the same project, else null."""
    construction = Engagement.objects.filter(
        worker=OuterRef("worker"),
        project=OuterRef("project"),
        entry_date__lt=OuterRef("entry_date"),
    ).exclude(stage__kind=StageKind.MAINTENANCE)
    return Engagement.objects.filter(
        stage__kind=StageKind.MAINTENANCE, staff_category__in=WORK_RELIEF_CATEGORIES
    ).annotate(built=Case(When(Exists(construction), then=F("worker")), default=None))


def _count_per_project(column: str) -> Subquery:
    counted = (
        _maintenance_engagements()
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count(column, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def maintenance_projects(*, scope: Scope) -> QuerySet[Project]:
    """The projects the scope sees that have a maintenance responsibility or maintenance
    workers, each with `planned` (the plan, None when not recorded), `kept` (distinct
    maintenance workers) and `from_construction` (of them, those who built it first); one
    query whatever the page size."""
    has_maintenance = Exists(
        Engagement.objects.filter(project=OuterRef("pk"), stage__kind=StageKind.MAINTENANCE)
    )
    return (
        Project.objects.visible_to(scope)
        .filter(Q(maintenance_responsibility__isnull=False) | has_maintenance)
        .select_related("maintenance_responsibility__unit")
        .annotate(
            planned=F("maintenance_responsibility__planned_workers"),
            kept=_count_per_project("worker"),
            from_construction=_count_per_project("built"),
        )
        .order_by("code")
    )


def maintenance_by_township(*, scope: Scope) -> list[dict]:
    """Maintenance workers per township of household (DOMAIN.md: cuts by township use the
    worker's household township), on the projects the scope sees; one query."""
    rows = (
        _maintenance_engagements()
        .filter(project__in=Project.objects.visible_to(scope).values("pk"))
        .order_by()
        .values("worker__household_township", "worker__household_township__name")
        .annotate(
            kept=Count("worker", distinct=True), from_construction=Count("built", distinct=True)
        )
    )
    return sorted(
        (
            {
                "township": row["worker__household_township__name"] or "户籍乡镇未填写",
                "kept": row["kept"],
                "from_construction": row["from_construction"],
            }
            for row in rows
        ),
        key=lambda row: (row["township"] == "户籍乡镇未填写", row["township"]),
    )


def maintenance_totals(projects: QuerySet[Project]) -> dict:
    """Planned, kept and from construction over `projects` (a `maintenance_projects`)."""
    totals = {"planned": 0, "kept": 0, "from_construction": 0}
    for row in projects.order_by().values("planned", "kept", "from_construction"):
        for key in totals:
            totals[key] += row[key] or 0
    return totals


def maintenance_of_project(*, scope: Scope, project: Project) -> dict:
    """A project's maintenance figures (one query) and the maintenance engagements the
    scope sees, each with `built`."""
    figures = (
        maintenance_projects(scope=scope)
        .filter(pk=project.pk)
        .values("planned", "kept", "from_construction")
        .first()
    ) or {"planned": None, "kept": 0, "from_construction": 0}
    visible = Engagement.objects.visible_to(scope).filter(project=project).values("pk")
    engagements = (
        _maintenance_engagements()
        .filter(pk__in=visible)
        .select_related("worker__household_township", "stage", "contractor")
        .order_by("worker__name", "pk")
    )
    return {**figures, "engagements": engagements}


def maintenance_badge(scope: Scope, project: Project) -> tuple[str, bool] | None:
    """The project tab's badge, one query: "kept/planned" (never red: before completion
    fewer kept than planned is normal); nothing when there is neither a plan nor a worker."""
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(
            planned=F("maintenance_responsibility__planned_workers"),
            kept=_count_per_project("worker"),
        )
        .values("planned", "kept")
        .first()
    )
    if row is None or (row["planned"] is None and not row["kept"]):
        return None
    if row["planned"] is None:
        return str(row["kept"]), False
    return f"{row['kept']}/{row['planned']}", False


__all__ = [
    "maintenance_badge",
    "maintenance_by_township",
    "maintenance_of_project",
    "maintenance_projects",
    "maintenance_totals",
]
