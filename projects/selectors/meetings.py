"""Reads of coordination meetings and their action items, always through a scope."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import ActionItem, ActionItemStatus, Meeting


def meeting_list(*, scope: Scope) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(scope)
        .annotate(
            open_items=Count(
                "action_items", filter=Q(action_items__status=ActionItemStatus.OPEN), distinct=True
            )
        )
        .order_by("-held_on", "-id")
    )


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    """A meeting with its attendees and action items (their owners and projects)."""
    items = ActionItem.objects.select_related("owner", "project").order_by("due_on", "id")
    meetings = meeting_list(scope=scope).prefetch_related(
        "attendees", Prefetch("action_items", queryset=items)
    )
    return get_or_404(meetings, "没有找到该会议。", pk=pk)


def action_item_get(*, scope: Scope, pk: int) -> ActionItem:
    """An action item of a meeting the scope may see."""
    items = ActionItem.objects.visible_to(scope).select_related("meeting", "owner")
    return get_or_404(items, "没有找到该议定事项。", pk=pk)


def action_item_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[ActionItem]:
    """Action items of the meetings the scope may see; `mine`: those its organisation owns,
    `overdue`: still open past their due date, `undone`: still open."""
    filters = filters or {}
    items = ActionItem.objects.visible_to(scope)
    if filters.get("mine"):
        items = items.filter(owner=scope.organization)
    if filters.get("overdue"):
        items = items.filter(status=ActionItemStatus.OPEN, due_on__lt=timezone.localdate())
    elif filters.get("undone"):
        items = items.filter(status=ActionItemStatus.OPEN)
    return items.select_related("owner", "meeting", "project").order_by("due_on", "id")


def overdue_action_items(*, scope: Scope) -> QuerySet[ActionItem]:
    return action_item_list(scope=scope, filters={"overdue": True})
