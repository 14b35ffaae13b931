"""Projects' figures (local workers, priority-group workers, remuneration, training, arrears),
gathered from the apps that keep the records.

`projects` cannot import the apps above it (labor, wages), so they register a provider here
in their AppConfig.ready(). A provider takes a queryset of projects and returns the figures it
knows, keyed by project id, in a constant number of queries whatever the number of projects:
a report over N projects costs one query per provider, not N. The reports app's indicators
call the same `figures_for`, so each figure has one source. Nothing is typed by hand.

A provider returns only the figures it knows. A figure that no provider knows for a project is
absent from that project's dict, and pages show it as "暂无记录" (`figure_rows`), never as 0:
a 0 is a provider's answer ("no one was paid"), not the absence of records.
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
# provider(projects) -> {project id: {figure key: value}}: only the figures it knows; projects
# it has nothing on may be left out.
Provider = Callable[["QuerySet[Project]"], dict[int, Figures]]

_providers: list[Provider] = []


def register_figure_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def figures_for(projects: QuerySet[Project]) -> dict[int, Figures]:
    """The figures known of every project in `projects`, keyed by project id (every project
    has a dict, empty when nothing is known): one query for the ids and one per provider,
    whatever the number of projects."""
    ids = list(projects.order_by().values_list("pk", flat=True))
    figures: dict[int, Figures] = {pk: {} for pk in ids}
    if not ids:
        return figures
    chosen = projects.model.objects.filter(pk__in=ids)
    for provider in _providers:
        for pk, provided in provider(chosen).items():
            if pk in figures:
                figures[pk].update(provided)
    return figures


def project_figures(project: Project) -> Figures:
    """One project's known figures (the project page, the evaluation)."""
    return figures_for(type(project).objects.filter(pk=project.pk))[project.pk]


def figure_rows(figures: Figures) -> list[tuple[str, int | Decimal | None]]:
    """Each figure of FIGURES with its Chinese label and its value, None where no provider
    knows it (shown as "暂无记录")."""
    return [(label, figures.get(key)) for key, label in FIGURES.items()]
