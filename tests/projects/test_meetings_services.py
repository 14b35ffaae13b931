"""The services of coordination meetings (projects/services/meetings.py): who may propose,
convene, decline, record and close; what is refused; what each leaves in the audit log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects import selectors, services
from projects.models import ActionItemStatus, Meeting, MeetingStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ActionItemFactory, MeetingFactory, ProjectFactory

PDF = b"%PDF-1.4 minutes"


def today() -> datetime.date:
    return timezone.localdate()


def content(stored) -> bytes:
    with stored.open("rb") as file:
        return file.read()


def scope_of(organization, role=Role.EDITOR) -> Scope:
    return Scope.for_user(member(organization, role))


@pytest.fixture
def member_unit(home):
    return OrganizationFactory(
        code="member-hrss",
        name="测试区人力资源和社会保障局",
        short_name="人社局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )


@pytest.fixture
def proposal(member_unit):
    return services.meeting_propose(
        scope=scope_of(member_unit), title="务工人员技能培训协调会", reasons="培训机构不足"
    )


def test_a_member_unit_proposes_and_the_office_sees_it(home, member_unit, proposal):
    assert proposal.status == MeetingStatus.PROPOSED
    assert proposal.proposed_by == member_unit
    assert proposal.region == home["district"]
    office = scope_of(home["office"], Role.VIEWER)
    assert selectors.meeting_proposal_count(scope=office) == 1
    assert AuditEntry.objects.filter(action="meeting.propose", object_id=str(proposal.pk)).exists()


def test_a_department_proposes_too_but_not_a_township_nor_a_viewer(home, member_unit):
    services.meeting_propose(scope=scope_of(home["department"]), title="交通项目", reasons="用工")
    for scope in (scope_of(home["township"]), scope_of(member_unit, Role.VIEWER)):
        with pytest.raises(PermissionDenied):
            services.meeting_propose(scope=scope, title="议题", reasons="理由")
    with pytest.raises(PermissionDenied):  # the office convenes; it does not propose to itself
        services.meeting_propose(scope=scope_of(home["office"]), title="议题", reasons="理由")


def test_a_proposal_without_reasons_is_refused(member_unit):
    with pytest.raises(ValidationError) as refusal:
        services.meeting_propose(scope=scope_of(member_unit), title="议题", reasons="  ")
    assert "理由" in refusal.value.message_dict["reasons"][0]
    assert not Meeting.objects.exists()


def test_the_office_convenes_a_proposal_inviting_units_and_experts(home, member_unit, proposal):
    day = today() + datetime.timedelta(days=5)
    meeting = services.meeting_convene(
        scope=scope_of(home["office"]),
        meeting=proposal,
        title=proposal.title,
        held_on=day,
        attendees=[member_unit, home["department"]],
        other_invitees="市发展改革委以工代赈处\n\n  某大学 张教授 ",
    )
    assert meeting.status == MeetingStatus.CONVENED
    assert meeting.held_on == day
    assert set(meeting.attendees.all()) == {member_unit, home["department"]}
    assert meeting.other_invitees == "市发展改革委以工代赈处\n某大学 张教授"
    entry = AuditEntry.objects.get(action="meeting.convene")
    assert member_unit.name in entry.summary
    assert "邀请 2 个单位" in entry.summary


def test_only_the_office_convenes_and_declines(home, member_unit, proposal):
    for scope in (scope_of(member_unit), scope_of(home["department"])):
        with pytest.raises(PermissionDenied):
            services.meeting_convene(
                scope=scope, meeting=proposal, title="x", held_on=today(), attendees=[member_unit]
            )
        with pytest.raises(PermissionDenied):
            services.meeting_decline(scope=scope, meeting=proposal, reason="不")
    with pytest.raises(PermissionDenied):
        services.meeting_convene(
            scope=scope_of(home["office"], Role.VIEWER),
            meeting=proposal,
            title="x",
            held_on=today(),
            attendees=[member_unit],
        )


def test_convening_in_the_past_or_inviting_an_outsider_or_nobody_is_refused(
    home, elsewhere, proposal
):
    office = scope_of(home["office"])
    cases = [
        (
            {"held_on": today() - datetime.timedelta(days=1), "attendees": [home["department"]]},
            "held_on",
        ),
        ({"held_on": today(), "attendees": [elsewhere["office"]]}, "attendees"),
        ({"held_on": today(), "attendees": []}, "attendees"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as refusal:
            services.meeting_convene(scope=office, meeting=proposal, title="x", **arguments)
        assert field in refusal.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.PROPOSED


def test_the_office_declines_with_a_reason_the_proposer_reads(home, member_unit, proposal):
    office = scope_of(home["office"])
    with pytest.raises(ValidationError):
        services.meeting_decline(scope=office, meeting=proposal, reason="")
    services.meeting_decline(scope=office, meeting=proposal, reason="并入第四季度推进会研究")
    mine = selectors.meeting_list(scope=scope_of(member_unit, Role.VIEWER))
    assert [(m.status, m.decline_reason) for m in mine] == [
        (MeetingStatus.DECLINED, "并入第四季度推进会研究")
    ]
    with pytest.raises(ValidationError):  # a declined proposal is not convened afterwards
        services.meeting_convene(
            scope=office, meeting=proposal, title="x", held_on=today(), attendees=[member_unit]
        )


def test_a_meeting_held_tomorrow_is_refused_and_minutes_are_checked(home, proposal):
    office = scope_of(home["office"])
    services.meeting_convene(
        scope=office, meeting=proposal, title="x", held_on=today(), attendees=[home["department"]]
    )
    with pytest.raises(ValidationError) as refusal:
        services.meeting_record_held(
            scope=office,
            meeting=proposal,
            held_on=today() + datetime.timedelta(days=1),
            attendees=[home["department"]],
        )
    assert "不能晚于今天" in refusal.value.message_dict["held_on"][0]
    page = SimpleUploadedFile("纪要.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as refusal:
        services.meeting_record_held(
            scope=office,
            meeting=proposal,
            held_on=today(),
            attendees=[home["department"]],
            minutes_file=page,
        )
    assert "不是 PDF 文件" in refusal.value.message_dict["minutes_file"][0]
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.CONVENED
    assert not proposal.minutes_file
    services.meeting_record_held(
        scope=office,
        meeting=proposal,
        held_on=today(),
        attendees=[home["department"]],
        minutes="研究了培训安排",
        minutes_file=SimpleUploadedFile("纪要.pdf", PDF),
    )
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.HELD
    assert content(proposal.minutes_file) == PDF
    first = proposal.minutes_file.name
    services.meeting_record_held(
        scope=office,
        meeting=proposal,
        held_on=today(),
        attendees=[home["department"]],
        minutes_file=SimpleUploadedFile("纪要（签发稿）.pdf", PDF + b" signed"),
    )
    proposal.refresh_from_db()
    assert content(proposal.minutes_file) == PDF + b" signed"
    # The earlier minutes stay in storage and the log names the file replaced.
    assert proposal.minutes_file.storage.exists(first)
    entry = AuditEntry.objects.filter(action="meeting.record").latest("pk")
    assert entry.changes == {"会议纪要文件": [first, proposal.minutes_file.name]}


def test_an_oversized_minutes_file_is_refused(home, settings, monkeypatch):
    import projects.services.archives as archives

    monkeypatch.setattr(archives, "MAX_DOCUMENT_SIZE", 10)
    with pytest.raises(ValidationError) as refusal:
        services.meeting_create(
            scope=scope_of(home["office"]),
            title="会",
            held_on=today(),
            attendees=[],
            minutes_file=SimpleUploadedFile("纪要.pdf", PDF + b" " * 20),
        )
    assert "超过" in refusal.value.message_dict["minutes_file"][0]
    assert not Meeting.objects.exists()


def test_action_items_come_after_the_meeting_and_need_owner_of_the_region(home, elsewhere):
    office = scope_of(home["office"])
    convened = MeetingFactory(region=home["district"], status=MeetingStatus.CONVENED)
    with pytest.raises(ValidationError):
        services.action_item_add(
            scope=office,
            meeting=convened,
            description="x",
            owner=home["department"],
            due_on=today(),
        )
    held = MeetingFactory(region=home["district"], held_on=today() - datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as refusal:
        services.action_item_add(
            scope=office, meeting=held, description="x", owner=elsewhere["office"], due_on=today()
        )
    assert "owner" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        services.action_item_add(
            scope=office,
            meeting=held,
            description="x",
            owner=home["department"],
            due_on=today() - datetime.timedelta(days=5),
        )
    assert "due_on" in refusal.value.message_dict
    project = ProjectFactory(region=home["district"])
    for number in range(3):  # as many as needed
        services.action_item_add(
            scope=office,
            meeting=held,
            description=f"事项{number}",
            owner=home["department"],
            due_on=today(),
            project=project,
        )
    assert held.action_items.count() == 3
    assert AuditEntry.objects.filter(action="action_item.add").count() == 3
    with pytest.raises(PermissionDenied):
        services.action_item_add(
            scope=scope_of(home["department"]),
            meeting=held,
            description="x",
            owner=home["department"],
            due_on=today(),
        )


def test_closing_needs_what_was_done_and_the_owner_or_the_office(home, member_unit):
    meeting = MeetingFactory(region=home["district"], attendees=[member_unit])
    item = ActionItemFactory(meeting=meeting, owner=member_unit)
    with pytest.raises(PermissionDenied):  # another unit, though it sees the meeting
        services.action_item_complete(
            scope=scope_of(home["department"]), item=item, done_note="做了"
        )
    with pytest.raises(PermissionDenied):
        services.action_item_complete(
            scope=scope_of(member_unit, Role.VIEWER), item=item, done_note="做了"
        )
    with pytest.raises(ValidationError) as refusal:
        services.action_item_complete(scope=scope_of(member_unit), item=item, done_note="  ")
    assert "办理情况" in refusal.value.message_dict["done_note"][0]
    with pytest.raises(ValidationError) as refusal:
        services.action_item_complete(
            scope=scope_of(member_unit),
            item=item,
            done_note="做了",
            on=today() + datetime.timedelta(days=1),
        )
    assert "done_on" in refusal.value.message_dict
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN
    editor = member(member_unit, Role.EDITOR)
    services.action_item_complete(
        scope=Scope.for_user(editor),
        item=item,
        done_note="已组织 3 期技能培训，培训 240 人次",
        done_file=SimpleUploadedFile("培训台账.pdf", PDF),
    )
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_by) == (ActionItemStatus.DONE, today(), editor)
    assert item.done_note == "已组织 3 期技能培训，培训 240 人次"
    assert content(item.done_file) == PDF
    entry = AuditEntry.objects.get(action="action_item.complete")
    assert "240 人次" in entry.summary
    with pytest.raises(ValidationError):  # closed once
        services.action_item_complete(scope=scope_of(home["office"]), item=item, done_note="再")


def test_the_office_closes_any_item_of_its_region(home, world):
    services.action_item_complete(
        scope=scope_of(home["office"]), item=world["item"], done_note="已协调落实"
    )
    world["item"].refresh_from_db()
    assert world["item"].status == ActionItemStatus.DONE


def test_a_member_unit_sees_the_meetings_it_attends_or_proposed_only(home, member_unit, proposal):
    invited = MeetingFactory(region=home["district"], title="邀请的会", attendees=[member_unit])
    MeetingFactory(region=home["district"], title="别的会", attendees=[home["department"]])
    seen = {m.title for m in selectors.meeting_list(scope=scope_of(member_unit, Role.VIEWER))}
    assert seen == {proposal.title, invited.title}
    office_sees = selectors.meeting_list(scope=scope_of(home["office"], Role.VIEWER))
    assert office_sees.count() == 3


def test_a_co_lead_department_convenes_and_sees_the_region_until_unnamed(
    home, member_unit, proposal
):
    agriculture = OrganizationFactory(
        code="dept-agri",
        name="测试区农业农村局",
        kind=OrganizationKind.DEPARTMENT,
        region=home["district"],
    )
    other_project = ProjectFactory(region=home["district"], department=home["department"])
    editor = member(agriculture, Role.EDITOR)
    assert other_project not in selectors.project_list(scope=Scope.for_user(editor))
    with pytest.raises(PermissionDenied):
        services.meeting_convene(
            scope=Scope.for_user(editor),
            meeting=proposal,
            title=proposal.title,
            held_on=today(),
            attendees=[member_unit],
        )
    admin = scope_of(home["office"], Role.ADMIN)
    services.organization_set_co_lead(scope=admin, organization=agriculture, co_lead=True)
    co_lead = Scope.for_user(editor)
    assert co_lead.is_office
    assert other_project in selectors.project_list(scope=co_lead)
    services.meeting_convene(
        scope=co_lead,
        meeting=proposal,
        title=proposal.title,
        held_on=today(),
        attendees=[member_unit],
    )
    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.CONVENED
    services.organization_set_co_lead(scope=admin, organization=agriculture, co_lead=False)
    unnamed = Scope.for_user(editor)
    assert other_project not in selectors.project_list(scope=unnamed)
    with pytest.raises(PermissionDenied):
        services.meeting_record_held(
            scope=unnamed, meeting=proposal, held_on=today(), attendees=[member_unit]
        )
