"""Registering and changing workers: one per person, age rules, audit masking, the reveal,
priority groups and visibility."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labor import selectors, services
from labor.models import Worker
from portal.models import AuditEntry, OrganizationKind, RegionRules, Role
from portal.rules import rules_for
from portal.scope import Scope
from tests.labor.factories import id_number, labor_world, luhn_card, register
from tests.portal.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_one_worker_per_person(office_scope):
    number = id_number()
    register(office_scope, id_number=number)
    with pytest.raises(ValidationError, match="已经登记过"):
        register(office_scope, id_number=number.lower() + " ")
    assert Worker.objects.count() == 1


def test_a_bad_number_is_refused_on_its_field(office_scope):
    with pytest.raises(ValidationError) as caught:
        register(office_scope, id_number="140214900101123")
    assert "15位" in caught.value.message_dict["id_number"][0]


def test_under_sixteen_on_the_first_work_day_is_refused(office_scope):
    first_day = datetime.date(2026, 3, 1)
    young = id_number(datetime.date(2010, 3, 2))
    with pytest.raises(ValidationError, match="未满16周岁"):
        register(office_scope, id_number=young, first_work_day=first_day)
    worker = register(office_scope, id_number=young, first_work_day=datetime.date(2026, 3, 2))
    assert not worker.needs_age_review


def test_past_the_regions_age_limit_is_registered_but_flagged(office_scope, home):
    man = services.worker_register(
        scope=office_scope, id_number=id_number(years_ago(61), male=True), name="老王"
    )
    assert man.worker.needs_age_review
    assert any("待复核" in warning for warning in man.warnings)
    woman = register(office_scope, id_number=id_number(years_ago(51), male=False))
    assert woman.needs_age_review
    RegionRules.objects.create(region=home["district"], age_flag_women=55)
    assert rules_for(home["district"]).age_flag_women == 55
    other = register(office_scope, id_number=id_number(years_ago(52), male=False))
    assert not other.needs_age_review


def test_a_luhn_failure_is_a_warning(office_scope):
    card = luhn_card()
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    result = services.worker_register(
        scope=office_scope, id_number=id_number(), name="赵六", bank_card=bad
    )
    assert result.worker.bank_card == bad
    assert any("Luhn" in warning for warning in result.warnings)


def test_the_audit_log_holds_masked_numbers_only(office_scope):
    card, new_card = luhn_card(), luhn_card("622200009876543")
    worker = register(office_scope, bank_card=card, phone="13812341234")
    services.worker_update(
        scope=office_scope, worker=worker, data={"bank_card": new_card, "phone": "13999998888"}
    )
    text = " ".join(
        f"{entry.summary} {entry.object_repr} {entry.changes}" for entry in AuditEntry.objects.all()
    )
    for number in (worker.id_number, card, new_card, "13812341234", "13999998888"):
        assert number not in text
    assert f"{new_card[:4]} **** **** {new_card[-4:]}" in text
    assert "139****8888" in text
    assert worker.masked_id_number in text


def test_a_labour_organisation_registers_its_own_members(home):
    world = labor_world(home)
    assert world["worker"].labor_organization == world["labor_org"]
    scope = Scope.for_user(world["editor"])
    assert list(selectors.worker_list(scope=scope)) == [world["worker"]]


def test_who_sees_workers(home, office_scope, elsewhere):
    worker = labor_world(home)["worker"]
    assert list(selectors.worker_list(scope=office_scope)) == [worker]
    # A township sees its own people (household on its ground); a contractor nobody until he
    # is on its roster; another district's office nobody.
    township = Scope.for_user(member(home["township"], Role.ADMIN))
    assert selectors.worker_list(scope=township).exists() == (
        worker.household_township is not None
        and worker.household_township.path.startswith(township.region.path)
    )
    for organization in (home["contractor"], elsewhere["office"]):
        scope = Scope.for_user(member(organization, Role.ADMIN))
        assert not selectors.worker_list(scope=scope).exists()
    other_org = OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=home["district"])
    assert not selectors.worker_list(scope=Scope.for_user(member(other_org))).exists()


def test_the_reveal_is_for_the_keeper_and_the_office_admins_and_audited(home):
    world = labor_world(home)
    worker = world["worker"]
    allowed = [
        Scope.for_user(world["editor"]),
        Scope.for_user(member(world["labor_org"], Role.ADMIN)),
        Scope.for_user(member(home["office"], Role.ADMIN)),
    ]
    refused = [
        Scope.for_user(member(world["labor_org"], Role.VIEWER)),
        Scope.for_user(member(home["office"], Role.EDITOR)),
        Scope.for_user(member(home["township"], Role.ADMIN)),
    ]
    for scope in allowed:
        revealed = services.worker_reveal(scope=scope, worker=worker)
        assert revealed["id_number"] == worker.id_number
    for scope in refused:
        with pytest.raises(PermissionDenied):
            services.worker_reveal(scope=scope, worker=worker)
    reveals = AuditEntry.objects.filter(action="worker.reveal")
    assert reveals.count() == len(allowed)
    assert all(worker.id_number not in entry.summary for entry in reveals)


def test_priority_groups_come_from_the_regions_list(office_scope, home):
    worker = register(office_scope)
    groups = rules_for(home["district"]).priority_group_list
    assert "脱贫人口" in groups
    assert len(groups) == 8
    services.worker_priority_group_add(
        scope=office_scope,
        worker=worker,
        group="脱贫人口",
        source="乡镇摸底调查",
        recorded_on=datetime.date(2026, 1, 5),
    )
    with pytest.raises(ValidationError, match="不在本区"):
        services.worker_priority_group_add(
            scope=office_scope,
            worker=worker,
            group="外星人",
            source="自述",
            recorded_on=datetime.date(2026, 1, 5),
        )
    assert [g.group for g in worker.priority_groups.all()] == ["脱贫人口"]


def test_local_is_the_household_township_in_the_district(office_scope, home, elsewhere):
    township = home["townships"][1]
    local = register(office_scope, household_township=township)
    assert local.is_local(home["district"])
    assert not local.is_local(elsewhere["district"])
    assert not register(office_scope).is_local(home["district"])


def test_the_village_must_lie_in_the_township(office_scope, home):
    with pytest.raises(ValidationError, match="应属于所选的户籍乡镇"):
        register(
            office_scope,
            household_township=home["townships"][0],
            household_village=home["townships"][1].children.get(),
        )


def test_only_registrars_write(home):
    scope = Scope.for_user(member(home["township"], Role.ADMIN))
    with pytest.raises(PermissionDenied):
        register(scope)
