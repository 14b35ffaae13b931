"""Writes of coordination meetings and their agreed action items."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS, Organization
from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import ActionItem, ActionItemStatus, Meeting


@transaction.atomic
def meeting_create(
    *,
    scope: Scope,
    title: str,
    held_on: datetime.date,
    attendees: Iterable[Organization],
    minutes: str = "",
    items: Iterable[dict[str, Any]] = (),
) -> Meeting:
    """Record a coordination meeting with its attendees and agreed action items."""
    scope.require_write(OFFICE_KINDS)
    check_not_future(held_on, field="held_on", label="会议日期")
    meeting = Meeting(region=scope.area, title=title, held_on=held_on, minutes=minutes)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    for item in items:
        action_item = ActionItem(meeting=meeting, **item)
        action_item.full_clean()
        action_item.save()
    audit_record(
        scope=scope,
        action="meeting.create",
        summary=f"记录协调会议：{title}（{held_on:%Y-%m-%d}）",
        target=meeting,
        region=meeting.region,
    )
    return meeting


def action_item_can_complete(*, scope: Scope, item: ActionItem) -> bool:
    """The owner organisation of an action item, or the office, closes it."""
    return scope.may_write() and (scope.organization == item.owner or scope.may_write(OFFICE_KINDS))


@transaction.atomic
def action_item_complete(
    *, scope: Scope, item: ActionItem, on: datetime.date | None = None
) -> ActionItem:
    """Close an action item: its owner organisation or the office may do it."""
    if not action_item_can_complete(scope=scope, item=item):
        raise PermissionDenied("只有责任单位或协调机制办公室可以办结该事项。")
    if item.status == ActionItemStatus.DONE:
        return item
    check_not_future(on, field="done_on", label="办结日期")
    item.status, item.done_on = ActionItemStatus.DONE, on or timezone.localdate()
    item.save(update_fields=["status", "done_on"])
    audit_record(
        scope=scope,
        action="action_item.complete",
        summary=f"议定事项办结：{item.description}",
        target=item,
        region=item.meeting.region,
    )
    return item
