"""The request scope: who is asking, for which organisation, with which role.

Resolved once per request by `portal.middleware.ScopeMiddleware` into `request.scope`.
Every selector takes it and every tenant QuerySet has `visible_to(scope)`: what lies outside
is answered with 404 (its existence is not revealed); what the role may not do with 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from portal.models import (
    OVERSEEING_KINDS,
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
        return self.organization.kind if self.organization else None

    @property
    def region(self) -> Region:
        if self.organization is None:
            raise LookupError("a scope without organisation has no region")
        return self.organization.region

    @cached_property
    def is_overseer(self) -> bool:
        return self.kind in OVERSEEING_KINDS

    @property
    def is_office(self) -> bool:
        return self.kind == OrganizationKind.COORDINATION_OFFICE

    def has_role(self, role: str) -> bool:
        if self.role is None:
            return False
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
