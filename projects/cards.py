"""What the projects app puts on each user's dashboard: its cards and its to-do lines.

Every number here is counted by the selector of the list its link opens, with the same filters,
so a number and the rows behind it cannot disagree.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from portal.models import (
    OFFICE_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    TOWNSHIP_KINDS,
)
from portal.navigation import Todo
from portal.scope import Scope
from projects import selectors


def url(name: str, filters: dict | None = None) -> str:
    query = {key: 1 if value is True else value for key, value in (filters or {}).items()}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def project_card(scope: Scope) -> dict:
    cards = selectors.project_count_cards(scope=scope)
    for card in cards:
        card["url"] = url("projects:project-list", card["filters"])
    return {"figures": cards}


def jobs_card(scope: Scope) -> dict | None:
    """A township's (or a labour organisation's) jobs still on offer on its ground."""
    if scope.kind not in TOWNSHIP_KINDS:
        return None
    offer = selectors.jobs_on_offer(scope=scope)
    return {
        **offer,
        "url": url("projects:inbox", {"current": True}),
        "pending": selectors.inbox_pending_count(scope=scope),
        "pending_url": url("projects:inbox", {"pending": True}),
        "latest": list(selectors.inbox(scope=scope, filters={"pending": True})[:5]),
    }


def action_items_card(scope: Scope) -> dict | None:
    """The office's view of what is late across its region (others see their own items in
    their to-do list)."""
    if scope.kind not in OFFICE_KINDS:
        return None
    filters = {"overdue": True}
    overdue = selectors.action_item_list(scope=scope, filters=filters)
    return {
        "count": overdue.count(),
        "overdue": list(overdue[:10]),
        "url": url("projects:action-item-list", filters),
    }


def directory_card(scope: Scope) -> dict:
    return {"counts": selectors.directory_counts(scope=scope)}


def todos(scope: Scope) -> list[Todo]:
    """What waits for this user: each line counts the rows of the list it opens."""
    lines = []
    own_items = {"mine": True, "overdue": True}
    if scope.kind in OFFICE_KINDS:
        items = {"overdue": True}
        lines.append(_items_todo(scope, "逾期未办结的议定事项", items))
    else:
        lines.append(_items_todo(scope, "本单位逾期未办结的议定事项", own_items))
    if scope.kind in TOWNSHIP_KINDS:
        lines.append(
            Todo(
                "待签收的用工计划",
                selectors.inbox_pending_count(scope=scope),
                url("projects:inbox", {"pending": True}),
            )
        )
    if scope.kind in OVERSEEING_KINDS:
        lines.append(_projects_todo(scope, "逾期未完工的在建项目", {"overdue": True}, urgent=True))
    if scope.kind in OVERSEEING_KINDS | OWNER_KINDS:
        label = "缺少节点文件的在列、在建、已完工项目"
        lines.append(_projects_todo(scope, label, {"missing_checkpoint": selectors.MISSING_ANY}))
    return lines


def _items_todo(scope: Scope, label: str, filters: dict) -> Todo:
    count = selectors.action_item_list(scope=scope, filters=filters).count()
    return Todo(label, count, url("projects:action-item-list", filters), urgent=True)


def _projects_todo(scope: Scope, label: str, filters: dict, urgent: bool = False) -> Todo:
    count = selectors.project_list(scope=scope, filters=filters).count()
    return Todo(label, count, url("projects:project-list", filters), urgent=urgent)
