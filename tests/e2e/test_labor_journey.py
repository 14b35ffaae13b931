"""Matching surveyed people to a published plan, as its users meet it: a township official
records two people on the survey's quick-entry page and refers both to a plan in the
township's inbox (on a phone); the contractor finds them on its to-do list, hires one — who
then stands on its roster — and declines the other with a reason (on a phone); the township
sees him working; the office reads how long the plan took and who was left out."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from labor.models import EngagementSource, LaborSurvey, Referral, ReferralStatus
from portal.demo import DEMO_PASSWORD
from portal.models import Organization
from projects.models import Project
from tests.labor.factories import id_number
from tests.projects.factories import LaborPlanFactory, PlanNoticeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
SKILL = "石笼编织"
PEOPLE = [("赵铁柱", True), ("钱秀英", False)]


def open_menu_entry(page, label: str) -> None:
    """The menu entry `label`; on a phone the menu folds behind its toggler."""
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():
        toggler.click()
    page.get_by_test_id("main-menu").get_by_role("link", name=label).click()


def published_plan(township: Organization):
    """A plan of one of contractor-01's projects on the township's ground, published to it
    today (the demo's plans are published by the owners' page, tested in projects), its
    period around today so that a hire may enter now."""
    project = (
        Project.objects.filter(contractors__code="contractor-01", ground__township=township.region)
        .order_by("code")
        .first()
    )
    assert project is not None, "演示数据中示范路桥应在该乡镇有项目"
    today = timezone.localdate()
    plan = LaborPlanFactory(
        project=project,
        stage=project.category.stages.order_by("order").first(),
        published=True,
        positions=1,
        skills=f"{SKILL}、砌筑",
        start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=60),
    )
    return PlanNoticeFactory(plan=plan, township=township)


def test_a_township_refers_surveyed_people_and_the_contractor_hires_one(
    page, demo_district, log_in, screenshots, check_page
):
    township = Organization.objects.get(code="town-02")
    notice = published_plan(township)
    plan = notice.plan
    survey = LaborSurvey.objects.filter(township=township).order_by("-year").first()
    assert survey is not None, "演示数据中每个乡镇都有摸底调查"

    # The township official records two people on the quick-entry page, on a phone.
    page.set_viewport_size(PHONE)
    log_in("township_editor", DEMO_PASSWORD)
    open_menu_entry(page, "摸底调查")
    check_page("survey list")
    page.goto(reverse("labor:survey-entry", args=[survey.pk]))
    check_page("quick entry")
    for name, male in PEOPLE:
        page.get_by_label("身份证号").fill(
            id_number(datetime.date(1979, 6, 1), male=male, area="140202")
        )
        page.get_by_label("姓名").fill(name)
        page.get_by_label("技能").fill(SKILL)
        page.get_by_label("脱贫人口").check()
        page.get_by_role("button", name="保存（回车）").click()
        expect(page.get_by_role("alert").filter(has_text=f"已录入：{name}")).to_be_visible()
    expect(page.get_by_test_id("recent-table")).to_contain_text("钱秀英")
    check_page("quick entry after two people")

    # It opens the plan from its 岗位推荐 page and refers both.
    open_menu_entry(page, "岗位推荐")
    expect(page.get_by_role("heading", name="岗位推荐")).to_be_visible()
    check_page("the township's plans")
    notice_url = reverse("labor:referral-notice", args=[notice.pk])
    page.locator(f'main a[href="{notice_url}"]').first.click()
    expect(page.get_by_test_id("plan-summary")).to_contain_text(plan.project.name)
    candidates = page.get_by_test_id("candidates")
    for name, _male in PEOPLE:
        row = candidates.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(SKILL)
        expect(row).to_contain_text("脱贫人口")
    check_page("the plan's candidates")
    page.screenshot(path=screenshots / "labor-referral-candidates-phone.png", full_page=True)
    for name, _male in PEOPLE:
        page.get_by_label(f"选择{name}").check()
    page.get_by_role("button", name="推荐所选人员").click()
    expect(page.get_by_role("alert").filter(has_text="已推荐 2 人")).to_be_visible()
    referred = page.get_by_test_id("notice-referrals")
    for name, _male in PEOPLE:
        expect(referred.get_by_role("row").filter(has_text=name)).to_contain_text("待施工单位答复")
    check_page("the plan's referrals")

    # The contractor, on a phone, finds them on its to-do list, hires one, declines the other.
    page.context.clear_cookies()
    log_in("contractor_editor", DEMO_PASSWORD)
    check_page("contractor dashboard")
    page.get_by_role("link", name="待答复的乡镇推荐人员").click()
    expect(page.get_by_role("heading", name="推荐人员答复")).to_be_visible()
    check_page("referrals awaiting an answer")
    page.get_by_role("link", name=re.compile("答复.*赵铁柱")).click()
    expect(page.get_by_test_id("referral-summary")).to_contain_text(plan.project.name)
    check_page("the referral, to answer")
    page.screenshot(path=screenshots / "labor-referral-answer-phone.png", full_page=True)
    expect(page.get_by_label("进场日期")).to_have_value(timezone.localdate().isoformat())
    page.get_by_role("button", name="录用并登记到名册").click()
    expect(page.get_by_role("alert").filter(has_text="已录用赵铁柱")).to_be_visible()
    expect(page.locator("[data-referral-status]")).to_have_text("已录用")
    check_page("the referral, accepted")
    page.get_by_role("link", name="查看用工名册").click()
    expect(page.get_by_test_id("roster-table")).to_contain_text("赵铁柱")
    check_page("the roster with the hire")

    open_menu_entry(page, "推荐人员答复")
    page.get_by_role("link", name="待答复", exact=True).click()
    page.get_by_role("link", name=re.compile("答复.*钱秀英")).click()
    page.get_by_role("button", name="不录用").click()
    expect(page.get_by_text("请填写未录用的原因。")).to_be_visible()
    check_page("decline without a reason")
    page.get_by_label("未录用原因").fill("本环节只招一名")
    page.get_by_role("button", name="不录用").click()
    expect(page.locator("[data-referral-status]")).to_have_text("未录用")

    hired = Referral.objects.get(plan=plan, worker__name="赵铁柱")
    assert hired.status == ReferralStatus.ACCEPTED
    assert hired.engagement.source == EngagementSource.REFERRAL

    # The township sees him working: on its pool page and on the plan's page.
    page.context.clear_cookies()
    log_in("township_editor", DEMO_PASSWORD)
    page.goto(reverse("labor:survey-pool"))
    expect(page.get_by_test_id("working-table")).to_contain_text("赵铁柱")
    check_page("the pool: who works where")
    page.goto(notice_url)
    referred = page.get_by_test_id("notice-referrals")
    expect(referred.get_by_role("row").filter(has_text="赵铁柱")).to_contain_text("进场")
    expect(referred.get_by_role("row").filter(has_text="钱秀英")).to_contain_text("本环节只招一名")
    check_page("the plan's referrals, answered")

    # The office reads the plan filled and the priority-group people left out.
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    log_in("office_editor", DEMO_PASSWORD)
    open_menu_entry(page, "人岗匹配")
    expect(page.get_by_role("heading", name="人岗匹配")).to_be_visible()
    check_page("matching: plans")
    row = page.get_by_test_id("plan-fills").get_by_role("row").filter(has_text=plan.stage.name)
    expect(row.filter(has_text=plan.project.name).first).to_contain_text(
        timezone.localdate().isoformat()
    )
    page.locator('[data-count="unhired"]').click()
    expect(page.get_by_role("heading", name="被推荐但从未录用的重点群体人员")).to_be_visible()
    check_page("matching: referred, never hired")
    page.screenshot(path=screenshots / "labor-matching-office.png", full_page=True)

    # The office opens the hired man's record: his work on the plan's project is there.
    page.goto(reverse("labor:worker-detail", args=[hired.worker_id]))
    expect(page.get_by_test_id("worker-history")).to_contain_text(plan.project.name)
    check_page("the worker's page with his work")
