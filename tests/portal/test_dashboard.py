"""Every number on every dashboard equals the number of rows its link shows, for every demo
user (each organisation kind and role), and each dashboard lists what its user must do."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Membership

DEMO_USERS = [
    f"{prefix}_{role}"
    for prefix in (
        "office",
        "department",
        "township",
        "owner",
        "contractor",
        "supervisor",
        "labor",
        "member",
    )
    for role in ("admin", "editor", "viewer")
]
LINKED_NUMBER = re.compile(r'data-count="([^"]+)" data-count-url="([^"]+)">(\d+)<')
TODO_LINE = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>\s*<span[^>]*data-todo-count="(\d+)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo district, seeded once for the module and removed after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def rows_shown(client, url: str) -> int:
    """How many rows the page at `url` lists: the paginator's count, or the list entries."""
    response = client.get(html.unescape(url))
    assert response.status_code == 200, url
    context = response.context
    if context.get("paginator") is not None:
        return context["paginator"].count
    if "entries" in context:
        return len(context["entries"])
    return len(context["object_list"])


def linked_numbers(page: str) -> list[tuple[str, str, int]]:
    found = [(key, url, int(number)) for key, url, number in LINKED_NUMBER.findall(page)]
    found += [(label, url, int(number)) for url, label, number in TODO_LINE.findall(page)]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_dashboard_number_is_the_number_of_rows_its_link_shows(demo, client, username):
    user = Membership.objects.select_related("user").get(user__username=username).user
    client.force_login(user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    numbers = linked_numbers(page)
    assert numbers, "工作台上应有带链接的数字"
    for card, url, number in numbers:
        assert rows_shown(client, url) == number, (
            f"{username} 的「{card}」：{number} ≠ {url} 的行数"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["office_editor", "department_editor"])
def test_the_annual_lists_page_counts_what_each_list_shows(demo, client, username):
    client.force_login(Membership.objects.get(user__username=username).user)
    page = client.get(reverse("projects:annual-list-index")).content.decode()
    numbers = linked_numbers(page)
    assert len(numbers) > 1
    for card, url, number in numbers:
        assert rows_shown(client, url) == number, f"{username} 的「{card}」"


@pytest.mark.django_db
def test_each_dashboard_tells_its_user_what_waits(demo, client):
    expected = {
        "office_editor": ["逾期未办结的议定事项"],
        "township_editor": ["待签收的用工计划"],
        "department_editor": ["缺少节点文件的项目"],
    }
    for username, lines in expected.items():
        client.force_login(Membership.objects.get(user__username=username).user)
        page = client.get(reverse("portal:dashboard")).content.decode()
        labels = [label for _url, label, _number in TODO_LINE.findall(page)]
        for line in lines:
            assert line in labels, f"{username} 的待办应有「{line}」：{labels}"


@pytest.mark.django_db
def test_a_department_sees_only_its_own_overdue_items(demo, client):
    client.force_login(Membership.objects.get(user__username="department_editor").user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "逾期未办结的议定事项</a>" not in page.replace("本单位逾期未办结的议定事项</a>", "")
