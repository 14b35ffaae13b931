import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal.models import Membership, Organization, OrganizationKind, Region, RegionLevel, Role

pytestmark = pytest.mark.django_db


def run_seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every row of every model of ours, as values, to compare two runs."""
    rows = {}
    for label in ("portal", *settings.PORTAL_APPS):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname for f in model._meta.concrete_fields if f.attname not in {"last_login"}
            ]
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return rows


def printed_accounts(output: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s+(\S+_(?:admin|editor|viewer))\s+密码 (\S+)", output, flags=re.MULTILINE)


def test_seed_demo_builds_the_district_the_issue_asks_for():
    run_seed()
    # The demo district is the office's; the labour demo adds a neighbouring county, where
    # the workers who are not local have their household.
    district = Organization.objects.get(kind=OrganizationKind.COORDINATION_OFFICE).region
    assert district.level == RegionLevel.DISTRICT
    assert Region.objects.filter(level=RegionLevel.TOWNSHIP, parent=district).count() >= 8
    assert Region.objects.filter(level=RegionLevel.VILLAGE).count() >= 8
    counts = {kind: Organization.objects.filter(kind=kind).count() for kind in OrganizationKind}
    assert counts[OrganizationKind.COORDINATION_OFFICE] == 1
    assert counts[OrganizationKind.DEPARTMENT] >= 8
    assert counts[OrganizationKind.TOWNSHIP] >= 8
    assert counts[OrganizationKind.OWNER] == 5
    assert counts[OrganizationKind.CONTRACTOR] == 10
    assert counts[OrganizationKind.LABOR_ORG] == 4  # three, and a village collective
    # one user per organisation kind and role
    pairs = set(Membership.objects.values_list("organization__kind", "role"))
    assert pairs == {(kind.value, role.value) for kind in OrganizationKind for role in Role}


def test_every_guiding_department_of_the_directory_exists():
    run_seed()
    from projects.models import Category

    guiding = set(
        Category.objects.exclude(guiding_department="各有关部门").values_list(
            "guiding_department", flat=True
        )
    )
    departments = set(
        Organization.objects.filter(kind=OrganizationKind.DEPARTMENT).values_list(
            "short_name", flat=True
        )
    )
    assert guiding <= departments


def test_seed_demo_twice_changes_nothing():
    first_output = run_seed()
    first = snapshot()
    second_output = run_seed()
    assert snapshot() == first
    assert "新建 0 条，更新 0 条" in second_output
    assert printed_accounts(first_output) == printed_accounts(second_output)


def test_each_printed_user_can_log_in_and_sees_the_dashboard(client):
    accounts = printed_accounts(run_seed())
    assert len(accounts) == len(OrganizationKind) * len(Role)
    for username, password in accounts:
        assert client.login(username=username, password=password), username
        response = client.get(reverse("portal:dashboard"))
        assert response.status_code == 200, username
        assert "工作台" in response.content.decode()
        client.logout()
