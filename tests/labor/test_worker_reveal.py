"""Who sees a worker's whole numbers (issue 15 item 2): editors and admins of the organisation
that keeps his record for its work — the contractor for its roster, the township for its
survey, the labour organisation for its members — and the office's admins; every reveal
audited, and everybody else refused, the reveal page included."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from labor import selectors, services
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import labor_world, roster_world
from tests.labor.factories_workers import survey_response
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def scope_of(organization, role):
    return Scope.for_user(member(organization, role))


def keepers(home):
    """The worker of `roster_world` (a labour organisation's member on the home contractor's
    roster), recorded by the home township's survey too."""
    world = roster_world(home)
    worker = world["worker"]
    survey_response(home, worker.id_number, worker=worker)
    return worker, labor_world(home)["labor_org"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_the_keepers_editors_and_admins_may_reveal(home, role):
    worker, labor_org = keepers(home)
    for organization in (home["contractor"], home["township"], labor_org):
        scope = scope_of(organization, role)
        assert selectors.worker_can_reveal(scope=scope, worker=worker), organization
        revealed = services.worker_reveal(scope=scope, worker=worker)
        assert revealed == {
            "id_number": worker.id_number,
            "bank_card": worker.bank_card,
            "phone": worker.phone,
        }
    entries = AuditEntry.objects.filter(action="worker.reveal")
    assert sorted(entry.organization.code for entry in entries) == sorted(
        [home["contractor"].code, home["township"].code, labor_org.code]
    )
    assert all(worker.id_number not in entry.summary for entry in entries)


def test_the_keepers_viewers_may_not(home):
    worker, labor_org = keepers(home)
    for organization in (home["contractor"], home["township"], labor_org, home["office"]):
        scope = scope_of(organization, Role.VIEWER)
        assert not selectors.worker_can_reveal(scope=scope, worker=worker)
        with pytest.raises(PermissionDenied):
            services.worker_reveal(scope=scope, worker=worker)
    assert not AuditEntry.objects.filter(action="worker.reveal").exists()


def test_only_the_offices_admins_of_the_office(home, elsewhere):
    worker, _ = keepers(home)
    assert selectors.worker_can_reveal(scope=scope_of(home["office"], Role.ADMIN), worker=worker)
    assert not selectors.worker_can_reveal(
        scope=scope_of(home["office"], Role.EDITOR), worker=worker
    )
    assert not selectors.worker_can_reveal(
        scope=scope_of(elsewhere["office"], Role.ADMIN), worker=worker
    )


def test_who_sees_him_without_keeping_his_record_may_not(home):
    """The owner and department of the project, its supervisor, a member unit (人社), another
    contractor, another township and another labour organisation: the numbers stay masked."""
    worker, _ = keepers(home)
    project = roster_world(home)["project"]
    others = [
        project.owner,
        project.department,
        home["department"],
        OrganizationFactory(kind=OrganizationKind.MEMBER_UNIT, region=home["district"]),
        OrganizationFactory(kind=OrganizationKind.SUPERVISOR, region=home["district"]),
        OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"]),
        OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]),
        OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"]),
    ]
    for organization in others:
        scope = scope_of(organization, Role.ADMIN)
        assert not selectors.worker_can_reveal(scope=scope, worker=worker), organization
        with pytest.raises(PermissionDenied):
            services.worker_reveal(scope=scope, worker=worker)


def test_a_township_keeps_only_those_its_survey_recorded(home):
    worker = labor_world(home)["worker"]  # lives in the township, not in its survey
    township = scope_of(home["township"], Role.EDITOR)
    assert selectors.worker_list(scope=township).filter(pk=worker.pk).exists()
    assert not selectors.worker_can_reveal(scope=township, worker=worker)
    survey_response(home, worker.id_number, worker=worker)
    assert selectors.worker_can_reveal(scope=township, worker=worker)


def test_a_contractor_keeps_only_those_on_its_roster(home):
    worker = labor_world(home)["worker"]
    contractor = scope_of(home["contractor"], Role.EDITOR)
    assert not selectors.worker_can_reveal(scope=contractor, worker=worker)
    roster_world(home)
    assert selectors.worker_can_reveal(scope=contractor, worker=worker)


def test_the_contractor_reveals_on_the_page_and_it_is_audited(client, home):
    worker, _ = keepers(home)
    user = member(home["contractor"], Role.EDITOR)
    client.force_login(user)
    page = client.get(reverse("labor:worker-detail", args=[worker.pk])).content.decode()
    assert "显示完整号码" in page
    assert worker.id_number not in page
    response = client.post(reverse("labor:worker-reveal", args=[worker.pk]))
    page = response.content.decode()
    assert worker.id_number in page
    assert worker.bank_card in page
    assert AuditEntry.objects.get(action="worker.reveal").actor == user


def test_the_owner_is_refused_on_the_page(client, home):
    worker, _ = keepers(home)
    client.force_login(member(roster_world(home)["project"].owner, Role.ADMIN))
    page = client.get(reverse("labor:worker-detail", args=[worker.pk])).content.decode()
    assert worker.masked_id_number in page
    assert "显示完整号码" not in page
    response = client.post(reverse("labor:worker-reveal", args=[worker.pk]), follow=True)
    page = response.content.decode()
    assert worker.id_number not in page
    assert "只有保管该人员记录的单位" in page
    assert not AuditEntry.objects.filter(action="worker.reveal").exists()
