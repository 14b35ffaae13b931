"""The quick-entry page in a real browser, on a phone and by keyboard alone: Enter saves from
any field, the page comes back empty with the cursor in the ID field and the row on top of
本次已录入; the survey, pool, briefing and coverage pages pass the accessibility check."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from labor.models import SurveyResponse
from portal.models import Role
from tests.labor.factories import id_number
from tests.labor.factories_surveys import survey_world, township_editor
from tests.portal.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


def test_a_township_official_enters_rows_by_keyboard_on_a_phone(page, log_in, check_page, home):
    world = survey_world(home)
    page.set_viewport_size(PHONE)
    log_in(township_editor(home).username, TEST_PASSWORD)
    page.goto(reverse("labor:survey-entry", args=[world["survey"].pk]))
    check_page("quick entry")
    numbers = [id_number(datetime.date(1980, 5, 1)), id_number(datetime.date(1985, 7, 2))]
    for number, name in zip(numbers, ["键盘甲", "键盘乙"], strict=True):
        id_field = page.get_by_label("身份证号", exact=True)
        expect(id_field).to_be_focused()
        page.keyboard.type(number)
        page.keyboard.press("Tab")
        page.keyboard.type(name)
        page.get_by_label("或填写月份").fill("3-11")
        page.get_by_label("脱贫人口").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")  # from a checkbox: portal.js submits
        expect(page.get_by_role("alert").filter(has_text=f"已录入：{name}")).to_be_visible()
        expect(page.get_by_label("身份证号", exact=True)).to_have_value("")
    first_row = page.get_by_test_id("recent-table").locator("tbody tr").first
    expect(first_row).to_contain_text("键盘乙")
    check_page("quick entry after two rows")
    page.get_by_label("身份证号", exact=True).fill("140214900101123")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("error-id_number")).to_contain_text("15位的旧身份证号")
    check_page("quick entry with an error")
    saved = SurveyResponse.objects.get(name="键盘乙")
    assert saved.months_available == "001111111110"
    assert saved.group_list == ["脱贫人口"]
    for name in ("labor:survey-list", "labor:survey-pool", "labor:briefing-list"):
        page.goto(reverse(name))
        check_page(name)
    page.goto(reverse("labor:survey-detail", args=[world["survey"].pk]))
    check_page("survey detail")
    page.goto(reverse("labor:briefing-record"))
    check_page("briefing form")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(member(home["office"], Role.VIEWER).username, TEST_PASSWORD)
    page.goto(reverse("labor:survey-coverage"))
    expect(page.get_by_test_id("coverage-table")).to_contain_text("测试村1-1：调查1人")
    check_page("coverage")
