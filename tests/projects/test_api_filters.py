"""The API's project filters take their choices from what the caller may see (projects/api.py
ProjectFilter): a code outside the caller's scope gets exactly the answer an unknown code
gets, so the filters do not tell which codes exist elsewhere."""

import pytest
from rest_framework.test import APIClient

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects import services
from projects.models import Category, StageKind
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory

URL = "/api/v1/projects/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def outside(elsewhere, directory):
    """Real codes of the other district: a department, a township, and a category of the
    directory copy its office made by extending it."""
    department = OrganizationFactory(
        code="dept-2", kind=OrganizationKind.DEPARTMENT, region=elsewhere["district"]
    )
    office = Scope.for_user(member(elsewhere["office"], Role.EDITOR))
    stage = services.directory_add_stage(
        scope=office,
        category=Category.objects.get(directory=directory, number=1),
        name="外区新增环节",
        kind=StageKind.MAINTENANCE,
    )
    return {
        "department": department.code,
        "township": elsewhere["townships"][0].code,
        "category": stage.category.pk,
    }


@pytest.mark.parametrize("name", ["department", "township", "category"])
@pytest.mark.parametrize("role_of", ["office", "department"])
def test_an_outside_code_is_answered_as_an_unknown_one(home, outside, name, role_of):
    client = api(member(home[role_of], Role.VIEWER))
    unknown = client.get(URL, {name: "999999999999" if name != "department" else "nope"})
    elsewhere = client.get(URL, {name: outside[name]})

    assert unknown.status_code == elsewhere.status_code == 400
    assert unknown.json() == elsewhere.json()
    assert list(elsewhere.json()) == [name]


def test_an_unknown_domain_is_refused(home, directory):
    client = api(member(home["office"], Role.VIEWER))
    assert client.get(URL, {"domain": "nope"}).status_code == 400
    assert client.get(URL, {"domain": "transport"}).status_code == 200


def test_codes_within_the_scope_still_filter(home, owner, directory):
    highway = Category.objects.get(directory=directory, number=1)
    ProjectFactory(
        code="A",
        region=home["district"],
        category=highway,
        department=home["department"],
        owner=owner,
        townships=[home["townships"][0]],
    )
    client = api(member(home["office"], Role.VIEWER))
    for name, value in (
        ("department", home["department"].code),
        ("township", home["townships"][0].code),
        ("category", highway.pk),
        ("domain", highway.domain.code),
    ):
        response = client.get(URL, {name: value})
        assert response.status_code == 200, (name, response.content)
        assert [row["code"] for row in response.json()["results"]] == ["A"]
    response = client.get(URL, {"township": home["townships"][1].code})
    assert response.json()["results"] == []
