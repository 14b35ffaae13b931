"""One test walks every page and API route as anonymous, outsider, viewer and editor.

Routes are read from the URL resolver (tests/routes.py), so a route added by a later issue
is walked too; a route with a parameter nobody taught the walker fails here.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import Organization, OrganizationKind, Role
from tests.factories import OrganizationFactory, member, project_world
from tests.routes import OBJECT_BUILDERS, all_routes

ROUTES = all_routes()
ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


def acting_organization(route, home) -> Organization:
    kind = route.acting_kind
    for key in ("office", "department", "township", "contractor"):
        if home[key].kind == kind:
            return home[key]
    return OrganizationFactory(kind=kind, region=home["district"])


def url_for(route, home, organization) -> str:
    missing = [name for name in route.kwargs if name not in OBJECT_BUILDERS]
    assert not missing, (
        f"{route.name}: 请在 tests/routes.py 的 OBJECT_BUILDERS 中为参数 {missing} 提供对象"
    )
    project_world(home)  # the district has its directory, projects, lists and meetings
    kwargs = {name: OBJECT_BUILDERS[name](home, organization) for name in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def test_every_route_is_walked():
    names = {route.name for route in ROUTES}
    assert {
        "portal:dashboard",
        "portal:organization-edit",
        "api:organization-detail",
        "api-docs",
    } <= names


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_is_sent_to_login(route, home):
    url = url_for(route, home, acting_organization(route, home))
    response = client_for(None).get(url)
    if route.is_api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_member_with_the_required_role_gets_the_page(route, home):
    organization = acting_organization(route, home)
    role = Role.ADMIN if route.required_role == Role.ADMIN else Role.EDITOR
    user = member(organization, role)
    response = client_for(user).get(url_for(route, home, organization), follow=True)
    if response.streaming:  # a download: reading it to the end closes its file
        b"".join(response.streaming_content)
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs], ids=str)
def test_outsider_gets_404_for_objects_outside_its_scope(route, home, elsewhere):
    organization = acting_organization(route, home)
    url = url_for(route, home, organization)
    outsider_org = elsewhere["office"]
    if route.acting_kind != OrganizationKind.COORDINATION_OFFICE:
        outsider_org = OrganizationFactory(kind=route.acting_kind, region=elsewhere["district"])
    outsider = member(outsider_org, Role.ADMIN)
    client = client_for(outsider)
    assert client.get(url).status_code == 404
    for method in route.write_methods:
        assert getattr(client, method.lower())(url, {}).status_code == 404


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if ROLE_RANK[r.required_role] > 0 or r.write_methods], ids=str
)
def test_viewer_may_not_write(route, home):
    organization = acting_organization(route, home)
    viewer = member(organization, Role.VIEWER)
    client = client_for(viewer)
    url = url_for(route, home, organization)
    if ROLE_RANK[route.required_role] > 0:
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    for method in route.write_methods:
        assert getattr(client, method.lower())(url, {}).status_code == 403


@pytest.mark.parametrize("route", [r for r in ROUTES if r.allowed_kinds is not None], ids=str)
def test_organisation_kinds_outside_the_route_get_403(route, home):
    organization = acting_organization(route, home)
    other_kinds = [kind for kind in OrganizationKind if kind not in route.allowed_kinds]
    for kind in other_kinds:
        user = member(OrganizationFactory(kind=kind, region=home["district"]), Role.ADMIN)
        assert client_for(user).get(url_for(route, home, organization)).status_code == 403
