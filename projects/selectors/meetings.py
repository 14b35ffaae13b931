"""Reads of coordination meetings, meeting proposals and their action items, always through a
scope."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.models import OFFICE_KINDS, Organization, OrganizationKind
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import ActionItem, ActionItemStatus, Meeting, MeetingStatus

# Who may propose a meeting to the office (seeds 000 and 004: 成员单位可以提出召开会议的建议):
# the member units and the industry departments. A co-lead department acts as the office and
# convenes instead.
MEETING_PROPOSER_KINDS = frozenset({OrganizationKind.DEPARTMENT, OrganizationKind.MEMBER_UNIT})

# The meeting list's filters, by status, with their labels.
MEETING_FILTERS = {
    MeetingStatus.PROPOSED: "待研究的建议",
    MeetingStatus.CONVENED: "已通知召开",
    MeetingStatus.HELD: "已召开",
    MeetingStatus.DECLINED: "暂不召开",
}


def meeting_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Meeting]:
    """The meetings the scope may see (`status`: of one status; `proposed_by_me`: those its
    organisation proposed), each with its proposer and its number of open action items.
    Proposals and meetings to come first, then the held ones, newest first."""
    filters = filters or {}
    meetings = Meeting.objects.visible_to(scope)
    if status := filters.get("status"):
        meetings = meetings.filter(status=status)
    if filters.get("proposed_by_me"):
        meetings = meetings.filter(proposed_by=scope.organization)
    return (
        meetings.select_related("proposed_by")
        .annotate(
            open_items=Count(
                "action_items", filter=Q(action_items__status=ActionItemStatus.OPEN), distinct=True
            )
        )
        .order_by(F("held_on").desc(nulls_first=True), "-created_at", "-id")
    )


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    """A meeting with its attendees and action items (their owners, projects and closers)."""
    items = ActionItem.objects.select_related("owner", "project", "done_by").order_by(
        "due_on", "id"
    )
    meetings = meeting_list(scope=scope).prefetch_related(
        Prefetch("attendees", queryset=Organization.objects.order_by("kind", "name")),
        Prefetch("action_items", queryset=items),
    )
    return get_or_404(meetings, "没有找到该会议。", pk=pk)


def meeting_minutes_get(*, scope: Scope, pk: int) -> Meeting:
    """A meeting the scope may see that has its minutes file, or 404."""
    meetings = Meeting.objects.visible_to(scope).exclude(minutes_file="")
    return get_or_404(meetings, "该会议还没有上传会议纪要文件。", pk=pk)


def meeting_proposal_count(*, scope: Scope) -> int:
    """Proposals waiting for the office to convene or decline (counted by the list's filter)."""
    return meeting_list(scope=scope, filters={"status": MeetingStatus.PROPOSED}).count()


def meeting_can_propose(*, scope: Scope) -> bool:
    return scope.may_write(MEETING_PROPOSER_KINDS)


def meeting_can_manage(*, scope: Scope) -> bool:
    """The office (or a co-lead department) convenes, declines, records and adds items."""
    return scope.may_write(OFFICE_KINDS)


def meetings_to_come(*, scope: Scope) -> QuerySet[Meeting]:
    """Convened meetings from today on that the scope may see (for a member unit: those it is
    invited to)."""
    return meeting_list(scope=scope, filters={"status": MeetingStatus.CONVENED}).filter(
        held_on__gte=timezone.localdate()
    )


def action_item_get(*, scope: Scope, pk: int) -> ActionItem:
    """An action item of a meeting the scope may see."""
    items = ActionItem.objects.visible_to(scope).select_related("meeting", "owner", "done_by")
    return get_or_404(items, "没有找到该议定事项。", pk=pk)


def action_item_file_get(*, scope: Scope, pk: int) -> ActionItem:
    """A closed action item with the file of what was done, or 404."""
    items = ActionItem.objects.visible_to(scope).exclude(done_file="")
    return get_or_404(items, "该议定事项没有办理情况附件。", pk=pk)


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


def meetings_card(*, scope: Scope) -> dict | None:
    """A unit's own part in meetings, for its dashboard: its open action items (counted by
    `action_item_list` with the filters `mine` and `undone`, as the card's link opens it), the
    meetings it is invited to, and its proposals with their outcome. Shown to the units that
    propose meetings (member units, departments) always, to others when they have any."""
    items = action_item_list(scope=scope, filters={"mine": True, "undone": True})
    to_come = list(meetings_to_come(scope=scope)[:5])
    proposals = list(meeting_list(scope=scope, filters={"proposed_by_me": True})[:3])
    count = items.count()
    if not (count or to_come or proposals) and scope.kind not in MEETING_PROPOSER_KINDS:
        return None
    return {
        "mine": True,
        "count": count,
        "items": list(items[:5]),
        "to_come": to_come,
        "proposals": proposals,
        "can_propose": meeting_can_propose(scope=scope),
        "can_close": scope.may_write(),
        "today": timezone.localdate(),
    }
