"""A project's figures (local workers, priority-group workers, remuneration, training, arrears),
gathered from the apps that keep the records.

`projects` cannot import the apps above it (labor, wages), so they register a provider here
in their AppConfig.ready(). A figure no app provides yet is 0: nothing is typed by hand.
"""

from collections.abc import Callable
from decimal import Decimal

FIGURES = {
    "local_workers": "吸纳当地务工人数",
    "priority_group_workers": "其中重点群体人数",
    "remuneration_paid": "发放劳务报酬（元）",
    "people_trained": "开展技能培训人数",
    "arrears": "拖欠劳务报酬（元）",
}

_providers: list[Callable] = []


def register_figure_provider(provider: Callable) -> None:
    """`provider(project) -> dict` with some of the keys of FIGURES."""
    if provider not in _providers:
        _providers.append(provider)


def project_figures(project) -> dict[str, int | Decimal]:
    figures: dict[str, int | Decimal] = dict.fromkeys(FIGURES, 0)
    for provider in _providers:
        figures.update(provider(project))
    return figures
