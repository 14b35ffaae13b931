"""A member unit proposes a coordination meeting; the office convenes it inviting from the
leading group, records it with its minutes and two action items; the owner closes one with
what was done; everyone reads the leading group, on a desk and on a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import OrganizationKind, Role
from projects.models import ActionItem, ActionItemStatus, GroupRole, Meeting, MeetingStatus
from tests.portal.factories import TEST_PASSWORD, OrganizationFactory, member
from tests.projects.factories import LeadingGroupFactory, LeadingGroupMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MINUTES = b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n"


@pytest.fixture
def region(home):
    """The home district with 人社局 (a member unit), 财政局, and this year's leading group."""
    hrss = OrganizationFactory(
        code="member-hrss",
        name="测试区人力资源和社会保障局",
        short_name="人社局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )
    finance = OrganizationFactory(
        code="member-finance",
        name="测试区财政局",
        short_name="财政局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )
    group = LeadingGroupFactory(region=home["district"], office=home["office"])
    LeadingGroupMemberFactory(
        group=group, role=GroupRole.LEADER, person_name="刘志刚", post="区人民政府区长", order=1
    )
    for order, (name, unit) in enumerate(
        [("施红霞", hrss), ("朱建平", finance), ("周立新", home["department"])], start=2
    ):
        LeadingGroupMemberFactory(group=group, person_name=name, organization=unit, order=order)
    return {
        **home,
        "hrss": hrss,
        "hrss_editor": member(hrss, Role.EDITOR, username="hrss_editor"),
        "office_editor": member(home["office"], Role.EDITOR, username="drc_editor"),
    }


def test_a_proposal_becomes_a_meeting_with_minutes_and_closed_items(
    page, region, log_in, check_page, screenshots, tmp_path
):
    today = timezone.localdate()
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(MINUTES)

    # 人社局 proposes a meeting.
    log_in("hrss_editor", TEST_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="协调会议").click()
    check_page("meetings, member unit")
    page.get_by_role("link", name="建议召开会议").click()
    check_page("proposal form")
    page.get_by_label("会议议题").fill("以工代赈务工人员冬季技能培训")
    page.get_by_label("建议理由").fill("冬季停工期间务工人员较多，需协调应急局和乡镇共同组织培训。")
    page.get_by_role("button", name="提交建议").click()
    expect(page.get_by_test_id("proposal")).to_contain_text("协调机制办公室研究中")
    check_page("proposal sent")

    # The office convenes it, inviting from the leading group.
    page.context.clear_cookies()
    log_in("drc_editor", TEST_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="协调会议").click()
    expect(page.get_by_test_id("pending-proposals")).to_contain_text("1 项待研究")
    check_page("meetings, office")
    page.get_by_role("link", name="以工代赈务工人员冬季技能培训").click()
    page.get_by_role("link", name="通知召开").click()
    expect(page.get_by_label("会议名称")).to_have_value("以工代赈务工人员冬季技能培训协调会")
    expect(page.get_by_label("测试区人力资源和社会保障局（成员单位）").first).to_be_checked()
    expect(page.get_by_label("测试区财政局（成员单位）")).to_be_checked()
    check_page("convene form")
    page.get_by_label("会议日期").fill(today.isoformat())
    page.get_by_label("邀请的其他单位和专家").fill("市人社局职业能力建设处")
    page.get_by_role("button", name="通知召开").click()
    expect(page.locator("h1")).to_contain_text("已通知召开")
    expect(page.get_by_test_id("attendees")).to_contain_text("人社局")
    check_page("meeting convened")

    # After the meeting: the minutes, then two action items.
    page.get_by_role("link", name="登记会议召开情况").click()
    check_page("record form")
    page.get_by_label("会议纪要（摘要）").fill(
        "研究部署冬季技能培训，明确人社局牵头、财政局保障经费。"
    )
    page.get_by_label("会议纪要文件").set_input_files(minutes)
    page.get_by_role("button", name="保存会议情况").click()
    expect(page.get_by_test_id("minutes")).to_contain_text("研究部署冬季技能培训")
    expect(page.get_by_role("link", name="下载会议纪要文件")).to_be_visible()
    check_page("meeting held")
    due = (today + datetime.timedelta(days=20)).isoformat()
    page.get_by_role("link", name="登记议定事项").click()
    check_page("action item form")
    page.get_by_label("议定事项").fill("组织两期冬季技能培训")
    page.get_by_label("责任单位").select_option(label="测试区人力资源和社会保障局（成员单位）")
    page.get_by_label("完成时限").fill(due)
    page.get_by_role("button", name="保存并继续添加").click()
    expect(page.locator(".alert-success")).to_contain_text("组织两期冬季技能培训")
    page.get_by_label("议定事项").fill("落实培训补贴资金")
    page.get_by_label("责任单位").select_option(label="测试区财政局（成员单位）")
    page.get_by_label("完成时限").fill(due)
    page.get_by_role("button", name="保存", exact=True).click()
    items = page.get_by_test_id("action-items")
    expect(items).to_contain_text("组织两期冬季技能培训")
    expect(items).to_contain_text("落实培训补贴资金")
    check_page("meeting with items")
    page.screenshot(path=screenshots / "meeting-held.png", full_page=True)
    meeting = Meeting.objects.get(title="以工代赈务工人员冬季技能培训协调会")
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes_file

    # 人社局 closes its item with what was done.
    page.context.clear_cookies()
    log_in("hrss_editor", TEST_PASSWORD)
    page.goto("/meetings/items/?mine=1")
    check_page("my action items")
    mine = page.get_by_test_id("action-item-table").get_by_role("row")
    mine.filter(has_text="组织两期冬季技能培训").get_by_role("link", name="办结").click()
    check_page("close form")
    page.get_by_role("button", name="办结").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("请填写办理情况")
    page.get_by_role("textbox", name="办理情况").fill("已组织两期培训，培训务工人员 86 人次。")
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("done-note")).to_contain_text("培训务工人员 86 人次")
    check_page("item closed")
    item = ActionItem.objects.get(description="组织两期冬季技能培训")
    assert item.status == ActionItemStatus.DONE
    assert ActionItem.objects.get(description="落实培训补贴资金").status == ActionItemStatus.OPEN

    # Everyone reads the leading group; on a phone too.
    page.goto("/leading-group/")
    expect(page.get_by_test_id("leaders")).to_contain_text("刘志刚")
    expect(page.get_by_test_id("group-members")).to_contain_text("施红霞")
    check_page("leading group")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    check_page("leading group, phone")
    page.goto(f"/meetings/{meeting.pk}/")
    check_page("meeting, phone")
    page.screenshot(path=screenshots / "meeting-phone.png", full_page=True)
