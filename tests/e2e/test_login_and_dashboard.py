"""A user's first minutes: log in, see the dashboard in Chinese, see only one's own menu."""

import re

import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_sees_the_chinese_dashboard_with_its_menu(
    page, demo_district, log_in, screenshots, check_page
):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="以工代赈协调平台")).to_be_visible()
    check_page("login")
    page.screenshot(path=screenshots / "login.png", full_page=True)

    log_in("office_admin", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("赵主任")
    expect(page.locator('[data-count="townships"]')).to_have_text("8")
    expect(page.locator('[data-count="categories"]')).to_have_text("25")
    menu = page.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="单位与成员")).to_be_visible()
    check_page("office dashboard")
    page.screenshot(path=screenshots / "dashboard-office.png", full_page=True)

    menu.get_by_role("link", name="单位与成员").click()
    expect(page.get_by_role("heading", name="单位与成员")).to_be_visible()
    expect(page.get_by_role("link", name="示范路桥建设集团有限公司")).to_be_visible()
    check_page("organisations")


def test_contractor_does_not_see_the_office_menu(
    page, demo_district, log_in, screenshots, check_page
):
    log_in("contractor_editor", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    menu = page.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="工作台")).to_be_visible()
    expect(menu.get_by_role("link", name="单位与成员")).to_have_count(0)
    expect(page.locator('[data-count="townships"]')).to_have_count(0)
    check_page("contractor dashboard")
    page.screenshot(path=screenshots / "dashboard-contractor.png", full_page=True)

    page.goto("/organizations/")
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    check_page("403")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
