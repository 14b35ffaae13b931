"""The projects API (projects/api.py): the list page's filters, scoping, the annual list on
the wire, labour plans and the directory, in a constant number of queries."""

import datetime
from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import Role
from portal.scope import Scope
from projects import services
from projects.models import Category, ProjectLevel
from tests.portal.factories import member
from tests.projects.factories import ProjectFactory


def make(home, owner, directory, code, number=1, township=0, level=ProjectLevel.DISTRICT):
    """A reserve project of the home district, its category from the shipped directory."""
    return ProjectFactory(
        code=code,
        name=f"工程{code}",
        level=level,
        region=home["district"],
        category=Category.objects.get(directory=directory, number=number),
        department=home["department"],
        owner=owner,
        townships=[home["townships"][township]],
    )


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def codes(response):
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


def test_project_filters_mirror_the_list_page(home, owner, directory):
    make(home, owner, directory, "A", number=1)
    make(home, owner, directory, "B", number=5, township=1, level=ProjectLevel.PROVINCIAL)
    client = api(member(home["office"], Role.VIEWER))
    assert codes(client.get("/api/v1/projects/")) == ["A", "B"]
    assert codes(client.get("/api/v1/projects/", {"level": "provincial"})) == ["B"]
    water = Category.objects.get(directory=directory, number=5)
    assert codes(client.get("/api/v1/projects/", {"domain": water.domain.code})) == ["B"]
    assert codes(client.get("/api/v1/projects/", {"township": home["townships"][0].code})) == ["A"]
    assert codes(client.get("/api/v1/projects/", {"q": "工程A"})) == ["A"]
    assert codes(client.get("/api/v1/projects/", {"missing_checkpoint": "feasibility"})) == [
        "A",
        "B",
    ]
    response = client.get("/api/v1/projects/", {"level": "galactic"})
    assert response.status_code == 400
    detail = client.get("/api/v1/projects/A/").json()
    assert detail["status_display"] == "储备"
    assert detail["townships"] == [home["townships"][0].code]
    assert "可研体现以工代赈" in detail["missing_checkpoints"]


def test_a_township_sees_only_the_projects_on_its_ground(home, owner, directory, elsewhere):
    make(home, owner, directory, "A", township=0)
    make(home, owner, directory, "B", township=1)
    assert codes(api(member(home["township"], Role.VIEWER)).get("/api/v1/projects/")) == ["A"]
    outsider = api(member(elsewhere["office"], Role.VIEWER))
    assert codes(outsider.get("/api/v1/projects/")) == []
    assert outsider.get("/api/v1/projects/A/").status_code == 404


def test_the_annual_list_shows_entries_with_their_dates(home, owner, directory):
    project = make(home, owner, directory, "A")
    office = Scope.for_user(member(home["office"], Role.EDITOR))
    entry = services.annual_list_add(
        scope=office, project=project, year=2026, on=datetime.date(2026, 2, 1)
    )
    services.annual_list_withdraw(
        scope=office, entry=entry, reason="资金未落实", on=datetime.date(2026, 5, 1)
    )
    client = api(member(home["office"], Role.VIEWER))
    lists = client.get("/api/v1/annual-lists/", {"year": 2026}).json()["results"]
    assert [(row["year"], row["level"], row["current"]) for row in lists] == [(2026, "district", 0)]
    detail = client.get(f"/api/v1/annual-lists/{lists[0]['id']}/").json()
    assert detail["entries"] == [
        {
            "project": "A",
            "project_name": "工程A",
            "added_on": "2026-02-01",
            "added_reason": "",
            "withdrawn_on": "2026-05-01",
            "withdrawn_reason": "资金未落实",
        }
    ]


def test_project_list_runs_a_constant_number_of_queries(
    home, owner, directory, django_assert_max_num_queries
):
    make(home, owner, directory, "A-0")
    client = api(member(home["office"], Role.VIEWER))
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/projects/")
    for number in range(1, 40):
        make(home, owner, directory, f"A-{number}", number=1 + number % 25, township=number % 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/projects/", {"page_size": 100}).json()["count"] == 40


def test_labour_plans_and_the_directory(home, owner, directory):
    project = make(home, owner, directory, "A")
    office = Scope.for_user(member(home["office"], Role.EDITOR))
    services.annual_list_add(scope=office, project=project, year=timezone.localdate().year)
    stage = project.category.stages.first()
    plan = services.labor_plan_save(
        scope=office,
        project=project,
        data={
            "stage": stage,
            "positions": 12,
            "start": datetime.date(timezone.localdate().year, 4, 1),
            "end": datetime.date(timezone.localdate().year, 6, 1),
            "daily_rate": Decimal("180"),
        },
    )
    services.labor_plan_publish(scope=office, plan=plan)
    client = api(member(home["office"], Role.VIEWER))
    plans = client.get("/api/v1/labor-plans/", {"project__code": "A"}).json()["results"]
    assert [(p["stage"], p["positions"], p["townships_notified"]) for p in plans] == [
        (stage.name, 12, 1)
    ]
    categories = client.get("/api/v1/directory/", {"page_size": 100}).json()
    assert categories["count"] == 25
    assert categories["results"][0]["stages"][0]["kind"] in {
        "general_labor",
        "support_service",
        "maintenance",
    }


def test_the_schema_lists_the_projects_endpoints(home):
    client = api(member(home["office"], Role.VIEWER))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/projects/", "/api/v1/annual-lists/{list_id}/", "/api/v1/labor-plans/"} <= set(
        schema["paths"]
    )
