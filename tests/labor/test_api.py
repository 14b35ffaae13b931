"""The labour API: workers, engagements and attendance, read-only, scoped like the pages, with
masked numbers only (no whole ID number, card or phone in any answer), django-filter filters
and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from labor.models import Attendance, Engagement, StaffCategory, Worker
from portal.models import OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import (
    contractor_editor,
    id_number,
    labor_world,
    luhn_card,
    register,
    roster_world,
)
from tests.labor.factories_workers import attendance_month
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def add_to_roster(home, count: int, **fields) -> list[Engagement]:
    """`count` new workers on the world's roster, each with a month of attendance."""
    world = roster_world(home)
    office = Scope.for_user(member(home["office"], Role.EDITOR))
    rows = []
    for index in range(count):
        worker = register(
            office,
            name=f"工人{index}",
            phone=f"1390000{index:04d}",
            bank_card=luhn_card(f"62170000{index:07d}"),
            household_township=home["townships"][1],
        )
        worker.priority_groups.create(group="脱贫人口", source="名单", recorded_on="2025-01-01")
        rows.append(
            Engagement.objects.create(
                worker=worker,
                project=world["project"],
                contractor=home["contractor"],
                entry_date=datetime.date(THIS_YEAR, 1, 1),
                **fields,
            )
        )
        Attendance.objects.create(
            worker=worker,
            project=world["project"],
            contractor=home["contractor"],
            month=datetime.date(THIS_YEAR, 1, 1),
            marks="P" * 31,
            days=31,
        )
    return rows


def test_workers_are_masked_and_scoped(home, elsewhere):
    worker = labor_world(home)["worker"]
    answer = results(api(member(home["office"], Role.ADMIN)).get("/api/v1/workers/"))
    assert len(answer) == 1
    row = answer[0]
    assert row["id_number"] == worker.masked_id_number
    assert row["bank_card"] == worker.masked_bank_card
    assert row["phone"] == worker.masked_phone
    assert row["household_township"] == home["townships"][0].code
    assert row["is_local"] is True
    assert "birth_date" not in row
    assert not results(api(member(elsewhere["office"], Role.ADMIN)).get("/api/v1/workers/"))
    response = api(member(elsewhere["office"], Role.ADMIN)).get(f"/api/v1/workers/{worker.pk}/")
    assert response.status_code == 404


def test_worker_filters(home):
    labor_world(home)
    office = Scope.for_user(member(home["office"], Role.EDITOR))
    old = register(office, name="王五", id_number=id_number(datetime.date(1950, 1, 1)))
    old.priority_groups.create(group="脱贫人口", source="名单", recorded_on="2025-01-01")
    client = api(member(home["office"], Role.VIEWER))

    def names(**query):
        return {row["name"] for row in results(client.get("/api/v1/workers/", query))}

    assert names() == {"李四", "王五"}
    assert names(name="王") == {"王五"}
    assert names(household_township=home["townships"][0].code) == {"李四"}
    assert names(priority_group="脱贫人口") == {"王五"}
    assert names(needs_age_review="true") == {"王五"}
    assert names(needs_age_review="false") == {"李四"}


def test_engagements(home):
    world = roster_world(home)
    late = add_to_roster(home, 1, staff_category=StaffCategory.MANAGER)[0]
    late.entry_date = datetime.date(THIS_YEAR, 3, 1)
    late.save(update_fields=["entry_date"])
    client = api(contractor_editor(home))
    rows = results(client.get("/api/v1/engagements/"))
    assert len(rows) == 2
    row = next(row for row in rows if row["id"] == world["engagement"].pk)
    assert row["worker"] == {
        "id": world["worker"].pk,
        "name": world["worker"].name,
        "id_number": world["worker"].masked_id_number,
    }
    assert row["project"] == world["project"].code
    assert row["contractor"] == home["contractor"].code
    assert row["stage"] == world["stage"].name
    assert row["staff_category"] == StaffCategory.WORKER
    assert row["daily_pay"] == "200.00"

    def ids(**query):
        return {row["id"] for row in results(client.get("/api/v1/engagements/", query))}

    assert ids(staff_category="manager") == {late.pk}
    assert ids(active_on=f"{THIS_YEAR}-02-01") == {world["engagement"].pk}
    assert ids(project=world["project"].code) == {world["engagement"].pk, late.pk}
    assert ids(project="no-such-project") == set()
    assert ids(contractor=home["contractor"].code) == {world["engagement"].pk, late.pk}
    assert ids(contractor="someone-else") == set()
    response = client.get("/api/v1/engagements/", {"active_on": "2025-13-01"})
    assert response.status_code == 400


def test_engagements_are_scoped(home, elsewhere):
    roster_world(home)
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    assert not results(api(member(other, Role.ADMIN)).get("/api/v1/engagements/"))
    owner = roster_world(home)["project"].owner
    assert len(results(api(member(owner, Role.VIEWER)).get("/api/v1/engagements/"))) == 1
    client = api(member(elsewhere["office"], Role.ADMIN))
    engagement = roster_world(home)["engagement"]
    assert client.get(f"/api/v1/engagements/{engagement.pk}/").status_code == 404


def test_attendance(home):
    row = attendance_month(home)
    client = api(member(home["office"], Role.VIEWER))
    answer = results(client.get("/api/v1/attendance/"))
    assert answer == [
        {
            "id": row.pk,
            "worker": {
                "id": row.worker.pk,
                "name": row.worker.name,
                "id_number": row.worker.masked_id_number,
            },
            "project": row.project.code,
            "contractor": home["contractor"].code,
            "month": f"{THIS_YEAR}-01",
            "marks": row.marks,
            "days": "20.5",
        }
    ]

    def ids(**query):
        return {item["id"] for item in results(client.get("/api/v1/attendance/", query))}

    assert ids(month=f"{THIS_YEAR}-01") == {row.pk}
    assert ids(month=f"{THIS_YEAR}-02") == set()
    assert ids(project=row.project.code, worker=row.worker.pk) == {row.pk}
    assert ids(worker=row.worker.pk + 1000) == set()
    assert client.get("/api/v1/attendance/", {"month": "2025-1-40"}).status_code == 400


def test_the_api_is_read_only(home):
    attendance_month(home)
    client = api(member(home["office"], Role.ADMIN))
    for url in ("/api/v1/workers/", "/api/v1/engagements/", "/api/v1/attendance/"):
        assert client.post(url, {}).status_code == 405


@pytest.mark.parametrize("url", ["/api/v1/workers/", "/api/v1/engagements/", "/api/v1/attendance/"])
def test_a_constant_number_of_queries(home, url):
    client = api(member(home["office"], Role.VIEWER))
    add_to_roster(home, 2)
    results(client.get(url))
    with CaptureQueriesContext(connection) as few:
        assert len(results(client.get(url))) >= 2
    add_to_roster(home, 8)
    with CaptureQueriesContext(connection) as many:
        assert len(results(client.get(url))) >= 10
    assert len(many) == len(few)


def test_no_whole_number_appears_in_any_answer(home):
    """Every list and every object of the three endpoints, read by every organisation that may
    reveal the numbers on the pages: nothing but masked numbers."""
    world = roster_world(home)
    attendance_month(home)
    add_to_roster(home, 2)
    secrets = []
    for worker in Worker.objects.all():
        secrets += [worker.id_number, worker.bank_card, worker.phone]
        secrets += [worker.id_number[4:-4]]  # not even the hidden middle
    secrets = [secret for secret in secrets if secret]
    readers = [
        member(home["office"], Role.ADMIN),
        contractor_editor(home),
        labor_world(home)["editor"],
        member(home["township"], Role.ADMIN),
        member(world["project"].owner, Role.ADMIN),
    ]
    for user in readers:
        client = api(user)
        bodies = []
        for endpoint in ("workers", "engagements", "attendance"):
            listing = client.get(f"/api/v1/{endpoint}/")
            bodies.append(listing.content.decode())
            for row in listing.json()["results"]:
                bodies.append(client.get(f"/api/v1/{endpoint}/{row['id']}/").content.decode())
        assert len(bodies) > 3
        for body in bodies:
            for secret in secrets:
                assert secret not in body
