"""Labour organisations: the profile (the 返薄 flag by the office alone), a collective that is a
contractor, teams kept by the organisation, members masked, the office's list flagged first,
and `team_proposals` putting 返薄-flagged collectives first."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labor import selectors, services
from labor.models import LaborOrgForm, LaborOrgProfile, Team
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import labor_world
from tests.labor.factories_training import collective, team_of
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def test_the_organisation_keeps_its_profile_but_not_the_flag(home):
    world = labor_world(home)
    scope = Scope.for_user(world["editor"])
    village = home["townships"][0].children.get()
    profile = services.labor_org_profile_save(
        scope=scope,
        organization=world["labor_org"],
        data={"form": LaborOrgForm.COLLECTIVE, "village": village, "note": "村集体领办"},
    )
    assert (profile.form, profile.village, profile.return_risk) == (
        LaborOrgForm.COLLECTIVE,
        village,
        False,
    )
    with pytest.raises(PermissionDenied) as error:
        services.labor_org_profile_save(
            scope=scope, organization=world["labor_org"], data={"return_risk": True}
        )
    assert str(error.value) == "“返薄”风险标记由协调机制办公室认定。"
    profile.refresh_from_db()
    assert profile.return_risk is False


def test_the_office_sets_the_flag_on_collectives_only(home, office_scope):
    world = labor_world(home)
    services.labor_org_profile_save(
        scope=Scope.for_user(world["editor"]),
        organization=world["labor_org"],
        data={"form": LaborOrgForm.COMPANY},
    )
    with pytest.raises(ValidationError) as error:
        services.labor_org_profile_save(
            scope=office_scope, organization=world["labor_org"], data={"return_risk": True}
        )
    assert error.value.message_dict["return_risk"] == ["“返薄”风险标记只用于村集体经济组织。"]
    profile = services.labor_org_profile_save(
        scope=office_scope,
        organization=world["labor_org"],
        data={"form": LaborOrgForm.COLLECTIVE, "return_risk": True},
    )
    assert profile.return_risk is True
    entry = AuditEntry.objects.filter(action="labor_org.profile").latest("pk")
    assert "存在“返薄”风险" in entry.summary


def test_a_village_elsewhere_is_refused(home, elsewhere, office_scope):
    world = labor_world(home)
    with pytest.raises(ValidationError) as error:
        services.labor_org_profile_save(
            scope=office_scope,
            organization=world["labor_org"],
            data={
                "form": LaborOrgForm.COLLECTIVE,
                "village": elsewhere["townships"][0].children.get(),
            },
        )
    assert error.value.message_dict["village"] == ["请选择本区的村（社区）。"]


def test_a_collective_can_be_a_contractor_and_shows_its_flag(client, home, office_scope):
    """projects lets any organisation carry a profile (a one-to-one): a contractor that is a
    village collective has one, with the 返薄 flag, and its page says so."""
    contractor = home["contractor"]
    with pytest.raises(ValidationError) as error:
        services.labor_org_profile_save(
            scope=office_scope, organization=contractor, data={"form": LaborOrgForm.COMPANY}
        )
    assert error.value.message_dict["form"] == [
        "施工单位只有作为村集体经济组织时才登记劳务组织信息。"
    ]
    services.labor_org_profile_save(
        scope=office_scope,
        organization=contractor,
        data={"form": LaborOrgForm.COLLECTIVE, "return_risk": True},
    )
    client.force_login(member(contractor, Role.VIEWER))
    page = client.get(reverse("labor:organization-detail", args=[contractor.code])).content.decode()
    assert "存在“返薄”风险" in page
    assert "村集体经济组织作为施工单位参与项目建设" in page


def test_teams_are_kept_by_their_organisation(home):
    world = labor_world(home)
    scope = Scope.for_user(world["editor"])
    team = services.team_create(
        scope=scope, data={"name": " 石匠班 ", "leader_name": "孙师傅", "trades": "砌石", "size": 8}
    )
    assert team.name == "石匠班"
    with pytest.raises(ValidationError) as error:
        services.team_create(scope=scope, data={"name": "石匠班", "size": 3})
    assert error.value.message_dict["name"] == ["本单位已有同名队伍。"]
    services.team_update(scope=scope, team=team, data={"size": 10})
    team.refresh_from_db()
    assert team.size == 10
    other = OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"])
    with pytest.raises(PermissionDenied):
        services.team_update(
            scope=Scope.for_user(member(other, Role.EDITOR)), team=team, data={"size": 1}
        )
    with pytest.raises(PermissionDenied):
        services.team_create(scope=Scope.for_user(member(home["contractor"], Role.EDITOR)), data={})
    services.team_delete(scope=scope, team=team)
    assert not Team.objects.filter(pk=team.pk).exists()


def test_team_pages_create_and_delete(client, home):
    world = labor_world(home)
    client.force_login(world["editor"])
    response = client.post(reverse("labor:team-create"), {"name": "", "size": "3"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    response = client.post(reverse("labor:team-create"), {"name": "水渠班", "size": "6"})
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True).content.decode()
    assert "水渠班" in page
    team = Team.objects.get(name="水渠班")
    client.post(reverse("labor:team-delete", args=[team.pk]))
    assert not Team.objects.filter(pk=team.pk).exists()


def test_members_are_listed_masked_for_the_organisation_and_the_office(client, home):
    world = labor_world(home)
    url = reverse("labor:organization-members", args=[world["labor_org"].code])
    for user in (world["editor"], member(home["office"], Role.VIEWER)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert world["worker"].masked_id_number in page
        assert world["worker"].id_number not in page
    other = OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"])
    client.force_login(member(other, Role.ADMIN))
    assert client.get(url).status_code == 404


def test_the_office_list_puts_flagged_collectives_first_in_constant_queries(client, home):
    labor_world(home)
    collective(home, code="coll-a", name="甲村股份经济合作社", return_risk=False)
    client.force_login(member(home["office"], Role.VIEWER))
    url = reverse("labor:organization-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    collective(home, code="coll-z", name="乙村股份经济合作社", return_risk=True)
    for index in range(6):
        collective(home, code=f"coll-{index}", name=f"丙{index}村合作社", return_risk=False)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.index("乙村股份经济合作社") < page.index("甲村股份经济合作社")
    assert page.index("乙村股份经济合作社") < page.index("测试劳务合作社")
    flagged = client.get(url, {"return_risk": "on"}).content.decode()
    assert "乙村股份经济合作社" in flagged
    assert "甲村股份经济合作社" not in flagged
    # a township is not given the office's list
    client.force_login(member(home["township"], Role.ADMIN))
    assert client.get(url).status_code == 403


def test_team_proposals_put_flagged_collectives_first(home):
    company = labor_world(home)["labor_org"]
    LaborOrgProfile.objects.create(organization=company, form=LaborOrgForm.COMPANY)
    team_of(company)
    plain = collective(home, code="coll-plain", name="甲村合作社", return_risk=False)
    flagged = collective(home, code="coll-flag", name="乙村合作社", return_risk=True)
    flagged_contractor = collective(
        home,
        code="coll-contractor",
        name="丙村集体",
        return_risk=True,
        kind=OrganizationKind.CONTRACTOR,
    )
    scope = Scope.for_user(member(home["township"], Role.EDITOR))
    proposed = [team.organization for team in selectors.team_proposals(scope=scope)]
    assert proposed[:2] == sorted([flagged, flagged_contractor], key=lambda o: o.name)
    assert proposed[2:] == [plain, company]
    # on another township's ground: the collectives sit in the first township's village
    other = selectors.team_proposals(scope=scope, township=home["townships"][1])
    assert list(other) == []
    first = selectors.team_proposals(scope=scope, township=home["townships"][0])
    assert [team.organization for team in first][:2] == proposed[:2]
