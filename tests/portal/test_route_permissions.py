"""One walker sends every route, read and write, as every organisation kind and role.

Routes are read from the URL resolver (tests/routes.py), so a route added by a later app is
walked too, and one the walker has not been taught fails `test_every_route_is_walked`. For each
route, with the data built once, it checks:

- anonymous: sent to the login page (pages) or 401 (API), whatever the method;
- a member of a kind outside the route's `allowed_kinds`: 403, whatever the role and method;
- a member whose role is below the page's `required_role`: 403 (reading or writing);
- a viewer writing: 403 on a page that writes and on every API write method; a page that
  only reads answers POST with 405 — the method is not part of the page, for anyone — so no
  page accepts a viewer's POST (except WRITES_FOR_READERS, whose POST only reads);
- a method the route does not answer: 405, for every role allowed in;
- the acting organisation's own members with the role: the page (200) and their writes
  accepted (200 with the form's errors, or 302);
- an outsider (every kind, admin, in another district): 404 for every route that names an
  object, reading it or sending a write the route answers; a write method the route does not
  answer at all is 405 for everyone, and the walker checks that an outsider's answers are,
  method by method, those for an object that does not exist, so they reveal nothing.

Each write runs in a savepoint that is rolled back, so the next request meets the same data.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, path, reverse
from django.views.generic import FormView, TemplateView
from rest_framework.test import APIClient

from portal.models import ROLE_RANK, OrganizationKind, Role
from portal.permissions import ScopedViewMixin
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import project_world
from tests.routes import (
    OBJECT_BUILDERS,
    OPEN_TO_MEMBERS,
    PUBLIC_ROUTES,
    WRITES_FOR_READERS,
    all_route_names,
    all_routes,
    route_for,
)

ROUTES = all_routes()


def rank(role: str) -> int:
    return ROLE_RANK[Role(role)]


def organizations_of_every_kind(tree: dict, acting=None) -> list:
    """One organisation of each kind in the district of `tree`: those the fixture has (the
    acting organisation for its own kind), and a new one for each kind it lacks."""
    known = [acting] if acting is not None else []
    known += [
        tree[key] for key in ("office", "department", "township", "contractor") if key in tree
    ]
    known += [tree["world"]["owner"]] if "world" in tree else []
    by_kind = {}
    for organization in known:
        by_kind.setdefault(organization.kind, organization)
    for kind in OrganizationKind:
        if kind not in by_kind:
            region = tree["townships"][0] if kind == OrganizationKind.TOWNSHIP else tree["district"]
            by_kind[kind] = OrganizationFactory(kind=kind, region=region)
    return [by_kind[kind] for kind in OrganizationKind]


def acting_organization(route, home):
    for key in ("office", "department", "township", "contractor"):
        if home[key].kind == route.acting_kind:
            return home[key]
    return OrganizationFactory(kind=route.acting_kind, region=home["district"])


def url_for(route, home, organization) -> str:
    kwargs = {name: OBJECT_BUILDERS[name](home, organization) for name in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


def url_of_nothing(route) -> str:
    """The route's URL naming objects that do not exist."""
    kwargs = {
        name: "987654321" if name.endswith("_id") else "no-such-object" for name in route.kwargs
    }
    return reverse(route.name, kwargs=kwargs)


def expected(route, organization, role, method, *, acting=False, outsider=False) -> set[int]:
    """The answers allowed to a member of `organization` with `role` sending `method`."""
    if route.allowed_kinds is not None and organization.kind not in route.allowed_kinds:
        return {403}
    reading = method == "GET"
    if route.is_api:  # the API reads for every role and writes for `write_role`
        if route.checks_scope and not reading and rank(role) < rank(route.write_role):
            return {403}
    elif rank(role) < rank(route.required_role):  # a page needs its role for any method
        return {403}
    if not reading and method not in route.accepted_writes:
        return {405}
    if outsider and route.kwargs:
        return {404}
    if acting:
        return {200} if reading else {200, 302}
    # Another organisation of the district: the object may be outside its scope (404), or in
    # it but not its to change (403); the services decide, and their own tests say which.
    return {200, 403, 404} if reading else {200, 302, 403, 404}


class Walk:
    """Sends the requests of one route and collects every answer that was not allowed."""

    def __init__(self, route, url):
        self.route, self.url = route, url
        self.problems: list[str] = []
        self.checks = 0
        # One client for every user: each new client would load the middleware again.
        self._client = APIClient()
        self._client.raise_request_exception = False  # a 500 is reported with the others

    def client(self, user=None):
        if user is None:
            self._client.logout()
        else:
            self._client.force_login(user)  # replaces the previous user's session
        return self._client

    def send(self, client, method: str, *, follow: bool, url: str | None = None):
        request = getattr(client, method.lower())
        if method == "GET":
            return self._read_through(request(url or self.url, follow=follow))
        with transaction.atomic():  # whatever the write did is undone for the next request
            response = self._read_through(request(url or self.url, follow=follow))
            transaction.set_rollback(True)
        return response

    @staticmethod
    def _read_through(response):
        if getattr(response, "streaming", False):  # a download: read to the end, closing it
            b"".join(response.streaming_content)
        return response

    def check(self, who: str, client, method: str, allowed: set[int]) -> None:
        response = self.send(client, method, follow=method == "GET")
        self.checks += 1
        if response.status_code not in allowed:
            error = getattr(response, "exc_info", None)
            detail = f"（{error[1]!r}）" if error else ""
            self.problems.append(
                f"{method} {self.url} 作为{who}：得到 {response.status_code}，"
                f"应为 {'或'.join(map(str, sorted(allowed)))}{detail}"
            )

    def member(self, organization, role, *, acting=False, outsider=False) -> None:
        client = self.client(member(organization, role))
        where = "外区" if outsider else "本区"
        who = f"{where}{organization.get_kind_display()}（{organization.code}）的{Role(role).label}"
        for method in ("GET", *self.route.walked_writes):
            allowed = expected(
                self.route, organization, role, method, acting=acting, outsider=outsider
            )
            self.check(who, client, method, allowed)

    def as_for_nothing(self, organization) -> None:
        """An outsider's answers are those for objects that do not exist, method by method:
        what the route answers tells nothing of what lies outside the outsider's scope."""
        client = self.client(member(organization, Role.ADMIN))
        nothing = url_of_nothing(self.route)
        for method in ("GET", *self.route.walked_writes):
            answers = [
                self.send(client, method, follow=method == "GET", url=url).status_code
                for url in (self.url, nothing)
            ]
            self.checks += 1
            if answers[0] != answers[1]:
                self.problems.append(
                    f"{method} {self.url} 作为外区{organization.get_kind_display()}的管理员：得到 "
                    f"{answers[0]}，而对不存在的对象（{nothing}）得到 {answers[1]}：泄露了对象的存在"
                )

    def anonymous(self) -> None:
        client = self.client()
        for method in ("GET", *self.route.walked_writes):
            response = self.send(client, method, follow=False)
            self.checks += 1
            if self.route.is_api:
                ok = response.status_code == 401
            else:
                ok = response.status_code == 302 and response["Location"].startswith(
                    reverse("login")
                )
            if not ok:
                self.problems.append(
                    f"{method} {self.url} 未登录：得到 {response.status_code}，"
                    f"应为{'401' if self.route.is_api else '跳转到登录页'}"
                )


def test_every_route_is_walked():
    """Every route of the resolver is walked, and the walker knows how to walk it."""
    routes = all_routes()
    assert any(route.is_api for route in routes), "URL 解析器中没有接口路由"
    assert any(not route.is_api for route in routes), "URL 解析器中没有页面路由"
    problems = [problem for route in routes for problem in route.untaught()]
    assert not problems, "\n".join(problems)
    names = all_route_names()
    stale = {*PUBLIC_ROUTES, *WRITES_FOR_READERS, *OPEN_TO_MEMBERS} - names
    assert not stale, f"tests/routes.py 列出了不存在的路由：{sorted(stale)}"
    parameters = {name for route in routes for name in route.kwargs}
    unused = set(OBJECT_BUILDERS) - parameters
    assert not unused, f"OBJECT_BUILDERS 中的参数已无路由使用：{sorted(unused)}"


class _ReadOnlyPage(ScopedViewMixin, TemplateView):
    template_name = "base.html"


class _FormForViewers(ScopedViewMixin, FormView):
    """A form any viewer could submit: writes, but needs no editor."""


def test_a_route_the_walker_was_not_taught_fails():
    untaught = all_routes(
        [
            path("mystery/<int:mystery_id>/", _ReadOnlyPage.as_view(), name="mystery"),
            path("viewers-write/", _FormForViewers.as_view(), name="viewers-write"),
            path("function/", lambda request: None, name="function"),
            URLPattern(path("unnamed/", _ReadOnlyPage.as_view()).pattern, _ReadOnlyPage.as_view()),
        ]
    )
    reasons = {route.name: " ".join(route.untaught()) for route in untaught}
    assert "mystery_id" in reasons["mystery"]
    assert "WRITES_FOR_READERS" in reasons["viewers-write"]
    assert "函数视图" in reasons["function"]
    assert any(name.startswith("（未命名") for name in reasons)
    read_only = route_for("page", "page/", path("page/", _ReadOnlyPage.as_view(), name="page"))
    assert read_only.untaught() == []
    assert read_only.walked_writes == ("POST",)
    assert read_only.accepted_writes == ()


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_kind_and_role_reads_and_writes_only_what_it_may(route, home, elsewhere, settings):
    assert not route.untaught(), "\n".join(route.untaught())
    # Some 1,500 logins: sessions in signed cookies cost no database round trip, and where the
    # session is kept has no bearing on what a user may do.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    project_world(home)  # the district has its directory, projects, lists, meetings and jobs
    acting = acting_organization(route, home)
    walk = Walk(route, url_for(route, home, acting))
    walk.anonymous()
    for organization in organizations_of_every_kind(home, acting):
        for role in Role:
            walk.member(organization, role, acting=organization == acting)
    for organization in organizations_of_every_kind(elsewhere):
        walk.member(organization, Role.ADMIN, outsider=True)
        if route.kwargs and organization.kind == acting.kind:
            walk.as_for_nothing(organization)
    assert not walk.problems, f"{route.name}（{walk.checks} 项检查）：\n" + "\n".join(walk.problems)
