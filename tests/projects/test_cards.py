"""What the projects app puts on the dashboard (projects/cards.py): each user sees the
figures and the work waiting for their own organisation."""

import re

from django.urls import reverse

from portal.models import Role
from tests.portal.factories import member


def count_on(page: str, name: str) -> int | None:
    """The number a dashboard shows under `data-count="name"`, None when it is not shown."""
    found = re.search(rf'data-count="{name}"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else None


def dashboard_of(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def test_the_township_sees_the_plans_waiting_for_it(client, home, world):
    page = dashboard_of(client, member(home["township"], Role.VIEWER))
    assert count_on(page, "inbox_pending") == 1
    assert world["project"].name in page
    office = dashboard_of(client, member(home["office"], Role.VIEWER))
    assert count_on(office, "inbox_pending") is None
    assert 'data-testid="inbox-card"' not in office


def test_the_office_sees_the_overdue_action_items_of_its_district(client, home, world):
    page = dashboard_of(client, member(home["office"], Role.VIEWER))
    assert count_on(page, "overdue_items") == 1
    assert world["item"].description in page  # three days overdue
    contractor = dashboard_of(client, member(home["contractor"], Role.VIEWER))
    assert world["item"].description not in contractor
