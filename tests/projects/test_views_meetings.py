"""The pages of coordination meetings and their action items (projects/views/meetings.py,
projects/views/action_items.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganizationKind, Role
from projects.models import ActionItem, ActionItemStatus, Meeting, MeetingStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import (
    ActionItemFactory,
    LeadingGroupFactory,
    LeadingGroupMemberFactory,
    MeetingFactory,
)

PDF = b"%PDF-1.4 minutes"


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def member_unit(home):
    return OrganizationFactory(
        code="member-hrss",
        name="测试区人力资源和社会保障局",
        short_name="人社局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )


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
            "minutes_file": SimpleUploadedFile("纪要.pdf", PDF),
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
    assert meeting.status == MeetingStatus.HELD
    assert list(meeting.action_items.values_list("description", flat=True)) == [
        "督促业主发布用工计划"
    ]
    page = client.get(response["Location"]).content.decode()
    assert "督促业主发布用工计划" in page
    assert "下载会议纪要文件" in page


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


def test_a_member_unit_proposes_and_reads_the_outcome(client, home, member_unit):
    client.force_login(member(member_unit, Role.EDITOR))
    listing = client.get(reverse("projects:meeting-list")).content.decode()
    assert "建议召开会议" in listing
    assert "通知召开会议" not in listing
    response = client.post(
        reverse("projects:meeting-propose"), {"title": "技能培训协调会", "reasons": ""}
    )
    assert "请说明建议召开会议的理由" in response.content.decode()
    response = client.post(
        reverse("projects:meeting-propose"),
        {"title": "技能培训协调会", "reasons": "培训机构不足，需协调应急局和乡镇"},
    )
    proposal = Meeting.objects.get(title="技能培训协调会")
    assert response["Location"] == reverse("projects:meeting-detail", args=[proposal.pk])
    page = client.get(response["Location"]).content.decode()
    assert "协调机制办公室研究中" in page
    assert "通知召开" not in page

    office = member(home["office"], Role.EDITOR)
    client.force_login(office)
    listing = client.get(reverse("projects:meeting-list")).content.decode()
    assert 'data-count="meeting_proposals">1<' in listing
    client.post(reverse("projects:meeting-decline", args=[proposal.pk]), {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.PROPOSED
    client.post(
        reverse("projects:meeting-decline", args=[proposal.pk]), {"reason": "并入季度推进会研究"}
    )
    client.force_login(member(member_unit, Role.VIEWER))
    mine = client.get(reverse("projects:meeting-list") + "?mine=1").content.decode()
    assert "技能培训协调会" in mine
    assert "暂不召开" in mine
    page = client.get(reverse("projects:meeting-detail", args=[proposal.pk])).content.decode()
    assert "并入季度推进会研究" in page


def test_the_office_convenes_inviting_the_leading_groups_units_first(client, home, member_unit):
    group = LeadingGroupFactory(region=home["district"], office=home["office"])
    LeadingGroupMemberFactory(group=group, organization=member_unit)
    proposal = MeetingFactory(
        region=home["district"],
        title="技能培训协调会",
        status=MeetingStatus.PROPOSED,
        proposed_by=member_unit,
        reasons="培训",
        held_on=None,
    )
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:meeting-convene", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["group_units"].queryset) == [member_unit]
    assert member_unit not in form.fields["other_units"].queryset
    assert home["department"] in form.fields["other_units"].queryset
    day = today() + datetime.timedelta(days=7)
    response = client.post(
        url,
        {
            "title": "技能培训协调会",
            "held_on": day.isoformat(),
            "group_units": [member_unit.pk],
            "other_units": [home["township"].pk],
            "other_invitees": "市人社局职业能力建设处",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.CONVENED
    assert proposal.held_on == day
    assert set(proposal.attendees.all()) == {member_unit, home["township"]}
    # The township invited now sees the meeting; it was not the proposer.
    client.force_login(member(home["township"], Role.VIEWER))
    page = client.get(reverse("projects:meeting-detail", args=[proposal.pk])).content.decode()
    assert "市人社局职业能力建设处" in page
    assert "已通知召开" in page


def test_minutes_are_uploaded_checked_and_downloaded_by_those_who_see_the_meeting(
    client, home, elsewhere, member_unit
):
    meeting = MeetingFactory(
        region=home["district"],
        status=MeetingStatus.CONVENED,
        held_on=today(),
        attendees=[member_unit],
    )
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:meeting-record", args=[meeting.pk])
    data = {"title": meeting.title, "other_units": [member_unit.pk], "minutes": "研究培训安排"}
    fake = SimpleUploadedFile("纪要.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url, {**data, "held_on": today().isoformat(), "minutes_file": fake})
    assert "的内容不是 PDF 文件" in response.content.decode()
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "held_on": tomorrow})
    assert "会议日期不能晚于今天" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    response = client.post(
        url,
        {
            **data,
            "held_on": today().isoformat(),
            "minutes_file": SimpleUploadedFile("纪要.pdf", PDF),
        },
    )
    assert response.status_code == 302
    download = reverse("projects:meeting-minutes-file", args=[meeting.pk])
    client.force_login(member(member_unit, Role.VIEWER))
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    assert client.get(download).status_code == 404


def test_items_are_added_one_after_another_after_the_meeting(client, home, member_unit):
    meeting = MeetingFactory(region=home["district"], held_on=today())
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:action-item-add", args=[meeting.pk])
    due = (today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        url,
        {"description": "组织技能培训", "owner": member_unit.pk, "due_on": due, "another": "1"},
    )
    assert response["Location"] == url
    response = client.post(url, {"description": "核查工资发放", "owner": "", "due_on": due})
    assert "请选择责任单位" in response.content.decode()
    client.post(url, {"description": "核查工资发放", "owner": home["department"].pk, "due_on": due})
    assert meeting.action_items.count() == 2
    convened = MeetingFactory(region=home["district"], status=MeetingStatus.CONVENED)
    response = client.get(reverse("projects:action-item-add", args=[convened.pk]), follow=True)
    assert "会议召开后才能登记议定事项" in response.content.decode()


def test_the_owner_closes_its_item_with_what_was_done(client, home, world):
    item = world["item"]
    url = reverse("projects:action-item-complete", args=[item.pk])
    client.force_login(member(home["contractor"], Role.EDITOR))
    assert client.post(url, {"done_note": "x"}).status_code == 404
    client.force_login(member(home["department"], Role.EDITOR))
    response = client.post(url, {"done_on": today().isoformat(), "done_note": " "})
    assert "请填写办理情况" in response.content.decode()
    fake = SimpleUploadedFile("办理.pdf", b"MZ not a pdf")
    response = client.post(
        url, {"done_on": today().isoformat(), "done_note": "已落实", "done_file": fake}
    )
    assert "的内容不是 PDF 文件" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN
    response = client.post(
        url,
        {
            "done_on": today().isoformat(),
            "done_note": "已督促业主发布用工计划",
            "done_file": SimpleUploadedFile("办理.pdf", PDF),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert "已督促业主发布用工计划" in page
    file_url = reverse("projects:action-item-file", args=[item.pk])
    assert file_url in page
    assert b"".join(client.get(file_url).streaming_content) == PDF


def test_another_unit_that_sees_the_meeting_may_not_close_an_item(client, home, member_unit):
    meeting = MeetingFactory(region=home["district"], attendees=[member_unit])
    item = ActionItemFactory(meeting=meeting, owner=home["department"])
    client.force_login(member(member_unit, Role.EDITOR))
    page = client.get(reverse("projects:meeting-detail", args=[meeting.pk])).content.decode()
    assert item.description in page
    assert "办结" not in page
    url = reverse("projects:action-item-complete", args=[item.pk])
    assert client.post(url, {"done_note": "x"}).status_code == 403


def _meetings(home, member_unit, count: int) -> None:
    for number in range(count):
        meeting = MeetingFactory(
            region=home["district"],
            attendees=[member_unit, home["department"]],
            proposed_by=member_unit if number % 2 else None,
        )
        ActionItemFactory(meeting=meeting, owner=member_unit, due_on=today())


@pytest.mark.parametrize(
    "url_name", ["projects:meeting-list", "projects:action-item-list"], ids=["meetings", "items"]
)
def test_the_lists_run_the_same_queries_whatever_their_size(client, home, member_unit, url_name):
    client.force_login(member(home["office"], Role.VIEWER))
    url = reverse(url_name)
    counts = []
    for size in (2, 12):
        _meetings(home, member_unit, size - len(counts) * 2)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert ActionItem.objects.count() == 12
    assert counts[0] == counts[1], counts
