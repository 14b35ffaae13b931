"""What a view needs from the scope, declared on the view and checked in one place."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from portal.models import Role


def check_access(scope, *, required_role: str, allowed_kinds: frozenset[str] | None) -> None:
    """Raise PermissionDenied (403) unless the scope's organisation kind and role suffice."""
    if scope.organization is None:
        raise PermissionDenied("您的账号尚未加入任何单位，请联系管理员。")
    if allowed_kinds is not None and scope.kind not in allowed_kinds:
        raise PermissionDenied("您所在单位无权使用此功能。")
    if not scope.has_role(required_role):
        raise PermissionDenied(f"此操作需要「{Role(required_role).label}」及以上角色。")


class ScopedViewMixin(AccessMixin):
    """Every page behind login declares the role and organisation kinds it needs.

    `required_role` is the least role that may open the page; pages that write need `editor`.
    `allowed_kinds` limits the page to some organisation kinds (None: every kind).
    """

    required_role: str = Role.VIEWER
    allowed_kinds: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_access(
            request.scope, required_role=self.required_role, allowed_kinds=self.allowed_kinds
        )
        self.scope = request.scope
        return super().dispatch(request, *args, **kwargs)
