"""The colour of a project's status and of a work stage's kind, named once."""

from django import template

from projects.models import ProjectStatus, StageKind

register = template.Library()

STATUS_BADGES = {
    ProjectStatus.RESERVE: "text-bg-secondary",
    ProjectStatus.LISTED: "text-bg-info",
    ProjectStatus.UNDER_CONSTRUCTION: "text-bg-primary",
    ProjectStatus.COMPLETED: "text-bg-success",
    ProjectStatus.EVALUATED: "text-bg-dark",
    ProjectStatus.WITHDRAWN: "text-bg-danger",
}
STAGE_BADGES = {
    StageKind.GENERAL_LABOR: "text-bg-primary",
    StageKind.SUPPORT_SERVICE: "text-bg-success",
    StageKind.MAINTENANCE: "text-bg-warning",
}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.filter
def stage_badge(kind: str) -> str:
    return STAGE_BADGES.get(kind, "text-bg-secondary")
