"""What the supervision app puts on other pages: the office's card of overdue findings, the
to-do lines of the units that must act, and the 监督检查 tab of the project page.

Every number is counted by `selectors.finding_list`, the selector of the list its link opens,
with the same filters.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from portal.models import OFFICE_KINDS, SUPERVISOR_KINDS, OrganizationKind
from portal.navigation import Todo
from portal.scope import Scope
from projects.models import Project
from supervision import selectors
from supervision.models import InspectionLevel
from supervision.models.inspections import levels_for


def findings_url(filters: dict) -> str:
    query = {key: 1 if value is True else value for key, value in filters.items()}
    return reverse("supervision:finding-list") + (f"?{urlencode(query)}" if query else "")


def overdue_card(scope: Scope) -> dict | None:
    """The office's findings past their deadline and not closed, across its region."""
    if scope.kind not in OFFICE_KINDS:
        return None
    filters = {"overdue": True}
    overdue = selectors.finding_list(scope=scope, filters=filters)
    return {
        "count": overdue.count(),
        "overdue": list(overdue[:8]),
        "url": findings_url(filters),
    }


def todos(scope: Scope) -> list[Todo]:
    """The unit that must rectify sees its open findings (late ones first); the office and a
    department see the rectifications waiting for their decision."""
    if scope.organization is None:
        return []
    lines = []
    late = {"mine": True, "rectify": True, "overdue": True}
    lines.append(_todo(scope, "本单位逾期未整改的检查问题", late, urgent=True))
    lines.append(_todo(scope, "本单位待整改的检查问题", {"mine": True, "rectify": True}))
    if scope.kind in OFFICE_KINDS or scope.kind == OrganizationKind.DEPARTMENT:
        lines.append(_todo(scope, "待审核销号的整改情况", {"review": True}))
    return lines


def _todo(scope: Scope, label: str, filters: dict, urgent: bool = False) -> Todo:
    count = selectors.finding_list(scope=scope, filters=filters).count()
    return Todo(label, count, findings_url(filters), urgent=urgent)


def project_tab_badge(scope: Scope, project: Project) -> tuple[str, bool] | None:
    """The number of findings not yet closed; red when one is past its deadline."""
    counts = selectors.project_finding_counts(scope=scope, project=project)
    if not counts["unclosed"]:
        return None
    return str(counts["unclosed"]), bool(counts["overdue"])


def project_tab_context(scope: Scope, project: Project) -> dict:
    supervision = selectors.project_supervision(scope=scope, project=project)
    levels = levels_for(scope.kind)
    can_inspect = (
        bool(levels)
        and scope.may_write()
        and (selectors.projects_to_inspect(scope=scope).filter(pk=project.pk).exists())
    )
    return {
        "supervision": supervision,
        "can_inspect": can_inspect,
        "inspect_level_label": InspectionLevel(levels[0]).label if levels else "",
        "can_observe": scope.may_write(SUPERVISOR_KINDS)
        and project.supervisor_id == scope.organization.pk,
    }
