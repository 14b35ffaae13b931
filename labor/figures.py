"""The labour app's figures for `projects.figures` (registered from `labor.views.training`):
local workers, priority-group workers and people trained, for any number of projects in four
queries.

- local_workers: distinct workers on the project's roster as 务工人员 (WORK_RELIEF_CATEGORIES:
  managers, technicians and work organisers never count) whose household township lies in
  the project's district (`Worker.is_local`, DOMAIN.md: the worker record, not the ID's area
  code; no township recorded is not local);
- priority_group_workers: of them, those with a priority group (WorkerPriorityGroup);
- people_trained: distinct participants of the training sessions of the project.

A project with no roster has no worker figures, and one with no training session no
`people_trained`: the page shows "暂无记录", not 0 (projects.figures)."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from labor.models import WORK_RELIEF_CATEGORIES, Engagement, TrainingParticipant, TrainingSession


def labor_figures(projects: QuerySet) -> dict[int, dict[str, int]]:
    figures: dict[int, dict[str, int]] = {}
    with_roster = Engagement.objects.filter(project__in=projects).order_by()
    for pk in with_roster.values_list("project", flat=True).distinct():
        figures[pk] = {"local_workers": 0, "priority_group_workers": 0}
    local = (
        with_roster.filter(
            staff_category__in=WORK_RELIEF_CATEGORIES,
            worker__household_township__path__startswith=F("project__region__path"),
        )
        .values("project")
        .annotate(
            local=Count("worker", distinct=True),
            priority=Count(
                "worker", distinct=True, filter=Q(worker__priority_groups__isnull=False)
            ),
        )
    )
    for row in local:
        figures[row["project"]] = {
            "local_workers": row["local"],
            "priority_group_workers": row["priority"],
        }
    sessions = TrainingSession.objects.filter(project__in=projects).order_by()
    for pk in sessions.values_list("project", flat=True).distinct():
        figures.setdefault(pk, {})["people_trained"] = 0
    trained = (
        TrainingParticipant.objects.filter(session__project__in=projects)
        .order_by()
        .values("session__project")
        .annotate(people=Count("worker", distinct=True))
    )
    for row in trained:
        figures.setdefault(row["session__project"], {})["people_trained"] = row["people"]
    return figures
