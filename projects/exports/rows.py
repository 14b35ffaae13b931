"""The rows of the project workbooks, as plain values, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Sum

from projects.models import (
    Directory,
    LaborPlan,
    Project,
    ProjectForecast,
    ProjectLevel,
    ProjectStatus,
    ProjectTownship,
    ProjectType,
    WorkStage,
)

ROW_FIELDS = (
    "pk",
    "code",
    "name",
    "project_type",
    "level",
    "domain__name",
    "category_id",
    "category__domain_id",
    "category__number",
    "category__name",
    "department__name",
    "owner__name",
    "total_investment",
    "government_investment",
    "work_relief_funds",
    "planned_start",
    "planned_end",
    "status",
)
LEVELS = dict(ProjectLevel.choices)
STATUSES = dict(ProjectStatus.choices)
TYPES = dict(ProjectType.choices)


def _stage_names(projects: QuerySet[Project], directory: Directory | None) -> dict:
    """The work stages of each category, by category id and by (domain, number) in the
    directory in use, in one query: a project keeps the stages of its category's counterpart
    in the directory in use, or of its own category when that version has none."""
    wanted = Q(category_id__in=projects.values("category_id"))
    if directory is not None:
        wanted |= Q(category__directory=directory)
    stages: dict = {}
    for category_id, directory_id, domain_id, number, name in (
        WorkStage.objects.filter(wanted)
        .order_by("category_id", "order")
        .values_list(
            "category_id",
            "category__directory_id",
            "category__domain_id",
            "category__number",
            "name",
        )
    ):
        stages.setdefault(category_id, []).append(name)
        if directory is not None and directory_id == directory.pk:
            stages.setdefault((domain_id, number), []).append(name)
    return stages


def project_rows(
    projects: QuerySet[Project], year: int, note_for, *, directory=None, progress=None
):
    """The rows of the workbook as plain values, in six queries whatever the number of
    projects: the projects, their townships, their forecast of `year`, the key projects they
    support, the work stages of their categories and the jobs their published plans offer.
    `note_for(project_id, status)` fills the remarks column."""
    ids = projects.order_by().values("pk")
    townships: dict[int, list[str]] = {}
    for project_id, name in (
        ProjectTownship.objects.filter(project__in=ids)
        .order_by("township__code")
        .values_list("project_id", "township__name")
    ):
        townships.setdefault(project_id, []).append(name)
    forecasts = {
        project_id: (workers, remuneration)
        for project_id, workers, remuneration in ProjectForecast.objects.filter(
            project__in=ids, year=year
        ).values_list("project_id", "local_workers", "remuneration")
    }
    supports: dict[int, list[str]] = {}
    for project_id, code in (
        Project.supports.through.objects.filter(from_project__in=ids)
        .order_by("to_project__code")
        .values_list("from_project_id", "to_project__code")
    ):
        supports.setdefault(project_id, []).append(code)
    jobs = dict(
        LaborPlan.objects.filter(project__in=ids, published_at__isnull=False)
        .order_by()
        .values("project_id")
        .annotate(positions=Sum("positions"))
        .values_list("project_id", "positions")
    )
    stages = _stage_names(projects, directory)
    values = projects.prefetch_related(None).values_list(*ROW_FIELDS)
    total = len(values)
    rows = []
    for number, row in enumerate(values, start=1):
        project = dict(zip(ROW_FIELDS, row, strict=True))
        pk = project["pk"]
        workers, remuneration = forecasts.get(pk, (None, None))
        counterpart = (project["category__domain_id"], project["category__number"])
        rows.append(
            [
                number,
                project["code"],
                project["name"],
                TYPES.get(project["project_type"], project["project_type"]),
                LEVELS.get(project["level"], project["level"]),
                project["domain__name"],
                project["category__name"],
                "、".join(stages.get(counterpart) or stages.get(project["category_id"], [])),
                project["department__name"],
                project["owner__name"],
                "、".join(townships.get(pk, [])),
                "、".join(supports.get(pk, [])),
                project["total_investment"],
                project["government_investment"],
                project["work_relief_funds"],
                project["planned_start"],
                project["planned_end"],
                jobs.get(pk, 0),
                workers,
                remuneration,
                note_for(pk, project["status"]),
            ]
        )
        if progress and number % 500 == 0:
            progress(number, total, "生成")
    return rows
