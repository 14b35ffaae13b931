"""Each region's rules (portal/rules.py): the defaults of DOMAIN.md, the nearest ancestor's
rules, the page on which the office's admin sets them, and the audit of every change."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.models import AuditEntry, OrganizationKind, RegionRules, Role
from portal.navigation import registry
from portal.region_rules import DEFAULT_PRIORITY_GROUPS
from portal.rules import MIN_WORKER_AGE, default_rules, region_rules_update, rules_for
from portal.scope import Scope
from tests.portal.factories import OrganizationFactory, member


def rules_payload(**overrides) -> dict:
    """The rules form as the office's admin sends it, with the defaults unless overridden."""
    payload = {
        "labor_pay_share_target": "30",
        "wage_account_threshold": "",
        "monthly_minimum_wage": "2000",
        "pay_day": "15",
        "public_notice_days": "7",
        "monthly_report_day": "10",
        "quarterly_report_day": "10",
        "age_flag_men": "60",
        "age_flag_women": "50",
        "forecast_deviation": "20",
        "document_retention_years": "3",
        # a textarea sends \r\n: the form normalises it, so the list is unchanged
        "priority_groups": "\r\n".join(DEFAULT_PRIORITY_GROUPS),
        "neighbouring_townships": "",
    }
    payload.update(overrides)
    return payload


def test_a_region_without_rules_has_the_defaults_of_domain_md(home):
    rules = rules_for(home["district"])
    assert rules == default_rules()
    assert rules.source is None
    assert rules.labor_pay_share_target == 30
    assert rules.wage_account_threshold is None  # every project needs a wage account
    assert rules.requires_wage_account(Decimal("1")) is True
    assert rules.monthly_report_day == 10
    assert rules.quarterly_report_day == 10
    assert rules.public_notice_days == 7
    assert rules.pay_day == 15
    assert rules.monthly_minimum_wage == 2000
    assert rules.minimum_daily_rate == Decimal("91.95")  # 2,000 ÷ 21.75
    assert (rules.age_flag_men, rules.age_flag_women) == (60, 50)
    assert rules.forecast_deviation == 20
    assert MIN_WORKER_AGE == 16


def test_the_nearest_ancestor_with_rules_of_its_own_wins_in_one_query(
    home, django_assert_num_queries
):
    RegionRules.objects.create(region=home["province"], pay_day=20)
    RegionRules.objects.create(region=home["city"], pay_day=25, public_notice_days=10)
    township = home["townships"][0]
    with django_assert_num_queries(1):
        rules = rules_for(township)
    assert (rules.pay_day, rules.public_notice_days, rules.source) == (25, 10, home["city"])
    assert rules_for(home["province"]).pay_day == 20

    RegionRules.objects.create(region=home["district"], pay_day=5)
    assert rules_for(township).pay_day == 5
    assert rules_for(township).public_notice_days == 7  # the district's row: its own values
    assert rules_for(home["district"]).source == home["district"]


def test_the_office_admin_sets_the_rules_and_the_log_keeps_old_and_new_values(client, home):
    admin = member(home["office"], Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("portal:rules")).content.decode()
    assert "使用平台默认值" in page
    assert "91.95" in page  # the minimum daily rate in force
    form = client.get(reverse("portal:rules-edit"))
    assert form.status_code == 200
    assert form.context["form"]["pay_day"].value() == 15

    response = client.post(
        reverse("portal:rules-edit"),
        rules_payload(monthly_minimum_wage="2610", wage_account_threshold="400", pay_day="12"),
    )
    assert response.status_code == 302
    rules = rules_for(home["townships"][0])
    assert rules.source == home["district"]
    assert rules.minimum_daily_rate == Decimal("120.00")
    assert rules.wage_account_threshold == 400
    assert rules.requires_wage_account(Decimal("399.99")) is False
    assert rules.requires_wage_account(Decimal("400")) is True

    entry = AuditEntry.objects.get(action="region_rules.update")
    assert entry.actor == admin
    assert entry.region == home["district"]
    assert entry.changes == {
        "月最低工资标准（元）": ["2000", "2610"],
        "须开设工资专用账户的项目总投资（万元）": ["不设门槛（所有项目）", "400"],
        "默认工资支付日": [15, 12],
    }
    page = client.get(reverse("portal:rules")).content.decode()
    assert "本区自行设定的规则" in page
    assert "月最低工资标准（元）：2000 → 2610" in page

    # Saving what is in force changes nothing and logs nothing.
    client.post(
        reverse("portal:rules-edit"),
        rules_payload(monthly_minimum_wage="2610.00", wage_account_threshold="400", pay_day="12"),
    )
    assert AuditEntry.objects.filter(action="region_rules.update").count() == 1


def test_a_wrong_value_is_refused_in_chinese_and_nothing_is_saved(client, home):
    client.force_login(member(home["office"], Role.ADMIN))
    response = client.post(
        reverse("portal:rules-edit"), rules_payload(pay_day="31", age_flag_women="10")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["pay_day"] == ["应在1到28号之间。"]
    assert errors["age_flag_women"] == ["应在17到100岁之间。"]
    assert not RegionRules.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_only_the_office_admin_changes_the_rules_others_read_them(client, home, role):
    client.force_login(member(home["office"], role))
    assert client.get(reverse("portal:rules-edit")).status_code == 403
    assert client.post(reverse("portal:rules-edit"), rules_payload(pay_day="5")).status_code == 403
    page = client.get(reverse("portal:rules"))
    assert page.status_code == 200
    assert reverse("portal:rules-edit") not in page.content.decode()
    assert not RegionRules.objects.exists()


def test_no_other_organisation_changes_the_rules(client, home):
    for kind in (OrganizationKind.DEPARTMENT, OrganizationKind.TOWNSHIP, OrganizationKind.OWNER):
        organization = OrganizationFactory(kind=kind, region=home["district"])
        admin = member(organization, Role.ADMIN)
        client.force_login(admin)
        assert client.post(reverse("portal:rules-edit"), rules_payload()).status_code == 403
        assert client.get(reverse("portal:rules")).status_code == 200  # they read them
        with pytest.raises(PermissionDenied):
            region_rules_update(scope=Scope.for_user(admin), data={"pay_day": 5})
    with pytest.raises(PermissionDenied):  # the service checks the role too, not only the page
        region_rules_update(
            scope=Scope.for_user(member(home["office"], Role.EDITOR)), data={"pay_day": 5}
        )
    assert not RegionRules.objects.exists()


def test_the_menu_offers_the_rules_to_the_office_admin_only(home):
    def menu(organization, role):
        scope = Scope.for_user(member(organization, role))
        return [entry["label"] for entry in registry.menu_for(scope, "/")]

    assert "本区规则" in menu(home["office"], Role.ADMIN)
    assert "本区规则" not in menu(home["office"], Role.EDITOR)
    assert "本区规则" not in menu(home["department"], Role.ADMIN)


def test_the_office_keeps_the_neighbouring_townships_both_ways(client, home):
    """Item 8 of the labour issue: the adjacency list on the rules page, names checked
    against the district's townships, written back in one form, read both ways."""
    client.force_login(member(home["office"], Role.ADMIN))
    one, two = (township.name for township in home["townships"])
    response = client.post(
        reverse("portal:rules-edit"),
        rules_payload(neighbouring_townships=f" {one}:{two}\r\n\r\n"),
    )
    assert response.status_code == 302
    rules = rules_for(home["district"])
    assert rules.neighbouring_townships == f"{one}：{two}"
    assert rules.neighbours == {one: [two], two: [one]}
    page = client.get(reverse("portal:rules")).content.decode()
    assert f"{one}：{two}" in page

    response = client.post(
        reverse("portal:rules-edit"), rules_payload(neighbouring_townships=f"{one}：外区某镇")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["neighbouring_townships"] == [
        "不是本区的乡镇（街道）：第1行“外区某镇”。请写乡镇的全称。"
    ]
    assert rules_for(home["district"]).neighbours == {one: [two], two: [one]}


def test_no_neighbours_until_the_office_enters_them(home):
    assert default_rules().neighbours == {}
    assert rules_for(home["district"]).neighbouring_townships == ""
