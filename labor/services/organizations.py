"""Writes of labour organisations: an organisation's profile (form, village, note; the 返薄
flag by the office alone) and the teams it brings to projects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from labor.models import LaborOrgForm, LaborOrgProfile, Team
from labor.selectors import (
    TEAM_KEEPER_KINDS,
    labor_org_can_edit,
    labor_org_can_flag,
    labor_org_profile,
    team_can_edit,
)
from portal.models import CONTRACTOR_KINDS, Organization, RegionLevel
from portal.scope import Scope
from portal.services import assign_changes, audit_record, labelled

__all__ = ["labor_org_profile_save", "team_create", "team_delete", "team_update"]

PROFILE_FIELDS = ("form", "village", "note")
TEAM_FIELDS = ("name", "leader_name", "trades", "size")


@transaction.atomic
def labor_org_profile_save(
    *, scope: Scope, organization: Organization, data: dict[str, Any]
) -> LaborOrgProfile:
    """Create or change an organisation's labour profile. Guarantees: its own editors or the
    office's; the 返薄 risk flag (`return_risk`) changed by the office alone; a contractor's
    profile is a village collective's (a collective that bids as a contractor); the village
    lies in the organisation's district; one audit entry with what changed."""
    if not labor_org_can_edit(scope=scope, organization=organization):
        raise PermissionDenied("您无权修改该劳务组织的信息。")
    data = dict(data)
    profile = labor_org_profile(organization) or LaborOrgProfile(organization=organization)
    created = profile.pk is None
    flag_changes = "return_risk" in data and bool(data["return_risk"]) != profile.return_risk
    if flag_changes and not labor_org_can_flag(scope=scope, organization=organization):
        raise PermissionDenied("“返薄”风险标记由协调机制办公室认定。")
    fields = (*PROFILE_FIELDS, "return_risk")
    changes = assign_changes(profile, data, fields)
    if organization.kind in CONTRACTOR_KINDS and profile.form != LaborOrgForm.COLLECTIVE:
        raise ValidationError({"form": "施工单位只有作为村集体经济组织时才登记劳务组织信息。"})
    village = profile.village
    if village is not None and (
        village.level != RegionLevel.VILLAGE
        or not village.path.startswith(organization.region.enclosing_area().path)
    ):
        raise ValidationError({"village": "请选择本区的村（社区）。"})
    if profile.return_risk and profile.form != LaborOrgForm.COLLECTIVE:
        raise ValidationError({"return_risk": "“返薄”风险标记只用于村集体经济组织。"})
    if not created and not changes:
        return profile
    profile.full_clean()
    profile.save()
    audit_record(
        scope=scope,
        action="labor_org.profile",
        summary=f"{'登记' if created else '修改'}了{organization}的劳务组织信息"
        + ("（存在“返薄”风险）" if profile.return_risk else ""),
        target=profile,
        region=organization.region,
        changes=labelled(LaborOrgProfile, changes),
    )
    return profile


def _team_checked(team: Team) -> None:
    team.name = team.name.strip()
    if (
        Team.objects.filter(organization=team.organization, name=team.name)
        .exclude(pk=team.pk)
        .exists()
    ):
        raise ValidationError({"name": "本单位已有同名队伍。"})
    team.full_clean(validate_unique=False)


@transaction.atomic
def team_create(*, scope: Scope, data: dict[str, Any]) -> Team:
    """A team of the scope's labour organisation; names unique within it; audited."""
    scope.require_write(TEAM_KEEPER_KINDS, "只有劳务组织可以登记施工队伍。")
    team = Team(
        organization=scope.organization,
        **{key: value for key, value in data.items() if key in TEAM_FIELDS},
    )
    _team_checked(team)
    team.save()
    audit_record(
        scope=scope,
        action="team.create",
        summary=f"登记了施工队伍“{team.name}”",
        target=team,
        region=scope.organization.region,
    )
    return team


@transaction.atomic
def team_update(*, scope: Scope, team: Team, data: dict[str, Any]) -> Team:
    if not team_can_edit(scope=scope, team=team):
        raise PermissionDenied("只有该劳务组织可以修改它的施工队伍。")
    changes = assign_changes(team, data, TEAM_FIELDS)
    if not changes:
        return team
    _team_checked(team)
    team.save(update_fields=[*changes])
    audit_record(
        scope=scope,
        action="team.update",
        summary=f"修改了施工队伍“{team.name}”",
        target=team,
        region=scope.organization.region,
        changes=labelled(Team, changes),
    )
    return team


@transaction.atomic
def team_delete(*, scope: Scope, team: Team) -> None:
    """Remove a team; engagements that named it keep their worker and lose the team."""
    if not team_can_edit(scope=scope, team=team):
        raise PermissionDenied("只有该劳务组织可以删除它的施工队伍。")
    audit_record(
        scope=scope,
        action="team.delete",
        summary=f"删除了施工队伍“{team.name}”",
        target=team,
        region=scope.organization.region,
    )
    team.delete()
