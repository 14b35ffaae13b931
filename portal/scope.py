"""The request scope: who is asking, for which organisation, with which role.

Resolved once per request by `portal.middleware.ScopeMiddleware` into `request.scope`.
Every selector takes it and every tenant QuerySet has `visible_to(scope)`: what lies outside
is answered with 404 (its existence is not revealed); what the role may not do with 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied

from portal.models import (
    OVERSEEING_KINDS,
    REGION_READER_KINDS,
    ROLE_RANK,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Role,
    User,
)


@dataclass(frozen=True)
class Scope:
    user: User | None
    organization: Organization | None
    role: str | None

    @classmethod
    def for_user(cls, user) -> Scope:
        if user is None or not user.is_authenticated:
            return cls(user=None, organization=None, role=None)
        membership = (
            Membership.objects.select_related("organization__region")
            .filter(user=user, organization__is_active=True)
            .first()
        )
        if membership is None:
            return cls(user=user, organization=None, role=None)
        return cls(user=user, organization=membership.organization, role=membership.role)

    @classmethod
    def system(cls, organization: Organization) -> Scope:
        """The scope background work runs under: an organisation's own, with no person."""
        return cls(user=None, organization=organization, role=Role.ADMIN)

    @property
    def kind(self) -> str | None:
        """The organisation's kind as far as seeing and acting go: a department its region
        names co-lead (共同牵头, seed 001: the DRC and the agriculture bureau) acts as the office."""
        if self.organization is None:
            return None
        if self.organization.is_co_lead and self.organization.kind == OrganizationKind.DEPARTMENT:
            return OrganizationKind.COORDINATION_OFFICE
        return self.organization.kind

    @property
    def region(self) -> Region:
        if self.organization is None:
            raise LookupError("a scope without organisation has no region")
        return self.organization.region

    @cached_property
    def area(self) -> Region:
        """The district (or city, or province) of the scope's organisation: where the
        projects it registers, the lists it keeps and the meetings it holds belong."""
        return self.region.enclosing_area()

    @cached_property
    def is_overseer(self) -> bool:
        return self.kind in OVERSEEING_KINDS

    @cached_property
    def reads_region(self) -> bool:
        """Whether the organisation reads its whole region's lists and organisations (the
        office, departments and member units)."""
        return self.kind in REGION_READER_KINDS

    @property
    def is_office(self) -> bool:
        return self.kind == OrganizationKind.COORDINATION_OFFICE

    def has_role(self, role: str) -> bool:
        if self.role is None:
            return False
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    def may_write(self, kinds: Iterable[str] | None = None) -> bool:
        """Whether this user may write for an organisation of one of `kinds` (any kind when
        None): an editor or admin of such an organisation."""
        if not self.has_role(Role.EDITOR):
            return False
        return kinds is None or self.kind in kinds

    def require_write(
        self, kinds: Iterable[str] | None = None, message: str = "您无权进行此操作。"
    ) -> None:
        """Services call this first: PermissionDenied (403) unless `may_write(kinds)`."""
        if not self.may_write(kinds):
            raise PermissionDenied(message)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
