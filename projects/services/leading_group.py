"""Writes of the region's leading group (领导小组, seeds 000 and 004) and the naming of a
co-lead department (共同牵头, seed 001)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.models import OFFICE_KINDS, Organization, OrganizationKind
from portal.scope import Scope
from portal.services import assign_changes, audit_record, labelled
from projects.models import GroupRole, LeadingGroup, LeadingGroupMember
from projects.selectors.leading_group import co_lead_can_name, office_of_area

LEADING_GROUP_MEMBER_FIELDS = ("role", "person_name", "post", "organization", "order")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _require_keeper(scope: Scope) -> None:
    scope.require_write(OFFICE_KINDS, "只有协调机制办公室（或共同牵头单位）可以维护领导小组。")


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR}—{LAST_YEAR} 之间。"})


def leading_group_for(*, scope: Scope, year: int) -> LeadingGroup:
    """The region's leading group of `year`, created (with its office at the DRC) on first use."""
    _require_keeper(scope)
    _check_year(year)
    group, created = LeadingGroup.objects.get_or_create(
        region=scope.area, year=year, defaults={"office": office_of_area(scope=scope)}
    )
    if created:
        audit_record(
            scope=scope,
            action="leading_group.create",
            summary=f"建立{group}",
            target=group,
            region=group.region,
        )
    return group


def _check_member(scope: Scope, member: LeadingGroupMember) -> None:
    if member.organization is not None and not (
        Organization.objects.filter(
            pk=member.organization.pk, region__path__startswith=scope.area.path
        ).exists()
    ):
        raise ValidationError({"organization": "所在单位应为本区的单位，请从列出的单位中选择。"})
    if member.role == GroupRole.LEADER:
        other = (
            LeadingGroupMember.objects.filter(group=member.group, role=GroupRole.LEADER)
            .exclude(pk=member.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "role": f"领导小组已有组长（{other.person_name}）：一个领导小组只有一位组长，"
                    "请先修改或移除原组长。"
                }
            )
    member.full_clean()


@transaction.atomic
def leading_group_member_add(
    *, scope: Scope, year: int, data: dict[str, Any]
) -> LeadingGroupMember:
    """Add a person to the year's leading group (the group is created on first use)."""
    group = leading_group_for(scope=scope, year=year)
    member = LeadingGroupMember(
        group=group, **{k: data[k] for k in LEADING_GROUP_MEMBER_FIELDS if k in data}
    )
    _check_member(scope, member)
    member.save()
    audit_record(
        scope=scope,
        action="leading_group.member_add",
        summary=f"{group}增加{member.get_role_display()}：{member.person_name}"
        + (f"（{member.organization.name}）" if member.organization else ""),
        target=group,
        region=group.region,
    )
    return member


@transaction.atomic
def leading_group_member_update(
    *, scope: Scope, member: LeadingGroupMember, data: dict[str, Any]
) -> LeadingGroupMember:
    """Change a member of the leading group; only changed fields are saved and audited."""
    _require_keeper(scope)
    changes = assign_changes(member, data, LEADING_GROUP_MEMBER_FIELDS)
    if not changes:
        return member
    _check_member(scope, member)
    member.save(update_fields=list(changes))
    audit_record(
        scope=scope,
        action="leading_group.member_update",
        summary=f"{member.group}修改成员：{member.person_name}",
        target=member.group,
        region=member.group.region,
        changes=labelled(LeadingGroupMember, changes),
    )
    return member


@transaction.atomic
def leading_group_member_remove(*, scope: Scope, member: LeadingGroupMember) -> None:
    """Remove a person from the leading group (the audit log keeps who it was)."""
    _require_keeper(scope)
    group = member.group
    audit_record(
        scope=scope,
        action="leading_group.member_remove",
        summary=f"{group}移除{member.get_role_display()}：{member.person_name}"
        + (f"（{member.organization.name}）" if member.organization else ""),
        target=group,
        region=group.region,
    )
    member.delete()


@transaction.atomic
def leading_group_copy(*, scope: Scope, from_year: int, to_year: int) -> LeadingGroup:
    """Start `to_year`'s leading group as a copy of `from_year`'s (name, office, members), to
    be changed where people moved. Refused when `to_year` already has members."""
    _require_keeper(scope)
    _check_year(to_year)
    source = (
        LeadingGroup.objects.filter(region=scope.area, year=from_year)
        .prefetch_related("members")
        .first()
    )
    if source is None or not source.members.all():
        raise ValidationError(f"{from_year}年没有领导小组成员可以复制。")
    group = leading_group_for(scope=scope, year=to_year)
    if group.members.exists():
        raise ValidationError(
            f"{to_year}年的领导小组已有成员，不能再复制；请逐个修改或移除后再复制。"
        )
    group.name, group.office = source.name, source.office or group.office
    group.full_clean()
    group.save(update_fields=["name", "office", "updated_at"])
    LeadingGroupMember.objects.bulk_create(
        LeadingGroupMember(
            group=group, **{field: getattr(m, field) for field in LEADING_GROUP_MEMBER_FIELDS}
        )
        for m in source.members.all()
    )
    audit_record(
        scope=scope,
        action="leading_group.copy",
        summary=f"按{from_year}年领导小组建立{group}（{len(source.members.all())} 人）",
        target=group,
        region=group.region,
    )
    return group


@transaction.atomic
def organization_set_co_lead(
    *, scope: Scope, organization: Organization, co_lead: bool
) -> Organization:
    """Name (or unname) a department of the office's area co-lead (共同牵头单位, seed 001): its
    users then see and act as the office does. Only the office's own admin may; audited."""
    if not co_lead_can_name(scope=scope):
        raise PermissionDenied("只有协调机制办公室的管理员可以指定共同牵头单位。")
    in_area = organization.region.path.startswith(scope.area.path)
    if organization.kind != OrganizationKind.DEPARTMENT or not in_area:
        raise ValidationError({"organization": "只能指定本区的行业主管部门为共同牵头单位。"})
    if organization.is_co_lead == co_lead:
        return organization
    organization.is_co_lead = co_lead
    organization.save(update_fields=["is_co_lead"])
    audit_record(
        scope=scope,
        action="organization.co_lead",
        summary=f"{'指定' if co_lead else '取消'}共同牵头单位：{organization.name}",
        target=organization,
        region=organization.region,
        changes={"共同牵头单位": (not co_lead, co_lead)},
    )
    return organization
