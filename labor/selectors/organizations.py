"""Reads of labour organisations (劳务公司、劳务合作社、村集体经济组织): the region's list with
the 返薄 flag, one organisation with its profile, teams and members, and the teams to propose
to a contractor, 返薄-flagged collectives first (seed 001)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from labor.models import LaborOrgForm, LaborOrgProfile, Team, Worker
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OFFICE_KINDS,
    REGION_WIDE_KINDS,
    Organization,
    Region,
    RegionLevel,
)
from portal.scope import Scope
from portal.selectors import get_or_404

# Who keeps a profile of its own: a labour organisation, or a contractor that is a village
# collective (seed 001 encourages collectives to bid as market players).
PROFILE_KEEPER_KINDS = LABOR_ORG_KINDS | CONTRACTOR_KINDS
TEAM_KEEPER_KINDS = LABOR_ORG_KINDS
MEMBER_READER_KINDS = REGION_WIDE_KINDS | LABOR_ORG_KINDS


def _labor_side() -> Q:
    """Labour organisations, and any organisation (a collective that is a contractor) that
    carries a labour profile."""
    return Q(kind__in=LABOR_ORG_KINDS) | Q(labor_profile__isnull=False)


def labor_org_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Organization]:
    """The region's labour organisations (as `LaborOrgProfile.visible_to`: everyone of a
    region reads them, they are proposed to contractors and townships), 返薄-flagged first,
    each with its profile and its numbers of members and teams; constant queries."""
    filters = filters or {}
    if scope.organization is None:
        return Organization.objects.none()
    organizations = Organization.objects.filter(_labor_side()).filter(
        Q(region__path__startswith=scope.area.path) | Q(pk=scope.organization.pk)
    )
    if filters.get("name"):
        organizations = organizations.filter(name__contains=filters["name"].strip())
    if filters.get("form"):
        organizations = organizations.filter(labor_profile__form=filters["form"])
    if filters.get("return_risk"):
        organizations = organizations.filter(labor_profile__return_risk=True)
    return (
        organizations.select_related("region", "labor_profile__village")
        .annotate(
            member_count=Count("members", distinct=True),
            team_count=Count("teams", distinct=True),
            flagged=Case(
                When(labor_profile__return_risk=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("flagged", "name", "pk")
    )


def labor_org_get(*, scope: Scope, code: str) -> Organization:
    return get_or_404(labor_org_list(scope=scope), "没有找到该劳务组织。", code=code)


def labor_org_profile(organization: Organization) -> LaborOrgProfile | None:
    try:
        return organization.labor_profile
    except LaborOrgProfile.DoesNotExist:
        return None


def labor_org_can_edit(*, scope: Scope, organization: Organization) -> bool:
    """The organisation's own editors keep its profile; the office's editors too (and they
    alone set the 返薄 flag: `labor_org_can_flag`)."""
    if scope.organization is None:
        return False
    if scope.organization.pk == organization.pk:
        return scope.may_write(PROFILE_KEEPER_KINDS)
    return labor_org_can_flag(scope=scope, organization=organization)


def labor_org_can_flag(*, scope: Scope, organization: Organization) -> bool:
    return scope.may_write(OFFICE_KINDS) and organization.region.path.startswith(scope.region.path)


def labor_org_villages(*, organization: Organization) -> QuerySet[Region]:
    """The villages an organisation's profile may name: those of its district."""
    area = organization.region.enclosing_area()
    return Region.objects.filter(level=RegionLevel.VILLAGE, path__startswith=area.path).order_by(
        "code"
    )


def labor_org_members(*, scope: Scope, organization: Organization) -> QuerySet[Worker]:
    """An organisation's members (workers naming it) as the scope sees them: the office and
    the member units their region's, the organisation its own; nobody else (404)."""
    own = scope.organization is not None and scope.organization.pk == organization.pk
    if scope.kind not in REGION_WIDE_KINDS and not own:
        raise Http404("没有找到该劳务组织的成员。")
    return (
        Worker.objects.visible_to(scope)
        .filter(labor_organization=organization)
        .select_related("household_township", "household_village")
        .prefetch_related("priority_groups")
    )


def team_list(*, organization: Organization) -> QuerySet[Team]:
    """An organisation's teams with the number of engagements naming each."""
    return organization.teams.annotate(engaged=Count("engagements", distinct=True)).order_by("name")


def team_get(*, scope: Scope, pk: int) -> Team:
    return get_or_404(
        Team.objects.visible_to(scope).select_related("organization"), "没有找到该队伍。", pk=pk
    )


def team_can_edit(*, scope: Scope, team: Team) -> bool:
    return (
        scope.may_write(TEAM_KEEPER_KINDS)
        and scope.organization is not None
        and team.organization_id == scope.organization.pk
    )


def team_proposals(*, scope: Scope, township: Region | None = None) -> QuerySet[Team]:
    """Teams to propose (for H5's matching and the pages that propose teams): every team of
    the region's labour organisations (read as their profiles are: by everyone of the
    region), on `township`'s ground when given (the profile's village, else the
    organisation's seat), 返薄-flagged village collectives first (seed 001: 存在“返薄”风险的
    集体经济组织优先), then other collectives, then the rest, by organisation and name."""
    if scope.organization is None:
        return Team.objects.none()
    teams = Team.objects.filter(organization__region__path__startswith=scope.area.path)
    if township is not None:
        teams = teams.filter(
            Q(organization__labor_profile__village__path__startswith=township.path)
            | Q(
                organization__labor_profile__village__isnull=True,
                organization__region__path__startswith=township.path,
            )
        )
    collective = Q(organization__labor_profile__form=LaborOrgForm.COLLECTIVE)
    return (
        teams.select_related("organization__labor_profile")
        .annotate(
            proposal_rank=Case(
                When(collective & Q(organization__labor_profile__return_risk=True), then=Value(0)),
                When(collective, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("proposal_rank", "organization__name", "name", "pk")
    )


__all__ = [
    "MEMBER_READER_KINDS",
    "PROFILE_KEEPER_KINDS",
    "TEAM_KEEPER_KINDS",
    "labor_org_can_edit",
    "labor_org_can_flag",
    "labor_org_get",
    "labor_org_list",
    "labor_org_members",
    "labor_org_profile",
    "labor_org_villages",
    "team_can_edit",
    "team_get",
    "team_list",
    "team_proposals",
]
