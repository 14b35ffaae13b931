"""Seed 001: a township proposes a project of its ground; the office returns it with a
reason; the township corrects and resubmits it; the office adopts it into this year's list.
Seed 000: 行政审批局 pre-reviews it, finds work relief not carried (未落实), and the office sees
the project flagged."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import OrganizationKind, Role
from projects.models import AnnualListEntry, PreReview, ProjectStatus, Proposal, ProposalStatus
from tests.portal.factories import TEST_PASSWORD, OrganizationFactory, member
from tests.projects.factories import project_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAME = "测试镇前进村产业路硬化工程"


def switch_user(page, log_in, user) -> None:
    page.context.clear_cookies()
    log_in(user.username, TEST_PASSWORD)


def test_a_township_proposal_is_returned_resubmitted_adopted_and_pre_reviewed(
    page, home, log_in, screenshots, check_page
):
    world = project_world(home)  # the district's directory in use, an owner
    year = timezone.localdate().year
    township = member(home["township"], Role.EDITOR, username="town_official")
    office = member(home["office"], Role.EDITOR, username="office_official")
    approval = OrganizationFactory(
        code="member-approval",
        name="测试区行政审批服务管理局",
        short_name="行政审批局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )
    reviewer = member(approval, Role.EDITOR, username="approval_official")

    # The township drafts its proposal, on a phone-sized screen first.
    log_in(township.username, TEST_PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.get_by_role("button", name="展开导航").click()
    page.get_by_test_id("main-menu").get_by_role("link", name="项目申报").click()
    expect(page.get_by_role("heading", name="项目申报")).to_be_visible()
    check_page("proposals of the township, phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="新建申报").click()
    check_page("proposal form")
    page.get_by_label("申报年度").select_option(value=str(year))
    page.get_by_label("项目编码").fill("SB-J-001")
    page.get_by_label("项目名称").fill(NAME)
    page.get_by_label("项目层级").select_option(label="区级")
    page.get_by_label("建设领域").select_option(label="交通")
    page.get_by_label("具体类别").select_option(label="交通 · 公路建设")
    page.get_by_label("行业主管部门").select_option(label=home["department"].name)
    page.get_by_label("项目业主单位").select_option(label=world["owner"].name)
    page.get_by_label("总投资（万元）").fill("320")
    page.get_by_label("政府投资（万元）").fill("320")
    page.get_by_label("其中以工代赈资金（万元）").fill("48")
    page.get_by_label("计划开工日期").fill(f"{year}-03-01")
    page.get_by_label("计划完工日期").fill(f"{year}-11-30")
    page.get_by_label("预计吸纳当地务工人数").fill("45")
    page.get_by_label("预计发放劳务报酬（万元）").fill("54")
    page.screenshot(path=screenshots / "proposal-form.png", full_page=True)
    page.get_by_role("button", name="保存草稿").click()
    tab = page.get_by_test_id("proposal-tab")
    expect(tab.locator("[data-proposal-status]")).to_have_text("草稿")
    check_page("proposal tab, draft")
    tab.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("alert").filter(has_text="已提交")).to_be_visible()
    expect(tab.locator("[data-proposal-status]")).to_have_text("待审核")
    proposal = Proposal.objects.get(project__code="SB-J-001")
    assert (proposal.proposer, proposal.round) == (home["township"], 1)

    # The office returns it with a reason.
    switch_user(page, log_in, office)
    todo = page.get_by_test_id("todo").get_by_role("link", name="待审核的项目申报")
    todo.click()
    queue = page.get_by_test_id("proposal-table")
    row = queue.get_by_role("row").filter(has_text=NAME)
    check_page("review queue")
    page.screenshot(path=screenshots / "proposal-review.png", full_page=True)
    row.get_by_role("link", name="审核").click()
    check_page("decision form")
    page.get_by_label("退回修改").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("退回申报须写明退回原因")).to_be_visible()
    check_page("decision form, refused")
    page.get_by_label("退回修改").check()
    page.get_by_label("审核意见").fill("请补充用工环节和劳务报酬测算表")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").filter(has_text="已退回")).to_be_visible()

    # The township sees why, corrects and resubmits.
    switch_user(page, log_in, township)
    page.get_by_test_id("todo").get_by_role("link", name="被退回待修改的项目申报").click()
    page.get_by_test_id("proposal-table").get_by_role("link", name=NAME).click()
    tab = page.get_by_test_id("proposal-tab")
    expect(tab.get_by_test_id("decision-reason")).to_have_text("请补充用工环节和劳务报酬测算表")
    page.set_viewport_size({"width": 375, "height": 800})
    check_page("proposal tab, returned, phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    check_page("proposal tab, returned")
    tab.get_by_role("link", name="修改申报").click()
    page.get_by_label("预计吸纳当地务工人数").fill("60")
    page.get_by_label("建设内容").fill("路基土石方、砌筑由当地群众承担，劳务报酬测算见附表。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_test_id("proposal-tab").get_by_role("button", name="重新提交审核").click()
    expect(page.get_by_role("alert").filter(has_text="已提交")).to_be_visible()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (ProposalStatus.SUBMITTED, 2)
    assert proposal.project.forecasts.get(year=year).local_workers == 60

    # The office adopts it into this year's list.
    switch_user(page, log_in, office)
    page.get_by_test_id("main-menu").get_by_role("link", name="申报审核").click()
    page.get_by_test_id("proposal-table").get_by_role("row").filter(has_text=NAME).get_by_role(
        "link", name="审核"
    ).click()
    expect(page.get_by_test_id("decision-reason")).to_contain_text("请补充用工环节")
    page.get_by_label("列入年度清单").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").filter(has_text="已列入年度清单")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.project.status == ProjectStatus.LISTED
    assert AnnualListEntry.objects.filter(project=proposal.project, annual_list__year=year).exists()
    page.get_by_role("link", name="本年与上年对比").click()
    expect(page.get_by_test_id("comparison-township")).to_contain_text(home["township"].name)
    check_page("comparison")
    page.screenshot(path=screenshots / "proposal-comparison.png", full_page=True)

    # 行政审批局 pre-reviews the feasibility study: work relief not carried.
    switch_user(page, log_in, reviewer)
    check_page("member unit dashboard")
    page.goto(f"/projects/{proposal.project.code}/?tab=prereview")
    check_page("pre-review tab")
    page.get_by_role("link", name="记录预审").click()
    page.get_by_label("审查要件").select_option(label="可行性研究报告（资金申请报告）")
    page.get_by_label("未落实").check()
    page.get_by_role("button", name="保存预审").click()
    expect(page.get_by_text("须在要件中补充")).to_be_visible()
    check_page("pre-review form, refused")
    page.get_by_label("未落实").check()
    page.get_by_label("需补充完善的内容").fill("可研报告未列明可向当地群众提供的就业岗位")
    page.get_by_role("button", name="保存预审").click()
    expect(page.get_by_role("alert").filter(has_text="已记录预审")).to_be_visible()
    expect(page.get_by_test_id("prereview-tab")).to_contain_text("可研报告未列明")
    assert PreReview.objects.get(project=proposal.project).reviewer == approval

    # The office sees it flagged, and the number on its dashboard is the list's.
    switch_user(page, log_in, office)
    card = page.get_by_test_id("prereview-card")
    expect(card.locator('[data-count="prereview-not_passed"]')).to_have_text("1")
    card.get_by_role("link", name=re.compile("预审未落实")).click()
    table = page.get_by_test_id("prereview-table")
    expect(table.get_by_role("row").filter(has_text=NAME)).to_contain_text("未落实")
    check_page("flagged pre-reviews")
    page.screenshot(path=screenshots / "prereview-list.png", full_page=True)
