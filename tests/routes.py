"""Every route of the portal, read from the URL resolver, with what the route walker
(tests/portal/test_route_permissions.py) must know of it.

Most of it is read off the view: the role it needs (`required_role`, `write_role`), the
organisation kinds it serves (`allowed_kinds`), the methods it answers (a page's handlers, a
viewset's actions). What cannot be read off the view is taught here, and a route that is not
taught fails the walker:

- a URL parameter needs a builder in OBJECT_BUILDERS naming an object of the acting
  organisation's scope;
- a page that answers POST (or PUT, PATCH, DELETE) must need the editor role, or be listed
  in WRITES_FOR_READERS with the reason a viewer may send it;
- a page must check its scope (ScopedViewMixin); an API view must use ScopePermission, or be
  listed in OPEN_TO_MEMBERS with the reason;
- a view must be a class (function views declare nothing), and every route must have a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve
from rest_framework.views import APIView

from portal.api_permissions import ScopePermission
from portal.models import ROLE_RANK, OrganizationKind, Role
from portal.permissions import ScopedViewMixin
from tests.labor.builders import LABOR_BUILDERS
from tests.labor.factories import labor_world
from tests.projects.factories import project_world
from tests.projects.proposal_factories import proposal_world
from tests.supervision.factories import supervision_world


def _pledge_document(home):
    """The world's pay pledge's document (the archive's routes name it and its version)."""
    from projects.models import ProjectDocument

    pledge = project_world(home)["pay_pledge"]
    return ProjectDocument.objects.get(project=pledge.project, kind=pledge.kind)


# Routes anybody may open, and routes that are not ours to walk, with the reason.
PUBLIC_ROUTES = {
    "login": "the login page itself",
    "logout": "ends a session; asks for none",
    "healthz": "the health check of the load balancer and the monitoring",
    "favicon": "the site's icon, asked for by browsers before anyone logs in",
}
SKIPPED_NAMESPACES = {"admin": "Django's admin has its own staff permission system"}

# URL parameter → the value naming an object the acting organisation may see and change.
# Each builder receives the `home` fixture (a dict) and the acting organisation.
OBJECT_BUILDERS: dict[str, Callable[[dict, object], str]] = {
    "organization_code": lambda home, organization: organization.code,
    "region_code": lambda home, organization: organization.region.code,
    "project_code": lambda home, organization: project_world(home)["project"].code,
    "plan_id": lambda home, organization: str(project_world(home)["draft_plan"].pk),
    # recorded, with a document (the document route needs one)
    "checkpoint_kind": lambda home, organization: project_world(home)["pay_pledge"].kind,
    "document_id": lambda home, organization: str(_pledge_document(home).pk),
    "version_id": lambda home, organization: str(_pledge_document(home).versions.get().pk),
    "notice_id": lambda home, organization: str(project_world(home)["notice"].pk),
    "list_id": lambda home, organization: str(project_world(home)["annual_list"].pk),
    "entry_id": lambda home, organization: str(project_world(home)["entry"].pk),
    "meeting_id": lambda home, organization: str(project_world(home)["meeting"].pk),
    "item_id": lambda home, organization: str(project_world(home)["item"].pk),
    # closed, with the file of what was done
    "done_item_id": lambda home, organization: str(project_world(home)["done_item"].pk),
    "group_member_id": lambda home, organization: str(project_world(home)["group_member"].pk),
    "category_id": lambda home, organization: str(project_world(home)["category"].pk),
    "import_id": lambda home, organization: str(project_world(home)["list_import"].pk),
    "export_id": lambda home, organization: str(project_world(home)["export"].pk),
    "inspection_id": lambda home, organization: str(supervision_world(home)["inspection"].pk),
    # reported with evidence, addressed to the office: it may report, close and reopen
    "finding_id": lambda home, organization: str(supervision_world(home)["finding"].pk),
    "rectification_id": lambda home, organization: str(supervision_world(home)["rectification"].pk),
    "observation_id": lambda home, organization: str(supervision_world(home)["observation"].pk),
    "draw_id": lambda home, organization: str(supervision_world(home)["draw"].pk),
    "proposal_id": lambda home, organization: str(proposal_world(home)["proposal"].pk),
    # a member of the district's labour organisation, with ID number, phone and bank card
    "worker_id": lambda home, organization: str(labor_world(home)["worker"].pk),
    **LABOR_BUILDERS,
}

# Pages that a viewer may POST to, because the POST reads: it writes nothing of the domain.
WRITES_FOR_READERS = {
    "projects:project-export": "builds the Excel of the list the viewer already reads; the one "
    "row it writes is the viewer's own export job, seen by the viewer's organisation alone",
    "labor:training-export": "builds the Excel of the training ledger the viewer already reads; "
    "it writes only the viewer's own export job",
    "labor:roster-export": "builds the Excel of the roster the viewer already reads (numbers "
    "masked); the one row it writes is the viewer's own export job",
}

# API views that serve every member alike, without the scope's role and kinds.
OPEN_TO_MEMBERS = {
    "api-schema": "the OpenAPI description: the same for everyone, no data in it",
    "api-docs": "Swagger UI over that description",
}

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    view_class: type | None
    kwargs: tuple[str, ...]
    actions: tuple[tuple[str, str], ...] = ()  # DRF viewsets: (method, action)
    named: bool = True

    @property
    def is_api(self) -> bool:
        return self.view_class is not None and issubclass(self.view_class, APIView)

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
    def checks_scope(self) -> bool:
        """Whether the route refuses roles and kinds through the scope (pages always do)."""
        if not self.is_api:
            return True
        return ScopePermission in getattr(self.view_class, "permission_classes", ())

    @property
    def acting_kind(self) -> str:
        kinds = self.allowed_kinds
        if kinds is None or OrganizationKind.COORDINATION_OFFICE in kinds:
            return OrganizationKind.COORDINATION_OFFICE
        return sorted(kinds)[0]

    @property
    def accepted_writes(self) -> tuple[str, ...]:
        """The write methods the route answers (a viewset's actions, a page's handlers)."""
        if self.is_api and self.actions:
            return tuple(m.upper() for m, _ in self.actions if m.upper() in WRITE_METHODS)
        return tuple(m for m in WRITE_METHODS if hasattr(self.view_class, m.lower()))

    @property
    def walked_writes(self) -> tuple[str, ...]:
        """The write methods the walker sends, answered or not: POST to every route (what a
        browser sends); to an API object every write method; and any other the route answers."""
        meant = WRITE_METHODS if self.is_api and self.kwargs else ("POST",)
        return tuple(m for m in WRITE_METHODS if m in meant or m in self.accepted_writes)

    @property
    def writes_for_readers(self) -> bool:
        return self.name in WRITES_FOR_READERS

    def untaught(self) -> list[str]:
        """Why the walker cannot check this route yet; empty when it can."""
        if not self.named:
            return [f"路由 {self.route} 没有名称：每个路由都要有名称，才能被权限测试覆盖。"]
        if self.view_class is None:
            return [
                f"{self.name}：函数视图不声明角色和单位类型，请改为类视图"
                "（页面继承 ScopedViewMixin，接口使用 ScopePermission），或列入 PUBLIC_ROUTES。"
            ]
        problems = [
            f"{self.name}：URL 参数 {name} 没有对象，请在 tests/routes.py 的 OBJECT_BUILDERS "
            "中为它提供一个由当前单位可见的对象。"
            for name in self.kwargs
            if name not in OBJECT_BUILDERS
        ]
        if not self.is_api and not issubclass(self.view_class, ScopedViewMixin):
            problems.append(f"{self.name}：页面没有继承 ScopedViewMixin，不检查范围和角色。")
        if self.is_api and not self.checks_scope and self.name not in OPEN_TO_MEMBERS:
            problems.append(
                f"{self.name}：接口没有使用 ScopePermission；若它对所有成员相同，"
                "请列入 tests/routes.py 的 OPEN_TO_MEMBERS 并说明原因。"
            )
        if self.is_api and not self.checks_scope and self.accepted_writes:
            problems.append(f"{self.name}：不检查范围的接口不得接受写入。")
        page_writes_for_viewers = (
            not self.is_api
            and self.accepted_writes
            and ROLE_RANK[Role(self.required_role)] < ROLE_RANK[Role.EDITOR]
        )
        if page_writes_for_viewers and not self.writes_for_readers:
            problems.append(
                f"{self.name}：页面接受 {'/'.join(self.accepted_writes)}，却只要求"
                f"「{Role(self.required_role).label}」角色。写入的页面应设 required_role = "
                "Role.EDITOR；若该请求只是读取，请列入 tests/routes.py 的 WRITES_FOR_READERS "
                "并说明原因。"
            )
        return problems

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


def route_for(name: str | None, route: str, pattern: URLPattern) -> Route:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    actions = tuple(sorted((getattr(callback, "actions", None) or {}).items()))
    return Route(
        name or f"（未命名：{route}）",
        route,
        view_class,
        tuple(pattern.pattern.converters),
        actions,
        named=name is not None,
    )


def all_routes(patterns=None) -> list[Route]:
    """Every route of the URL resolver but the public ones and the skipped namespaces."""
    routes = []
    for name, route, pattern in _walk(patterns or get_resolver().url_patterns):
        if pattern.callback is serve or name in PUBLIC_ROUTES:
            continue  # media files in debug mode; pages that ask for no login
        routes.append(route_for(name, route, pattern))
    return routes


def all_route_names() -> set[str]:
    """The names of every route of the resolver, public ones included."""
    return {name for name, _, _ in _walk(get_resolver().url_patterns) if name}
