"""The shell's models: what each organisation sees of regions, organisations and the audit
log (`visible_to`), and the rules of division codes."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import AuditEntry, Organization, Region, RegionLevel, Role
from portal.scope import Scope
from portal.services import audit_record
from tests.portal.factories import member


def scope_of(user):
    return Scope.for_user(user)


def test_office_sees_every_organisation_of_its_district_and_nothing_elsewhere(home, elsewhere):
    scope = scope_of(member(home["office"], Role.VIEWER))
    visible = set(Organization.objects.visible_to(scope).values_list("code", flat=True))
    assert visible == {"office-1", "dept-1", "town-1", "contractor-1"}
    assert "office-2" not in visible


def test_contractor_and_township_see_only_themselves(home):
    for key in ("contractor", "township"):
        scope = scope_of(member(home[key], Role.ADMIN))
        assert list(Organization.objects.visible_to(scope)) == [home[key]]


def test_township_sees_only_its_own_ground(home):
    scope = scope_of(member(home["township"], Role.VIEWER))
    codes = set(Region.objects.visible_to(scope).values_list("code", flat=True))
    own = home["townships"][0].code
    assert own in codes
    assert home["townships"][1].code not in codes
    assert home["district"].code not in codes


def test_audit_log_is_scoped_like_the_organisations(home, elsewhere):
    home_scope = scope_of(member(home["office"], Role.EDITOR))
    other_scope = scope_of(member(elsewhere["office"], Role.EDITOR))
    contractor_scope = scope_of(member(home["contractor"], Role.EDITOR))
    audit_record(scope=contractor_scope, action="test.home", summary="本区的记录")
    audit_record(scope=other_scope, action="test.other", summary="外区的记录")
    assert list(AuditEntry.objects.visible_to(home_scope).values_list("summary", flat=True)) == [
        "本区的记录"
    ]
    assert list(AuditEntry.objects.visible_to(other_scope).values_list("summary", flat=True)) == [
        "外区的记录"
    ]
    township_scope = scope_of(member(home["township"], Role.ADMIN))
    assert not AuditEntry.objects.visible_to(township_scope).exists()


def test_region_codes_follow_the_division_rules(home):
    village = Region(
        code="810102001", name="错误的村", level=RegionLevel.VILLAGE, parent=home["townships"][0]
    )
    with pytest.raises(ValidationError) as error:
        village.full_clean()
    assert "区划代码应为6位或12位数字" in str(error.value) or "12位数字" in str(error.value)
    township = Region(
        code="810102009000",
        name="挂错层级的镇",
        level=RegionLevel.TOWNSHIP,
        parent=home["townships"][0],
    )
    with pytest.raises(ValidationError) as error:
        township.full_clean()
    assert "上级应为区县" in str(error.value)
