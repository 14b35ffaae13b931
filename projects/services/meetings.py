"""Writes of coordination meetings: a member unit's proposal, the office convening or declining
it, the meeting held with its minutes, and the action items agreed there (seeds 000 and 004).

A meeting moves PROPOSED → CONVENED (or DECLINED) → HELD; the office may also convene one
itself, or record one already held. Action items are added once the meeting is held, as many
as needed; the owner organisation or the office closes each with what was done (办理情况)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS, Organization
from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import ActionItem, ActionItemStatus, Meeting, MeetingStatus, Project
from projects.selectors.meetings import MEETING_PROPOSER_KINDS
from projects.services.archives import document_check

NOT_OFFICE = "只有协调机制办公室（或共同牵头单位）可以召集会议、登记会议情况和议定事项。"


def _require_office(scope: Scope) -> None:
    scope.require_write(OFFICE_KINDS, NOT_OFFICE)


def _check_organizations(scope: Scope, organizations: Iterable[Organization], field: str):
    """The units named must be organisations of the office's region."""
    organizations = list(organizations)
    known = set(
        Organization.objects.visible_to(scope)
        .filter(pk__in=[o.pk for o in organizations])
        .values_list("pk", flat=True)
    )
    strangers = [o.name for o in organizations if o.pk not in known]
    if strangers:
        raise ValidationError(
            {field: f"{'、'.join(strangers)}不是本区的单位，请从列出的单位中选择。"}
        )
    return organizations


def _invitees(text: str) -> str:
    """One unit or expert a line, blank lines dropped."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


@transaction.atomic
def meeting_propose(*, scope: Scope, title: str, reasons: str) -> Meeting:
    """A member unit or a department proposes a meeting to the office (topic and reasons).
    Guarantees: only they may, the reasons are given, the proposal is audited."""
    scope.require_write(MEETING_PROPOSER_KINDS, "只有成员单位和行业主管部门可以建议召开协调会议。")
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "请说明建议召开会议的理由：要研究什么问题、为什么。"})
    meeting = Meeting(
        region=scope.area,
        title=title,
        status=MeetingStatus.PROPOSED,
        proposed_by=scope.organization,
        reasons=reasons.strip(),
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        scope=scope,
        action="meeting.propose",
        summary=f"{scope.organization.name}建议召开协调会议：{title}",
        target=meeting,
        region=meeting.region,
    )
    return meeting


@transaction.atomic
def meeting_convene(
    *,
    scope: Scope,
    title: str,
    held_on: datetime.date,
    attendees: Iterable[Organization],
    other_invitees: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """The office convenes a meeting: a member unit's proposal (`meeting`), a meeting already
    convened (a new date or invitees), or a new one. Guarantees: only the office; the date is
    today or later; the units invited are the region's; audited."""
    _require_office(scope)
    if meeting is not None and meeting.status not in (
        MeetingStatus.PROPOSED,
        MeetingStatus.CONVENED,
    ):
        raise ValidationError(
            f"该会议{meeting.get_status_display()}，不能再通知召开；请另行召集新的会议。"
        )
    if held_on is None:
        raise ValidationError({"held_on": "请填写会议日期。"})
    if held_on < timezone.localdate():
        raise ValidationError(
            {
                "held_on": "通知召开的会议日期不能早于今天；已经召开的会议请在「记录已召开的会议」中登记。"
            }
        )
    attendees = _check_organizations(scope, attendees, "attendees")
    if not attendees:
        raise ValidationError({"attendees": "请至少邀请一个参会单位。"})
    proposal = meeting is not None and meeting.status == MeetingStatus.PROPOSED
    meeting = meeting or Meeting(region=scope.area)
    meeting.title, meeting.held_on = title, held_on
    meeting.other_invitees = _invitees(other_invitees)
    meeting.status = MeetingStatus.CONVENED
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    origin = f"（{meeting.proposed_by.name}建议）" if proposal and meeting.proposed_by else ""
    audit_record(
        scope=scope,
        action="meeting.convene",
        summary=f"通知召开协调会议{origin}：{title}，{held_on:%Y-%m-%d}，"
        f"邀请 {len(attendees)} 个单位",
        target=meeting,
        region=meeting.region,
    )
    return meeting


@transaction.atomic
def meeting_decline(*, scope: Scope, meeting: Meeting, reason: str) -> Meeting:
    """The office declines a proposal, saying why; the proposer sees the reason."""
    _require_office(scope)
    if meeting.status != MeetingStatus.PROPOSED:
        raise ValidationError(f"该会议{meeting.get_status_display()}，不是待研究的会议建议。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请说明暂不召开的原因，建议单位会看到它。"})
    meeting.status, meeting.decline_reason = MeetingStatus.DECLINED, reason.strip()
    meeting.full_clean()
    meeting.save(update_fields=["status", "decline_reason"])
    audit_record(
        scope=scope,
        action="meeting.decline",
        summary=f"会议建议暂不召开：{meeting.title}（{meeting.decline_reason}）",
        target=meeting,
        region=meeting.region,
    )
    return meeting


@transaction.atomic
def meeting_record_held(
    *,
    scope: Scope,
    meeting: Meeting,
    held_on: datetime.date,
    attendees: Iterable[Organization],
    title: str | None = None,
    other_invitees: str = "",
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
) -> Meeting:
    """Record that a convened meeting took place (or correct a held one): its date (not in the
    future), who came, the minutes' summary and, once signed, the minutes file (纪要). A new
    file replaces the one shown; the earlier stays in storage. Audited."""
    _require_office(scope)
    if meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.HELD):
        raise ValidationError(
            f"该会议{meeting.get_status_display()}：先通知召开，会后再登记会议情况。"
        )
    check_not_future(held_on, field="held_on", label="会议日期")
    attendees = _check_organizations(scope, attendees, "attendees")
    was_held = meeting.status == MeetingStatus.HELD
    meeting.status, meeting.held_on = MeetingStatus.HELD, held_on
    meeting.other_invitees, meeting.minutes = _invitees(other_invitees), minutes
    meeting.title = title or meeting.title
    fields = ["status", "held_on", "title", "other_invitees", "minutes"]
    replaced = meeting.minutes_file.name if meeting.minutes_file else ""
    if minutes_file:
        document_check(minutes_file, field="minutes_file")
        meeting.minutes_file = minutes_file
        fields.append("minutes_file")
    meeting.full_clean()
    meeting.save(update_fields=fields)
    meeting.attendees.set(attendees)
    what = "更新会议情况" if was_held else "登记会议召开情况"
    audit_record(
        scope=scope,
        action="meeting.record",
        summary=f"{what}：{meeting.title}（{held_on:%Y-%m-%d}）"
        + ("，上传会议纪要文件" if minutes_file else ""),
        target=meeting,
        region=meeting.region,
        # The earlier minutes stay in storage; the log names the file each upload replaced.
        changes={"会议纪要文件": (replaced, meeting.minutes_file.name)}
        if minutes_file and replaced
        else None,
    )
    return meeting


@transaction.atomic
def meeting_create(
    *,
    scope: Scope,
    title: str,
    held_on: datetime.date,
    attendees: Iterable[Organization],
    minutes: str = "",
    other_invitees: str = "",
    minutes_file: UploadedFile | None = None,
    items: Iterable[dict[str, Any]] = (),
) -> Meeting:
    """Record a meeting already held, with its attendees, minutes and agreed action items."""
    _require_office(scope)
    check_not_future(held_on, field="held_on", label="会议日期")
    attendees = _check_organizations(scope, attendees, "attendees")
    meeting = Meeting(
        region=scope.area,
        title=title,
        held_on=held_on,
        minutes=minutes,
        other_invitees=_invitees(other_invitees),
        status=MeetingStatus.HELD,
    )
    if minutes_file:
        document_check(minutes_file, field="minutes_file")
        meeting.minutes_file = minutes_file
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    for item in items:
        _item_check(scope, meeting, item["owner"], item["due_on"], item.get("project"))
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


def _item_check(scope, meeting, owner, due_on, project) -> None:
    _check_organizations(scope, [owner], "owner")
    if meeting.held_on and due_on < meeting.held_on:
        raise ValidationError(
            {"due_on": f"完成时限不能早于会议日期（{meeting.held_on:%Y-%m-%d}）。"}
        )
    if project is not None and not Project.objects.visible_to(scope).filter(pk=project.pk).exists():
        raise ValidationError({"project": "没有找到该项目，请从列出的项目中选择。"})


@transaction.atomic
def action_item_add(
    *,
    scope: Scope,
    meeting: Meeting,
    description: str,
    owner: Organization,
    due_on: datetime.date,
    project: Project | None = None,
) -> ActionItem:
    """Add an action item agreed at a held meeting (as many as needed, at any time after it):
    what, the owner organisation, the due date, optionally the project it concerns."""
    _require_office(scope)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError("会议召开后才能登记议定事项：请先登记会议召开情况。")
    _item_check(scope, meeting, owner, due_on, project)
    item = ActionItem(
        meeting=meeting, description=description, owner=owner, due_on=due_on, project=project
    )
    item.full_clean()
    item.save()
    audit_record(
        scope=scope,
        action="action_item.add",
        summary=f"登记议定事项：{description}（责任单位 {owner.name}，时限 {due_on:%Y-%m-%d}）",
        target=item,
        region=meeting.region,
    )
    return item


def action_item_can_complete(*, scope: Scope, item: ActionItem) -> bool:
    """The owner organisation of an action item, or the office, closes it."""
    return scope.may_write() and (scope.organization == item.owner or scope.may_write(OFFICE_KINDS))


@transaction.atomic
def action_item_complete(
    *,
    scope: Scope,
    item: ActionItem,
    done_note: str = "",
    on: datetime.date | None = None,
    done_file: UploadedFile | None = None,
) -> ActionItem:
    """Close an action item with what was done (办理情况) and, where useful, a file. Guarantees:
    only its owner organisation or the office; the date is not in the future; the note is not
    empty; an item already closed stays as it was; audited."""
    if not action_item_can_complete(scope=scope, item=item):
        raise PermissionDenied("只有责任单位或协调机制办公室可以办结该事项。")
    if item.status == ActionItemStatus.DONE:
        raise ValidationError(f"该事项已于 {item.done_on:%Y-%m-%d} 办结。")
    check_not_future(on, field="done_on", label="办结日期")
    if not (done_note or "").strip():
        raise ValidationError(
            {"done_note": "请填写办理情况：做了什么、结果如何；没有办理情况不能办结。"}
        )
    item.status, item.done_on = ActionItemStatus.DONE, on or timezone.localdate()
    item.done_note, item.done_by = done_note.strip(), scope.user
    fields = ["status", "done_on", "done_note", "done_by"]
    if done_file:
        document_check(done_file, field="done_file")
        item.done_file = done_file
        fields.append("done_file")
    item.full_clean()
    item.save(update_fields=fields)
    audit_record(
        scope=scope,
        action="action_item.complete",
        summary=f"议定事项办结：{item.description}（{item.done_note[:100]}）",
        target=item,
        region=item.meeting.region,
    )
    return item
