"""Reads of the region's leading group (领导小组) and of its co-lead departments."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from portal.models import OFFICE_KINDS, Organization, OrganizationKind, Role
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import GroupRole, LeadingGroup, LeadingGroupMember


def leading_group_get(*, scope: Scope, year: int) -> LeadingGroup | None:
    """The region's leading group of `year` with its members (and their units), or None."""
    members = LeadingGroupMember.objects.select_related("organization").order_by("order", "id")
    return (
        LeadingGroup.objects.visible_to(scope)
        .filter(year=year)
        .select_related("office")
        .prefetch_related(Prefetch("members", queryset=members))
        .first()
    )


def leading_group_years(*, scope: Scope) -> list[int]:
    """The years for which the region has a leading group, latest first."""
    return list(
        LeadingGroup.objects.visible_to(scope).order_by("-year").values_list("year", flat=True)
    )


def leading_group_member_get(*, scope: Scope, pk: int) -> LeadingGroupMember:
    members = LeadingGroupMember.objects.filter(
        group__in=LeadingGroup.objects.visible_to(scope)
    ).select_related("group", "organization")
    return get_or_404(members, "没有找到该领导小组成员。", pk=pk)


def leading_group_units(*, scope: Scope, year: int) -> QuerySet[Organization]:
    """The units that have a person in the year's leading group: those a meeting invites."""
    return Organization.objects.filter(
        pk__in=LeadingGroupMember.objects.filter(
            group__in=LeadingGroup.objects.visible_to(scope).filter(year=year),
            organization__isnull=False,
        ).values("organization"),
        is_active=True,
    ).order_by("kind", "name")


def leading_group_members_by_role(group: LeadingGroup | None) -> dict[str, list]:
    """The members of a group split into leader, deputies and members (from its prefetch)."""
    split = {role: [] for role in GroupRole.values}
    for member in group.members.all() if group is not None else ():
        split[member.role].append(member)
    return split


def leading_group_can_edit(*, scope: Scope) -> bool:
    """The office's (or a co-lead department's) editors and admins keep the group."""
    return scope.may_write(OFFICE_KINDS)


def co_lead_can_name(*, scope: Scope) -> bool:
    """Only the office itself (not a co-lead acting as it) names a co-lead: its admin."""
    return (
        scope.organization is not None
        and scope.organization.kind in OFFICE_KINDS
        and scope.has_role(Role.ADMIN)
    )


def co_lead_departments(*, scope: Scope) -> QuerySet[Organization]:
    """The departments of the scope's area, co-leads first: those the office may name."""
    return Organization.objects.filter(
        region__path__startswith=scope.area.path,
        kind=OrganizationKind.DEPARTMENT,
        is_active=True,
    ).order_by("-is_co_lead", "name")


def office_of_area(*, scope: Scope) -> Organization | None:
    """The coordination office of the scope's area (办公室设在 the DRC)."""
    return (
        Organization.objects.filter(
            region=scope.area, kind=OrganizationKind.COORDINATION_OFFICE, is_active=True
        )
        .order_by("pk")
        .first()
    )
