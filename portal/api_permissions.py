"""The API's shared permission and pagination, kept apart from the viewsets: DRF imports
them while it is itself being imported, so this module may import nothing of DRF's views."""

from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination

from portal.models import Role
from portal.permissions import check_access


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ScopePermission(permissions.IsAuthenticated):
    """Like the pages: reads need `viewer`, writes need the view's `write_role` (editor by
    default), and `allowed_kinds` limits the organisation kinds. Outside the scope is 404,
    which the viewsets produce by reading through scoped selectors."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        write = request.method not in permissions.SAFE_METHODS
        required_role = getattr(view, "write_role", Role.EDITOR) if write else Role.VIEWER
        check_access(
            request.scope,
            required_role=required_role,
            allowed_kinds=getattr(view, "allowed_kinds", None),
        )
        return True
