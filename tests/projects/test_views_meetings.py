"""The pages of coordination meetings and their action items (projects/views/meetings.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from portal.models import Role
from projects.models import ActionItem, ActionItemStatus, Meeting
from tests.portal.factories import member


def test_the_office_records_a_meeting_with_its_action_items(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("projects:meeting-create"),
        {
            "title": "第二季度协调会",
            "held_on": timezone.localdate().isoformat(),
            "attendees": [home["department"].pk, home["township"].pk],
            "minutes": "研究用工计划",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-description": "督促业主发布用工计划",
            "items-0-owner": home["department"].pk,
            "items-0-due_on": due.isoformat(),
            "items-1-description": "",
            "items-1-owner": "",
            "items-1-due_on": "",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="第二季度协调会")
    assert list(meeting.action_items.values_list("description", flat=True)) == [
        "督促业主发布用工计划"
    ]
    page = client.get(response["Location"]).content.decode()
    assert "督促业主发布用工计划" in page


def test_a_half_filled_action_item_is_refused_and_nothing_is_saved(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.post(
        reverse("projects:meeting-create"),
        {
            "title": "协调会",
            "held_on": "2026-11-01",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-description": "只写了事项",
        },
    )
    assert "议定事项须同时填写事项、责任单位和完成时限" in response.content.decode()
    assert not Meeting.objects.filter(title="协调会").exists()


def test_the_owner_organisation_closes_its_action_item(client, home, world):
    item = world["item"]
    client.force_login(member(home["contractor"], Role.EDITOR))
    assert client.post(reverse("projects:action-item-complete", args=[item.pk])).status_code == 404
    client.force_login(member(home["department"], Role.EDITOR))
    client.post(reverse("projects:action-item-complete", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert ActionItem.objects.filter(status=ActionItemStatus.OPEN).count() == 0
