"""Every route of the portal, read from the URL resolver, with what each one needs.

A route with a URL parameter needs a builder here that names an object of the acting
organisation's scope; a route this file cannot classify fails the walker test, so no new
view can skip the permission checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

from portal.models import OrganizationKind, Role
from tests.factories import project_world

# Routes anybody may open, and routes that are not ours to walk (with the reason).
PUBLIC_ROUTES = {"login", "logout", "healthz"}
SKIPPED_NAMESPACES = {"admin"}  # Django's admin has its own staff permission system

# URL parameter → the value naming an object the acting organisation may see and change.
# Each builder receives the `home` fixture (a dict) and the acting organisation.
OBJECT_BUILDERS: dict[str, Callable[[dict, object], str]] = {
    "organization_code": lambda home, organization: organization.code,
    "region_code": lambda home, organization: organization.region.code,
    "project_code": lambda home, organization: project_world(home)["project"].code,
    "plan_id": lambda home, organization: str(project_world(home)["draft_plan"].pk),
    "checkpoint_kind": lambda home, organization: "pay_pledge",  # recorded, with a document
    "notice_id": lambda home, organization: str(project_world(home)["notice"].pk),
    "list_id": lambda home, organization: str(project_world(home)["annual_list"].pk),
    "entry_id": lambda home, organization: str(project_world(home)["entry"].pk),
    "meeting_id": lambda home, organization: str(project_world(home)["meeting"].pk),
    "item_id": lambda home, organization: str(project_world(home)["item"].pk),
    "category_id": lambda home, organization: str(project_world(home)["category"].pk),
    "import_id": lambda home, organization: str(project_world(home)["list_import"].pk),
    "export_id": lambda home, organization: str(project_world(home)["export"].pk),
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    view_class: type
    kwargs: tuple[str, ...]
    actions: tuple[tuple[str, str], ...] = ()  # DRF viewsets: (method, action)

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api")

    @property
    def required_role(self) -> str:
        return getattr(self.view_class, "required_role", Role.VIEWER)

    @property
    def write_role(self) -> str:
        return getattr(self.view_class, "write_role", Role.EDITOR)

    @property
    def allowed_kinds(self) -> frozenset[str] | None:
        return getattr(self.view_class, "allowed_kinds", None)

    @property
    def acting_kind(self) -> str:
        kinds = self.allowed_kinds
        if kinds is None or OrganizationKind.COORDINATION_OFFICE in kinds:
            return OrganizationKind.COORDINATION_OFFICE
        return sorted(kinds)[0]

    @property
    def write_methods(self) -> list[str]:
        return [
            method.upper()
            for method, _ in self.actions
            if method.upper() not in {"GET", "HEAD", "OPTIONS"}
        ]

    def __str__(self) -> str:
        return self.name


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            yield name, prefix + str(entry.pattern), entry


def all_routes() -> list[Route]:
    routes = []
    for name, route, pattern in _walk(get_resolver().url_patterns):
        if pattern.callback is serve:
            continue  # media files in debug mode only
        if name is None:
            raise AssertionError(f"路由 {route} 没有名称：每个路由都要有名称，才能被权限测试覆盖。")
        if name in PUBLIC_ROUTES:
            continue
        callback = pattern.callback
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view_class is None:
            raise AssertionError(
                f"路由 {name} 是函数视图：请改为带权限声明的类视图，或列入 PUBLIC_ROUTES。"
            )
        actions = tuple(sorted((getattr(callback, "actions", None) or {}).items()))
        routes.append(Route(name, route, view_class, tuple(pattern.pattern.converters), actions))
    return routes
