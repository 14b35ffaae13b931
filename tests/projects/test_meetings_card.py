"""A member unit's part in meetings on its dashboard (selectors.meetings_card and the template
cards/action_items.html): its open action items, counted as the list its link opens counts
them, the meetings it is invited to and its proposals with their outcome."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects import selectors
from projects.models import ActionItemStatus, MeetingStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ActionItemFactory, MeetingFactory


@pytest.fixture
def member_unit(home):
    return OrganizationFactory(
        code="member-hrss",
        name="测试区人力资源和社会保障局",
        short_name="人社局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )


def test_a_member_unit_sees_its_items_meetings_and_proposals(client, home, member_unit):
    today = timezone.localdate()
    held = MeetingFactory(region=home["district"], attendees=[member_unit])
    ActionItemFactory(
        meeting=held,
        owner=member_unit,
        description="组织技能培训",
        due_on=today - datetime.timedelta(1),
    )
    ActionItemFactory(
        meeting=held, owner=member_unit, status=ActionItemStatus.DONE, done_note="已办"
    )
    ActionItemFactory(meeting=held, owner=home["department"], description="别人的事项")
    MeetingFactory(
        region=home["district"],
        title="第四季度推进会",
        status=MeetingStatus.CONVENED,
        held_on=today + datetime.timedelta(days=10),
        attendees=[member_unit],
    )
    MeetingFactory(
        region=home["district"],
        title="安全培训专题会",
        status=MeetingStatus.DECLINED,
        proposed_by=member_unit,
        held_on=None,
    )
    scope = Scope.for_user(member(member_unit, Role.EDITOR))
    card = selectors.meetings_card(scope=scope)
    card["url"] = "/meetings/items/?mine=1&undone=1"
    page = render_to_string("projects/cards/action_items.html", {"card": card})
    assert re.search(r'data-count="my_open_items" data-count-url="[^"]+">1<', page)
    assert "组织技能培训" in page
    assert "已逾期" in page
    assert "别人的事项" not in page
    assert "邀请参加：" in page
    assert "第四季度推进会" in page
    assert "安全培训专题会" in page
    assert "暂不召开" in page
    # The number is the row count of the list the link opens.
    client.force_login(scope.user)
    listing = client.get("/meetings/items/?mine=1&undone=1")
    assert listing.context["paginator"].count == 1


def test_a_contractor_without_meetings_gets_no_card(home, world):
    scope = Scope.for_user(member(home["contractor"], Role.VIEWER))
    assert selectors.meetings_card(scope=scope) is None
    department = Scope.for_user(member(home["department"], Role.VIEWER))
    card = selectors.meetings_card(scope=department)
    assert card["count"] == 1  # the world's overdue item; the closed one is not counted
    assert not card["can_close"]
