"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
thread with a running loop unless told that this is deliberate, which it is here.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"没有找到 Chromium：{CHROMIUM}（请运行 bin/test，它会安装 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # Reduced motion: Bootstrap then draws no transitions, so axe-core never reads a colour
    # halfway through one.
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 1366, "height": 900},
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log in through the login page, as a user does: `log_in(username, password)`."""

    def log_in(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/")

    return log_in


@pytest.fixture
def screenshots():
    """Where the journeys leave their screenshots (var/screenshots, for a person to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def demo_district(transactional_db):
    """The demo district of seed_demo, as a new user meets it."""
    call_command("seed_demo", stdout=io.StringIO())


# --- the page check: accessibility (axe-core) and reach on a phone -------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_IMPACTS = {"serious", "critical"}
PHONE_WIDTH = 767  # below Bootstrap's md breakpoint: the lists are cards, the menu folds

# Every visible link or button of <main> whose right edge lies past the screen's.
OVERFLOWING_CONTROLS = """
() => {
  const edge = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll(
    "main a[href], main button, main [role=button], main input[type=submit]"
  )) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || style.visibility === "hidden") continue;
    if (box.right > edge + 0.5) {
      const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
      found.push(`${el.tagName.toLowerCase()} 「${text.slice(0, 30)}」 right=${Math.round(box.right)}px`);
    }
  }
  return found;
}
"""


def axe_violations(page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the current page,
    one line per rule and element. axe-core comes with axe-playwright-python (no download)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']} ({violation['impact']}: {violation['help']}) at "
        f"{' '.join(map(str, node['target']))}: {' '.join(node.get('failureSummary', '').split())}"
        for violation in results.response["violations"]
        if violation["impact"] in AXE_IMPACTS
        for node in violation["nodes"]
    ]


def overflowing_controls(page) -> list[str]:
    """The links and buttons of the page's main content beyond the right edge of the screen."""
    return page.evaluate(OVERFLOWING_CONTROLS)


@pytest.fixture
def check_page(page):
    """`check_page()` after each page a journey visits: fails on any serious or critical
    WCAG 2.1 A/AA violation axe-core finds and, on a phone-sized screen (375 px), on any link
    or button of <main> that lies beyond the right edge of the screen. `check_page(what)`
    names the step in the failure."""

    def check(what: str = "") -> None:
        page.wait_for_load_state("load")
        where = f"{page.url}{f' ({what})' if what else ''}"
        problems = axe_violations(page)
        assert not problems, f"axe-core on {where}:\n" + "\n".join(problems)
        if page.viewport_size["width"] <= PHONE_WIDTH:
            beyond = overflowing_controls(page)
            assert not beyond, (
                f"beyond the right edge of a {page.viewport_size['width']} px screen on "
                f"{where}:\n" + "\n".join(beyond)
            )

    return check
