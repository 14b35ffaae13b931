"""The lists read a fixed number of queries whatever their size, and each scope sees what it
should: whoever sees the project sees its findings, the unit responsible the findings
addressed to it, an outsider nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganizationKind, Role
from supervision import selectors
from supervision.models import FindingStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory
from tests.supervision.conftest import scope_of
from tests.supervision.factories import FindingFactory, InspectionFactory, RectificationFactory


def today():
    """Today in the portal's time zone, read when a test runs (a run may cross midnight)."""
    return timezone.localdate()


def add_inspections(site, count: int) -> None:
    for _ in range(count):
        inspection = InspectionFactory(
            project=site["project"], inspecting_organization=site["office"]
        )
        FindingFactory(inspection=inspection, responsible=site["contractor"])
        finding = FindingFactory(
            inspection=inspection, responsible=site["owner"], status=FindingStatus.REPORTED
        )
        RectificationFactory(finding=finding)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("supervision:inspection-list"),
        reverse("supervision:finding-list") + "?unclosed=1",
        reverse("supervision:draw-list"),
    ],
)
def test_the_lists_read_a_constant_number_of_queries(client, site, url):
    client.force_login(member(site["office"], Role.VIEWER))
    add_inspections(site, 2)
    few = queries_for(client, url)
    add_inspections(site, 12)
    assert queries_for(client, url) == few


@pytest.mark.django_db
def test_the_project_tab_reads_a_constant_number_of_queries(client, site):
    client.force_login(member(site["office"], Role.VIEWER))
    url = reverse("projects:project-detail", args=[site["project"].code]) + "?tab=supervision"
    add_inspections(site, 2)
    few = queries_for(client, url)
    add_inspections(site, 10)
    assert queries_for(client, url) == few


@pytest.mark.django_db
def test_who_sees_which_findings(site, elsewhere):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    for_contractor = FindingFactory(inspection=inspection, responsible=site["contractor"])
    # A contractor not party to the project sees the finding addressed to it alone.
    other_contractor = OrganizationFactory(
        kind=OrganizationKind.CONTRACTOR, region=site["project"].region
    )
    other = ProjectFactory(region=site["project"].region)
    elsewhere_inspection = InspectionFactory(project=other, inspecting_organization=site["office"])
    for_other_contractor = FindingFactory(
        inspection=elsewhere_inspection, responsible=other_contractor
    )

    def seen(scope):
        return set(selectors.finding_list(scope=scope))

    assert seen(site["office_scope"]) == {for_contractor, for_other_contractor}
    assert seen(site["member_scope"]) == {for_contractor, for_other_contractor}
    assert seen(site["contractor_scope"]) == {for_contractor}
    assert seen(site["township_scope"]) == {for_contractor}
    assert seen(scope_of(other_contractor)) == {for_other_contractor}
    assert seen(scope_of(elsewhere["office"])) == set()
    assert set(selectors.inspection_list(scope=scope_of(other_contractor))) == {
        elsewhere_inspection
    }


@pytest.mark.django_db
def test_the_filters_of_the_to_do_lines(site):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    late = FindingFactory(
        inspection=inspection,
        responsible=site["contractor"],
        deadline=today() - datetime.timedelta(days=1),
    )
    waiting = FindingFactory(inspection=inspection, responsible=site["contractor"])
    reported = FindingFactory(
        inspection=inspection, responsible=site["contractor"], status=FindingStatus.REPORTED
    )
    FindingFactory(inspection=inspection, responsible=site["owner"], status=FindingStatus.CLOSED)
    contractor = site["contractor_scope"]

    def listed(scope, **filters):
        return set(selectors.finding_list(scope=scope, filters=filters))

    assert listed(contractor, mine=True, rectify=True) == {late, waiting}
    assert listed(contractor, mine=True, rectify=True, overdue=True) == {late}
    assert listed(site["office_scope"], review=True) == {reported}
    assert listed(site["department_scope"], review=True) == {reported}
    assert listed(contractor, review=True) == set()
    assert listed(site["office_scope"], unclosed=True) == {late, waiting, reported}
