"""Readable by everyone and usable on a phone (issue 16): a township official and a contractor
work from a 375 px phone, the office from a 1366 px desktop; `check_page()` runs axe-core
(WCAG 2.1 A/AA, serious and critical) on every page and, on the phone, fails when a link or
button of the page's main content lies beyond the right edge of the screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from projects.models import AnnualList, Meeting, PlanNotice, Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1366, "height": 768}

# Every element of the page that wraps over more than one line although marked text-nowrap.
WRAPPED_NOWRAP = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.offsetParent !== null && el.getClientRects().length > 1)
  .map((el) => el.textContent.trim())
"""
# Header cells of <main> with no text a screen reader can read.
EMPTY_HEADER_CELLS = """
() => [...document.querySelectorAll("main th")]
  .filter((th) => !th.textContent.trim() && !th.getAttribute("aria-label"))
  .map((th) => th.closest("table").dataset.testid || "table")
"""


def menu_link(page, label: str):
    """A link of the main menu; on a phone the menu is folded behind its button first."""
    toggler = page.get_by_role("button", name="展开导航")
    if toggler.is_visible():
        toggler.click()
    link = page.get_by_test_id("main-menu").get_by_role("link", name=label, exact=True)
    expect(link).to_be_visible()
    return link


def shoot(page, screenshots, name: str) -> None:
    width = page.viewport_size["width"]
    page.screenshot(path=screenshots / f"a11y-{name}-{width}.png", full_page=True)


def project_pages(page, check_page, screenshots, project: Project, role: str) -> None:
    """Each tab of a project's page, checked and kept as a screenshot."""
    for tab in ("overview", "plans", "checkpoints", "history"):
        page.goto(reverse("projects:project-detail", args=[project.code]) + f"?tab={tab}")
        active = page.locator(".nav-tabs .nav-link.active")
        expect(active).to_have_attribute("aria-current", "page")
        expect(page.locator('.nav-tabs .nav-link[aria-current="page"]')).to_have_count(1)
        check_page(f"{project.code} {tab}")
        shoot(page, screenshots, f"{role}-project-{tab}")


def test_a_township_official_signs_for_jobs_on_a_phone(
    page, demo_district, log_in, check_page, screenshots
):
    page.set_viewport_size(PHONE)
    log_in("township_editor", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    check_page("dashboard")
    shoot(page, screenshots, "township-dashboard")

    menu_link(page, "用工计划收件箱").click()
    expect(page.get_by_role("heading", name="用工计划收件箱")).to_be_visible()
    check_page("inbox")
    shoot(page, screenshots, "township-inbox")
    # The 签收 button lies on the screen, within a thumb's reach, and each notice is compact.
    sign = page.get_by_role("button", name="签收").first
    expect(sign).to_be_visible()
    box = sign.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 36
    rows = page.get_by_test_id("inbox-table").locator("tbody tr").all()
    assert max(row.bounding_box()["height"] for row in rows) < 240  # was ~300 px
    pending = PlanNotice.objects.filter(acknowledged_at__isnull=True).count()
    sign.click()
    expect(page.get_by_role("alert").filter(has_text="已签收")).to_be_visible()
    assert PlanNotice.objects.filter(acknowledged_at__isnull=True).count() == pending - 1
    check_page("inbox after signing")

    menu_link(page, "重点项目").click()
    expect(page.get_by_role("heading", name="重点工程项目")).to_be_visible()
    # The filters fold behind one button; the first rows show on the first screen.
    filters = page.get_by_test_id("project-filters")
    expect(filters).to_be_hidden()
    first = page.get_by_test_id("project-table").locator("tbody tr").first
    assert first.bounding_box()["y"] < PHONE["height"] / 2
    check_page("project list")
    shoot(page, screenshots, "township-projects")
    page.get_by_test_id("filter-toggle").click()
    expect(filters).to_be_visible()
    expect(page.get_by_test_id("filter-toggle")).to_have_attribute("aria-expanded", "true")
    check_page("project list, filters open")

    link = page.get_by_test_id("project-table").get_by_role("link").first
    project = Project.objects.get(name=link.inner_text())
    link.click()
    expect(page.get_by_role("heading", name=project.name)).to_be_visible()
    project_pages(page, check_page, screenshots, project, "township")


def test_a_contractor_reads_its_projects_on_a_phone(
    page, demo_district, log_in, check_page, screenshots
):
    page.set_viewport_size(PHONE)
    log_in("contractor_editor", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    check_page("dashboard")
    shoot(page, screenshots, "contractor-dashboard")

    menu_link(page, "重点项目").click()
    table = page.get_by_test_id("project-table")
    expect(table.get_by_role("link").first).to_be_visible()
    check_page("project list")
    shoot(page, screenshots, "contractor-projects")
    # A card per project: its name, code and status, none cut at the screen's edge.
    card = table.locator("tbody tr").first
    assert card.bounding_box()["width"] <= PHONE["width"]
    expect(card.locator("[data-status]")).to_be_visible()

    link = table.get_by_role("link").first
    project = Project.objects.get(name=link.inner_text())
    link.click()
    expect(page.get_by_role("heading", name=project.name)).to_be_visible()
    project_pages(page, check_page, screenshots, project, "contractor")


def test_the_office_works_through_the_portal_from_a_desktop(
    page, demo_district, log_in, check_page, screenshots
):
    page.set_viewport_size(DESKTOP)
    log_in("office_admin", DEMO_PASSWORD)
    check_page("dashboard")
    shoot(page, screenshots, "office-dashboard")

    # The skip link is the first Tab stop and takes the keyboard to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    menu_link(page, "重点项目").click()
    expect(page.get_by_test_id("main-menu").get_by_role("link", name="重点项目")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_test_id("project-filters")).to_be_visible()
    expect(page.get_by_test_id("filter-toggle")).to_be_hidden()
    check_page("project list")
    shoot(page, screenshots, "office-projects")
    # Dates and codes never wrap on the desktop list.
    wrapped = page.evaluate(WRAPPED_NOWRAP, "[data-testid=project-table] .text-nowrap")
    assert wrapped == [], f"wrapped: {wrapped}"

    project = Project.objects.filter(checkpoints__isnull=False).order_by("code").first()
    project_pages(page, check_page, screenshots, project, "office")

    pages = [
        ("annual-lists", reverse("projects:annual-list-index")),
        (
            "annual-list",
            reverse("projects:annual-list-detail", args=[AnnualList.objects.first().pk]),
        ),
        ("meetings", reverse("projects:meeting-list")),
        ("meeting", reverse("projects:meeting-detail", args=[Meeting.objects.first().pk])),
        ("action-items", reverse("projects:action-item-list")),
        ("directory", reverse("projects:directory")),
        ("organizations", reverse("portal:organization-list")),
        ("audit", reverse("portal:audit-list")),
        ("rules", reverse("portal:rules")),
        ("import", reverse("projects:annual-list-import")),
    ]
    for name, url in pages:
        response = page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        check_page(name)
        assert page.evaluate(EMPTY_HEADER_CELLS) == [], f"{url}: an empty header cell"
        wrapped = page.evaluate(WRAPPED_NOWRAP, "main .text-nowrap")
        assert wrapped == [], f"{url}: wrapped {wrapped}"
        shoot(page, screenshots, f"office-{name}")
