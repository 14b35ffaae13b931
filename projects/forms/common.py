"""Shared pieces of the projects app's forms."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from portal.models import Organization, Region, RegionLevel
from portal.scope import Scope
from portal.selectors import KIND_RANK

DATE = {"type": "date"}


class CategorySelect(forms.Select):
    """A category <select> whose options carry their domain (data-domain), so that the page
    offers only the categories of the domain chosen beside it (portal.js, data-follows)."""

    def __init__(self, *args, domain_field: str = "domain", **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-follows"] = f"id_{domain_field}"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-domain"] = str(instance.domain_id)
        return option


def organizations_of_kind(scope: Scope, kind: str) -> QuerySet[Organization]:
    """Active organisations of one kind that the scope may choose: those of its region for the
    office and the departments, those of its district for anyone else."""
    if scope.is_overseer:
        organizations = Organization.objects.visible_to(scope)
    else:
        organizations = Organization.objects.filter(region__path__startswith=scope.area.path)
    return organizations.filter(kind=kind, is_active=True).order_by("name")


def district_townships(scope: Scope) -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.TOWNSHIP, path__startswith=scope.area.path
    ).order_by("code")


def member_organizations(scope: Scope) -> QuerySet[Organization]:
    """The organisations of the coordination mechanism: the office and departments first,
    then townships, owners, contractors and the rest; each labelled with its kind."""
    return (
        Organization.objects.visible_to(scope)
        .filter(is_active=True)
        .annotate(kind_rank=KIND_RANK)
        .order_by("kind_rank", "name")
    )


def organization_label(organization) -> str:
    """The name with its kind, unless the name already says it ("…（以工代赈协调机制办公室）")."""
    kind = organization.get_kind_display()
    return organization.name if kind in organization.name else f"{organization.name}（{kind}）"
