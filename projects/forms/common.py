"""Shared pieces of the projects app's forms."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, When

from portal.models import Organization, OrganizationKind, Region, RegionLevel
from portal.scope import Scope

DATE = {"type": "date"}


def organizations_of_kind(scope: Scope, kind: str) -> QuerySet[Organization]:
    """Active organisations of one kind that the scope may choose: those of its region for the
    office and the departments, those of its district for anyone else."""
    if scope.is_overseer:
        organizations = Organization.objects.visible_to(scope)
    else:
        organizations = Organization.objects.filter(region__path__startswith=scope.area.path)
    return organizations.filter(kind=kind, is_active=True).order_by("code")


def district_townships(scope: Scope) -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.TOWNSHIP, path__startswith=scope.area.path
    ).order_by("code")


def member_organizations(scope: Scope) -> QuerySet[Organization]:
    """The organisations of the coordination mechanism: the office and departments first,
    then townships, owners, contractors and the rest; each labelled with its kind."""
    rank = Case(
        *(When(kind=kind, then=order) for order, kind in enumerate(OrganizationKind.values)),
        output_field=IntegerField(),
    )
    return (
        Organization.objects.visible_to(scope)
        .filter(is_active=True)
        .annotate(kind_rank=rank)
        .order_by("kind_rank", "code")
    )


def organization_label(organization) -> str:
    return f"{organization.name}（{organization.get_kind_display()}）"
