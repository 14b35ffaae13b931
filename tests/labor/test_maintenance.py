"""Maintenance jobs (零工变长工): engagements on a maintenance stage counted per project against
the plan and per household township, with those who built the project first; the page, the
project tab and its one-query badge."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labor import selectors, services
from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import MaintenanceResponsibility
from tests.labor.factories import contractor_editor, labor_world, register
from tests.labor.factories_training import maintenance_world
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_kept_against_planned_and_who_built_it_first(home, office_scope):
    world = maintenance_world(home)
    row = selectors.maintenance_projects(scope=office_scope).get(pk=world["project"].pk)
    # the technician on maintenance is no work-relief worker: two kept, one built it first
    assert (row.planned, row.kept, row.from_construction) == (3, 2, 1)


def test_a_later_construction_engagement_does_not_count_as_first(home, office_scope):
    world = maintenance_world(home)
    newcomer = world["newcomer"]
    services.engagement_add(
        scope=Scope.for_user(contractor_editor(home)),
        project=world["project"],
        contractor=home["contractor"],
        worker=newcomer,
        entry_date=world["maintenance_engagements"][1].entry_date + datetime.timedelta(days=30),
        stage=world["stage"],
    )
    row = selectors.maintenance_projects(scope=office_scope).get(pk=world["project"].pk)
    assert row.from_construction == 1


def test_per_township_uses_the_household_township(home, office_scope):
    maintenance_world(home)
    rows = {row["township"]: row for row in selectors.maintenance_by_township(scope=office_scope)}
    first, second = home["townships"]
    assert rows[first.name] == {"township": first.name, "kept": 1, "from_construction": 1}
    assert rows[second.name] == {"township": second.name, "kept": 1, "from_construction": 0}


def test_the_page_counts_in_constant_queries_and_is_scoped(client, home, elsewhere):
    world = maintenance_world(home)
    client.force_login(member(home["township"], Role.VIEWER))
    url = reverse("labor:maintenance-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert world["project"].name in page
    assert "后期管护用工" in page  # the menu entry
    for index in range(5):
        project = ProjectFactory(
            region=home["district"],
            department=home["department"],
            townships=[home["townships"][0]],
        )
        MaintenanceResponsibility.objects.create(
            project=project, since=datetime.date(2025, 1, 1), planned_workers=index
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    outsider = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=elsewhere["townships"][0])
    client.force_login(member(outsider, Role.ADMIN))
    assert world["project"].name not in client.get(url).content.decode()


def test_the_project_tab_lists_maintenance_workers_masked_with_a_badge(
    client, home, django_assert_num_queries
):
    world = maintenance_world(home)
    project = world["project"]
    scope = Scope.for_user(member(home["office"], Role.VIEWER))
    with django_assert_num_queries(1):
        assert selectors.maintenance_badge(scope, project) == ("2/3", False)
    client.force_login(member(home["office"], Role.VIEWER))
    url = reverse("projects:project-detail", args=[project.code])
    page = client.get(url, {"tab": "maintenance"}).content.decode()
    assert "后期管护用工" in page
    assert world["newcomer"].masked_id_number in page
    assert world["newcomer"].id_number not in page
    assert world["worker"].name in page


def test_no_badge_without_plan_or_workers(home, office_scope):
    project = ProjectFactory(region=home["district"], department=home["department"])
    assert selectors.maintenance_badge(office_scope, project) is None
    labor_world(home)
    register(Scope.for_user(labor_world(home)["editor"]), name="无关")
    assert selectors.maintenance_projects(scope=office_scope).filter(pk=project.pk).count() == 0
