"""Tabs of the project page that other topics and apps add (pre-review, archive, inspections…).

The project page knows its own tabs (overview, plans, checkpoints, evaluation, history). A
topic module or an app above `projects` (which `projects` cannot import) registers a
`ProjectTab` here from its AppConfig.ready(); the page shows the tab to whoever `allowed` lets
through, and reads the tab's context only when the tab is open. `badge` runs on every view of
the page: keep it to one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal.scope import Scope
    from projects.models import Project


@dataclass(frozen=True)
class ProjectTab:
    key: str  # the ?tab= value
    label: str
    template: str  # rendered with the page's context plus `context(scope, project)`
    context: Callable[[Scope, Project], dict[str, Any]]
    # a short text beside the label (a count, "缺2"), or None; `danger` colours it red
    badge: Callable[[Scope, Project], tuple[str, bool] | None] | None = None
    allowed: Callable[[Scope, Project], bool] | None = None
    order: int = 100


_tabs: dict[str, ProjectTab] = {}


def register_project_tab(tab: ProjectTab) -> None:
    _tabs[tab.key] = tab


def project_tabs(scope: Scope, project: Project) -> list[ProjectTab]:
    """The registered tabs this scope may open on this project, in their order."""
    return sorted(
        (tab for tab in _tabs.values() if tab.allowed is None or tab.allowed(scope, project)),
        key=lambda tab: (tab.order, tab.key),
    )
