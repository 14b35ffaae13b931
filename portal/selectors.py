"""Every read of the shell's models, always through a scope."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Model, Q, QuerySet, When
from django.http import Http404

from portal.models import (
    AuditEntry,
    Export,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    RegionLevel,
)
from portal.scope import Scope

# Organisation kinds in the order of OrganizationKind: the office, departments, townships,
# owners, contractors, supervisors, labour organisations.
KIND_RANK = Case(
    *(When(kind=kind, then=rank) for rank, kind in enumerate(OrganizationKind.values)),
    output_field=IntegerField(),
)


def get_or_404[M: Model](queryset: QuerySet[M], message: str, **lookup) -> M:
    """The one object of a scoped queryset that matches `lookup`, or a 404 with `message`:
    the same answer whether it does not exist or lies outside the scope."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(message)
    return found


def organization_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Organization]:
    filters = filters or {}
    qs = Organization.objects.visible_to(scope).select_related("region")
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(short_name__icontains=text)
        )
    return qs.annotate(member_count=Count("memberships"), kind_rank=KIND_RANK).order_by(
        "kind_rank", "name"
    )


def organization_get(*, scope: Scope, code: str) -> Organization:
    """The organisation with that code if the scope may see it; 404 otherwise, alike for both."""
    organizations = Organization.objects.visible_to(scope).select_related("region")
    return get_or_404(organizations, "没有找到该单位。", code=code)


def organization_can_edit(*, scope: Scope, organization: Organization) -> bool:
    """Editors edit their own organisation; the office's editors edit any in its region."""
    if not scope.may_write():
        return False
    return scope.organization == organization or (
        scope.is_office and organization.region.path.startswith(scope.region.path)
    )


def membership_list(*, scope: Scope, organization: Organization) -> QuerySet[Membership]:
    organization_get(scope=scope, code=organization.code)  # re-check: never list outside scope
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__username")
    )


def region_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Region]:
    filters = filters or {}
    qs = Region.objects.visible_to(scope)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if parent := filters.get("parent"):
        qs = qs.filter(parent_id=parent)
    return qs


def audit_entry_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[AuditEntry]:
    filters = filters or {}
    qs = AuditEntry.objects.visible_to(scope).select_related("actor", "organization")
    if action := filters.get("action"):
        qs = qs.filter(action__startswith=action)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(summary__icontains=text) | Q(object_repr__icontains=text))
    if date_from := filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to := filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=date_to)
    return qs


def audit_entries_for(*, scope: Scope, target: Model) -> QuerySet[AuditEntry]:
    """The history of one record (newest first), as far as the scope may read the log."""
    return audit_entry_list(scope=scope).filter(
        object_type=target._meta.label_lower, object_id=str(target.pk)
    )


def shell_counts(*, scope: Scope) -> dict[str, int]:
    """Figures of the shell's own records for the dashboard, in two queries."""
    regions = Region.objects.visible_to(scope).aggregate(
        townships=Count("code", filter=Q(level=RegionLevel.TOWNSHIP)),
        villages=Count("code", filter=Q(level=RegionLevel.VILLAGE)),
    )
    organizations = Organization.objects.visible_to(scope).aggregate(
        total=Count("id"),
        **{kind.value: Count("id", filter=Q(kind=kind)) for kind in OrganizationKind},
    )
    members = Membership.objects.filter(
        organization__in=Organization.objects.visible_to(scope)
    ).count()
    return {
        **regions,
        "organizations": organizations.pop("total"),
        "members": members,
        **organizations,
    }


def export_get(*, scope: Scope, pk: int) -> Export:
    """An export of the scope's own organisation; 404 for anyone else's."""
    exports = Export.objects.visible_to(scope).select_related("user")
    return get_or_404(exports, "没有找到该导出文件。", pk=pk)
