"""Projects' figures (local workers, priority-group workers, remuneration, training, arrears),
gathered from the apps that keep the records.

`projects` cannot import the apps above it (labor, wages), so they register a provider here
in their AppConfig.ready(). A provider takes a queryset of projects and returns the figures it
knows, keyed by project id, in a constant number of queries whatever the number of projects:
a report over N projects costs one query per provider, not N. The reports app's indicators
call the same `figures_for`, so each figure has one source. A figure no app provides yet is 0:
nothing is typed by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from projects.models import Project

FIGURES = {
    "local_workers": "吸纳当地务工人数",
    "priority_group_workers": "其中重点群体人数",
    "remuneration_paid": "发放劳务报酬（元）",
    "people_trained": "开展技能培训人数",
    "arrears": "拖欠劳务报酬（元）",
}

Figures = dict[str, int | Decimal]
# provider(projects) -> {project id: {figure key: value}}; projects it has nothing on may be
# left out.
Provider = Callable[["QuerySet[Project]"], dict[int, Figures]]

_providers: list[Provider] = []


def register_figure_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def figures_for(projects: QuerySet[Project]) -> dict[int, Figures]:
    """Every figure of every project in `projects`, keyed by project id: one query for the ids
    and one per provider, whatever the number of projects."""
    ids = list(projects.order_by().values_list("pk", flat=True))
    figures = {pk: dict.fromkeys(FIGURES, 0) for pk in ids}
    if not ids:
        return figures
    chosen = projects.model.objects.filter(pk__in=ids)
    for provider in _providers:
        for pk, provided in provider(chosen).items():
            if pk in figures:
                figures[pk].update(provided)
    return figures


def project_figures(project: Project) -> Figures:
    """One project's figures (the project page, the evaluation)."""
    return figures_for(type(project).objects.filter(pk=project.pk))[project.pk]
