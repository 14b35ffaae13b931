"""The colour of a meeting's status, named once."""

from django import template

from projects.models import MeetingStatus

register = template.Library()

MEETING_BADGES = {
    MeetingStatus.PROPOSED: "text-bg-warning",
    MeetingStatus.DECLINED: "text-bg-secondary",
    MeetingStatus.CONVENED: "text-bg-primary",
    MeetingStatus.HELD: "text-bg-success",
}


@register.filter
def meeting_badge(status: str) -> str:
    return MEETING_BADGES.get(status, "text-bg-secondary")
