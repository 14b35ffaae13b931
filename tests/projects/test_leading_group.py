"""The region's leading group (领导小组) and its co-lead departments: the office keeps the
group year by year, everyone of the region reads it, the office's admin names a co-lead."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, Organization, OrganizationKind, Role
from portal.scope import Scope
from projects import services
from projects.models import GroupRole, LeadingGroup, LeadingGroupMember
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import LeadingGroupFactory, LeadingGroupMemberFactory

THIS_YEAR = timezone.localdate().year


def scope_of(organization, role=Role.EDITOR) -> Scope:
    return Scope.for_user(member(organization, role))


def page_of(client, user, year=None) -> str:
    client.force_login(user)
    url = reverse("projects:leading-group") + (f"?year={year}" if year else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def group(home):
    """Last year's group: a leader, a deputy and the department's responsible person."""
    group = LeadingGroupFactory(region=home["district"], year=THIS_YEAR - 1, office=home["office"])
    LeadingGroupMemberFactory(
        group=group, role=GroupRole.LEADER, person_name="李区长", post="区人民政府区长", order=1
    )
    LeadingGroupMemberFactory(
        group=group,
        role=GroupRole.DEPUTY,
        person_name="赵局长",
        post="区发展改革局局长",
        organization=home["office"],
        order=2,
    )
    LeadingGroupMemberFactory(
        group=group, person_name="周副局长", organization=home["department"], order=3
    )
    return group


def test_everyone_of_the_region_reads_the_group_with_its_office(client, home, elsewhere, group):
    page = page_of(client, member(home["contractor"], Role.VIEWER), THIS_YEAR - 1)
    for text in ("李区长", "区人民政府区长", "赵局长", "周副局长", "测试区交通局"):
        assert text in page
    assert "领导小组办公室设在<b>测试区发展和改革局</b>" in page
    assert "添加成员" not in page
    outsider = page_of(client, member(elsewhere["office"], Role.ADMIN), THIS_YEAR - 1)
    assert "李区长" not in outsider


def test_the_page_defaults_to_this_year_and_offers_to_copy_last_years(client, home, group):
    page = page_of(client, member(home["office"], Role.EDITOR))
    assert f"{THIS_YEAR}年的领导小组还没有成员" in page
    assert f"按{THIS_YEAR - 1}年领导小组复制" in page
    response = client.post(
        reverse("projects:leading-group-copy") + f"?year={THIS_YEAR}",
        {"from_year": THIS_YEAR - 1, "to_year": THIS_YEAR},
    )
    assert response.status_code == 302
    copied = LeadingGroup.objects.get(region=home["district"], year=THIS_YEAR)
    assert [m.person_name for m in copied.members.all()] == ["李区长", "赵局长", "周副局长"]
    assert copied.office == home["office"]
    assert group.members.count() == 3  # last year's stays as it was
    # Copying onto a year that has members is refused, and nothing is doubled.
    with pytest.raises(ValidationError):
        services.leading_group_copy(
            scope=scope_of(home["office"]), from_year=THIS_YEAR - 1, to_year=THIS_YEAR
        )
    assert copied.members.count() == 3
    assert AuditEntry.objects.filter(action="leading_group.copy").count() == 1


def test_the_office_adds_changes_and_removes_members(client, home, group):
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.post(
        reverse("projects:leading-group-member-add") + f"?year={THIS_YEAR - 1}",
        {
            "role": GroupRole.MEMBER,
            "person_name": "吴副局长",
            "post": "区水务局副局长",
            "organization": home["department"].pk,
            "order": 9,
        },
    )
    assert response.status_code == 302
    added = LeadingGroupMember.objects.get(person_name="吴副局长")
    assert added.group == group
    client.post(
        reverse("projects:leading-group-member-edit", args=[added.pk]),
        {"role": GroupRole.DEPUTY, "person_name": "吴局长", "post": "区水务局局长", "order": 3},
    )
    added.refresh_from_db()
    assert (added.role, added.person_name, added.organization) == (GroupRole.DEPUTY, "吴局长", None)
    change = AuditEntry.objects.get(action="leading_group.member_update")
    assert change.changes["姓名"] == ["吴副局长", "吴局长"]
    client.post(reverse("projects:leading-group-member-remove", args=[added.pk]))
    assert not LeadingGroupMember.objects.filter(pk=added.pk).exists()
    assert "吴局长" in AuditEntry.objects.get(action="leading_group.member_remove").summary


def test_a_second_leader_and_a_unit_of_another_district_are_refused(client, home, elsewhere, group):
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:leading-group-member-add") + f"?year={THIS_YEAR - 1}"
    response = client.post(
        url, {"role": GroupRole.LEADER, "person_name": "王区长", "post": "", "order": 0}
    )
    assert "领导小组已有组长（李区长）" in response.content.decode()
    with pytest.raises(ValidationError) as refusal:
        services.leading_group_member_add(
            scope=scope_of(home["office"]),
            year=THIS_YEAR - 1,
            data={
                "role": GroupRole.MEMBER,
                "person_name": "外人",
                "organization": elsewhere["office"],
            },
        )
    assert "organization" in refusal.value.message_dict
    assert group.members.count() == 3


def test_only_the_office_keeps_the_group(home, group):
    for scope in (scope_of(home["department"]), scope_of(home["office"], Role.VIEWER)):
        with pytest.raises(PermissionDenied):
            services.leading_group_member_add(
                scope=scope, year=THIS_YEAR, data={"role": GroupRole.MEMBER, "person_name": "某"}
            )


@pytest.fixture
def agriculture(home):
    return OrganizationFactory(
        code="dept-agri",
        name="测试区农业农村局",
        kind=OrganizationKind.DEPARTMENT,
        region=home["district"],
    )


def test_the_office_admin_names_a_co_lead_shown_on_the_page(client, home, agriculture):
    admin = member(home["office"], Role.ADMIN)
    page = page_of(client, admin)
    assert "本区没有共同牵头单位" in page
    assert 'data-testid="co-lead-form"' in page
    client.post(
        reverse("projects:leading-group-co-lead"),
        {"organization": agriculture.code, "co_lead": "on"},
    )
    agriculture.refresh_from_db()
    assert agriculture.is_co_lead
    entry = AuditEntry.objects.get(action="organization.co_lead")
    assert entry.summary == "指定共同牵头单位：测试区农业农村局"
    reader = page_of(client, member(home["township"], Role.VIEWER))
    assert "测试区农业农村局" in reader
    assert "co-lead-form" not in reader
    client.force_login(admin)
    client.post(reverse("projects:leading-group-co-lead"), {"organization": agriculture.code})
    agriculture.refresh_from_db()
    assert not agriculture.is_co_lead


def test_only_the_office_admin_names_and_only_a_department_of_its_area(
    home, elsewhere, agriculture
):
    for scope in (scope_of(home["office"], Role.EDITOR), scope_of(agriculture, Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            services.organization_set_co_lead(scope=scope, organization=agriculture, co_lead=True)
    admin = scope_of(home["office"], Role.ADMIN)
    services.organization_set_co_lead(scope=admin, organization=agriculture, co_lead=True)
    co_lead_admin = scope_of(agriculture, Role.ADMIN)
    with pytest.raises(PermissionDenied):  # acting as the office is not being the office
        services.organization_set_co_lead(
            scope=co_lead_admin, organization=home["department"], co_lead=True
        )
    outsider = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=elsewhere["district"])
    for organization in (home["township"], outsider):
        with pytest.raises(ValidationError):
            services.organization_set_co_lead(scope=admin, organization=organization, co_lead=True)
    assert list(Organization.objects.filter(is_co_lead=True)) == [agriculture]


def test_a_co_lead_editor_keeps_the_group_as_the_office_does(client, home, agriculture, group):
    editor = member(agriculture, Role.EDITOR)
    client.force_login(editor)
    url = reverse("projects:leading-group-member-add") + f"?year={THIS_YEAR - 1}"
    assert client.get(url).status_code == 403
    agriculture.is_co_lead = True
    agriculture.save(update_fields=["is_co_lead"])
    assert client.get(url).status_code == 200
    assert "添加成员" in page_of(client, editor, THIS_YEAR - 1)
