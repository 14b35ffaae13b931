"""The training, labour organisation and maintenance pages in a real browser: each passes the
accessibility check, at 1366 px and, for the roles that work from a phone, at 375 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from labor.models import TrainingKind, TrainingMode
from portal.models import Role
from tests.labor.factories import contractor_editor, labor_world
from tests.labor.factories_training import maintenance_world, training_world
from tests.portal.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


def test_a_contractor_records_training_in_a_browser_on_a_phone(page, log_in, check_page, home):
    """人社's ledger and the contractor's forms pass the accessibility check, at 1366 px and
    (the contractor) at 375 px."""
    world = training_world(home)
    office = member(home["office"], Role.VIEWER)
    log_in(office.username, TEST_PASSWORD)
    page.goto(reverse("labor:training-list"))
    expect(page.get_by_test_id("training-totals")).to_contain_text("16")
    check_page("ledger")
    page.goto(reverse("labor:training-detail", args=[world["session"].pk]))
    check_page("session")
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(contractor_editor(home).username, TEST_PASSWORD)
    page.goto(reverse("labor:training-create"))
    check_page("record form")
    page.get_by_label("培训类别").select_option(TrainingKind.SAFETY)
    page.get_by_label("培训模式").select_option(TrainingMode.ON_SITE)
    page.get_by_label("培训名称").fill("进场安全教育")
    page.get_by_label("培训机构").fill("测试建设有限公司")
    page.get_by_label("项目", exact=True).select_option(world["project"].code)
    page.get_by_label("学时").fill("4")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="登记参训人员")).to_be_visible()
    check_page("participants form")
    page.get_by_label("从项目用工名册中选择").select_option(
        label=f"{world['worker'].name} {world['worker'].masked_id_number}"
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("training-participants")).to_contain_text(world["worker"].name)
    check_page("session with a participant")
    page.get_by_role("link", name="修改").click()
    expect(page.get_by_role("heading", name="修改培训")).to_be_visible()
    check_page("edit form")
    page.get_by_label("学时").fill("6")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("培训已修改。")).to_be_visible()
    expect(page.get_by_test_id("training-session")).to_contain_text("6")


def test_organisation_and_maintenance_pages(page, log_in, check_page, home):
    world = maintenance_world(home)
    labor = labor_world(home)
    page.set_viewport_size(PHONE)
    log_in(labor["editor"].username, TEST_PASSWORD)
    page.goto(reverse("labor:organization-mine"))
    check_page("the labour organisation's page")
    page.get_by_role("link", name="新增队伍").click()
    check_page("team form")
    page.get_by_label("队伍名称").fill("石匠班")
    page.get_by_label("可组织人数").fill("8")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("team-table")).to_contain_text("石匠班")
    check_page("with a team")
    page.goto(reverse("labor:organization-members", args=[labor["labor_org"].code]))
    check_page("members")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(member(home["office"], Role.EDITOR).username, TEST_PASSWORD)
    page.goto(reverse("labor:organization-list"))
    check_page("the office's list")
    page.goto(reverse("labor:organization-profile", args=[labor["labor_org"].code]))
    check_page("profile form")
    page.goto(reverse("labor:maintenance-list"))
    expect(page.get_by_test_id("maintenance-projects")).to_contain_text(world["project"].name)
    check_page("maintenance")
    page.goto(reverse("projects:project-detail", args=[world["project"].code]) + "?tab=maintenance")
    expect(page.get_by_test_id("maintenance-workers")).to_contain_text(world["newcomer"].name)
    check_page("the project's maintenance tab")
