"""The API reads findings and inspections through the pages' selectors: the same scope, the
same filters; an outsider's finding is 404."""

import pytest
from rest_framework.test import APIClient

from portal.models import Role
from supervision.models import FindingStatus
from tests.portal.factories import member
from tests.supervision.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_findings_and_inspections_through_the_api(site, elsewhere):
    inspection = InspectionFactory(project=site["project"], inspecting_organization=site["office"])
    mine = FindingFactory(inspection=inspection, responsible=site["contractor"])
    FindingFactory(inspection=inspection, responsible=site["owner"], status=FindingStatus.CLOSED)
    client = APIClient()
    client.force_authenticate(member(site["contractor"], Role.VIEWER))
    rows = client.get("/api/v1/findings/", {"mine": "1", "unclosed": "1"}).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["responsible"] == site["contractor"].code
    listed = client.get("/api/v1/inspections/").json()["results"]
    assert listed[0]["finding_count"] == 2
    assert listed[0]["unclosed_count"] == 1
    client.force_authenticate(member(elsewhere["office"], Role.ADMIN))
    assert client.get(f"/api/v1/findings/{mine.pk}/").status_code == 404
    assert client.get("/api/v1/findings/").json()["results"] == []
