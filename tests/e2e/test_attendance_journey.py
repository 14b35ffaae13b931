"""The attendance pages in a browser (a contractor, on a phone and on a desktop):
the grid is entered by keyboard and saved, the flags shown, the summaries and records read;
every page checked by axe-core and, at 375 px, for controls beyond the screen's edge."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.models import Role
from tests.labor.factories_attendance import MONTH, attendance_world
from tests.portal.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}])
def test_a_contractor_enters_a_month_and_reads_the_summaries(
    page, home, log_in, check_page, screenshots, viewport
):
    world = attendance_world(home)
    editor = member(home["contractor"], Role.EDITOR)
    page.set_viewport_size(viewport)
    log_in(editor.username, TEST_PASSWORD)
    page.goto(
        reverse("labor:attendance-grid", args=[world["project"].pk]) + f"?month={MONTH:%Y-%m}"
    )
    check_page("grid")
    first = page.get_by_label("王五 10日")
    first.fill("√")
    first.press("ArrowRight")
    expect(page.get_by_label("王五 11日")).to_be_focused()
    page.keyboard.type("1")
    page.get_by_label("王五 8日").fill("0.5")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("新增 1 人")).to_be_visible()
    expect(page.get_by_test_id("flag-list")).to_contain_text("王五：8日不在其进场至退场期间")
    check_page("grid after save")
    page.screenshot(path=screenshots / f"attendance-grid-{viewport['width']}.png")
    page.goto(reverse("labor:attendance-summary") + f"?month={MONTH:%Y-%m}")
    check_page("summary")
    page.goto(reverse("labor:attendance-summary") + f"?month={MONTH:%Y-%m}&by=township")
    check_page("summary by township")
    page.goto(reverse("labor:attendance-records") + f"?month={MONTH:%Y-%m}")
    check_page("records")
    page.goto(reverse("labor:attendance-upload"))
    check_page("upload")
