"""The office's worker list (masked, filtered, constant queries) and a worker's page with the
audited reveal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEntry, Role
from tests.labor.factories import labor_world, register
from tests.portal.factories import member

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_masked_numbers_only(client, home):
    worker = labor_world(home)["worker"]
    response = logged_in(client, member(home["office"], Role.ADMIN)).get(
        reverse("labor:worker-list")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert worker.name in page
    assert worker.masked_id_number in page
    assert worker.id_number not in page
    assert "务工人员" in page  # the menu entry


def test_the_list_filters_by_name_and_township(client, home, office_scope):
    labor_world(home)
    register(office_scope, name="王五", household_township=home["townships"][1])
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("labor:worker-list")
    page = client.get(url, {"name": "王"}).content.decode()
    assert "王五" in page
    assert "李四" not in page
    page = client.get(url, {"township": home["townships"][0].pk}).content.decode()
    assert "李四" in page
    assert "王五" not in page


def test_the_list_keeps_a_constant_number_of_queries(client, home, office_scope):
    client = logged_in(client, member(home["office"], Role.VIEWER))
    url = reverse("labor:worker-list")
    labor_world(home)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(12):
        register(office_scope, name=f"工人{index}", household_township=home["townships"][1])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_worker_page_is_masked_and_offers_the_reveal_to_those_allowed(client, home):
    world = labor_world(home)
    worker = world["worker"]
    url = reverse("labor:worker-detail", args=[worker.pk])
    page = logged_in(client, member(home["office"], Role.EDITOR)).get(url).content.decode()
    assert worker.masked_bank_card in page
    assert worker.masked_phone in page
    assert worker.bank_card not in page
    assert worker.id_number not in page
    # The age, not the birth date: with the masked number's eight digits it would leave
    # a handful of candidates for the whole one.
    assert f"{worker.birth_date:%Y-%m-%d}" not in page
    assert "岁" in page
    assert "显示完整号码" not in page
    page = logged_in(client, world["editor"]).get(url).content.decode()
    assert "显示完整号码" in page


def test_the_reveal_shows_the_numbers_and_is_audited(client, home):
    world = labor_world(home)
    worker = world["worker"]
    admin = member(home["office"], Role.ADMIN)
    response = logged_in(client, admin).post(reverse("labor:worker-reveal", args=[worker.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert worker.id_number in page
    assert worker.bank_card in page
    assert worker.phone in page
    assert f"{worker.birth_date:%Y-%m-%d}" in page
    entry = AuditEntry.objects.get(action="worker.reveal")
    assert entry.actor == admin
    assert worker.id_number not in entry.summary


def test_the_reveal_is_refused_to_an_office_editor(client, home):
    worker = labor_world(home)["worker"]
    client = logged_in(client, member(home["office"], Role.EDITOR))
    response = client.post(reverse("labor:worker-reveal", args=[worker.pk]), follow=True)
    page = response.content.decode()
    assert worker.id_number not in page
    assert "完整号码" in page
    assert not AuditEntry.objects.filter(action="worker.reveal").exists()


def test_an_outsider_gets_404(client, home, elsewhere):
    worker = labor_world(home)["worker"]
    client = logged_in(client, member(elsewhere["office"], Role.ADMIN))
    assert client.get(reverse("labor:worker-detail", args=[worker.pk])).status_code == 404
    assert client.post(reverse("labor:worker-reveal", args=[worker.pk])).status_code == 404


def test_the_rules_page_shows_the_priority_groups(client, home):
    page = (
        logged_in(client, member(home["office"], Role.ADMIN))
        .get(reverse("portal:rules"))
        .content.decode()
    )
    assert "重点群体" in page
    assert "防止返贫监测对象" in page
