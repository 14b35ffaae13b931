"""Supervision as its users meet it: the office records a spot check with a finding for a
contractor; the contractor finds it on its dashboard's to-do list (on a phone), reports its
rectification with evidence; the office closes it. Then the office draws projects for spot
checks, reads the reproduction and starts the spot check of a drawn project; the supervisor
records an observation, shown on the project's tab."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from projects.models import Project, ProjectStatus
from supervision.models import Finding, FindingStatus, SpotCheckDraw

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DESCRIPTION = "10月劳务报酬未通过专用账户代发，5名务工人员以现金领取。"


def test_a_finding_is_rectified_and_closed_and_a_draw_reproduces(
    page, demo_district, log_in, screenshots, check_page, tmp_path
):
    project = (
        Project.objects.filter(
            status=ProjectStatus.UNDER_CONSTRUCTION, contractors__code="contractor-01"
        )
        .order_by("code")
        .first()
    )
    today = timezone.localdate()

    # The office records the spot check.
    log_in("office_editor", DEMO_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="监督检查").click()
    expect(page.get_by_role("heading", name="监督检查")).to_be_visible()
    check_page("inspection list")
    page.screenshot(path=screenshots / "supervision-list.png", full_page=True)
    page.get_by_role("link", name="记录检查").click()
    check_page("choose the project")
    page.get_by_label("检查的项目").select_option(value=project.code)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text(project.name)).to_be_visible()
    expect(page.get_by_label("检查层级")).to_have_value("spot_check")
    check_page("inspection form")
    page.get_by_label("检查日期").fill(today.isoformat())
    page.get_by_label("财政局（成员单位）").check()
    page.get_by_label("参加人员").fill("区财政局 刘科长")
    page.get_by_label("问题 1 的类别").select_option(label="劳务报酬发放")
    page.get_by_label("问题 1 的责任单位").select_option(label="示范路桥（施工单位）")
    page.get_by_label("问题 1 的整改时限").fill((today + timezone.timedelta(days=15)).isoformat())
    page.get_by_label("问题 1 的描述").fill(DESCRIPTION)
    page.screenshot(path=screenshots / "supervision-inspection-form.png", full_page=True)
    page.get_by_role("button", name="保存检查").click()
    expect(page.get_by_role("alert").filter(has_text="发现问题 1 个")).to_be_visible()
    expect(page.get_by_test_id("inspection-findings")).to_contain_text(DESCRIPTION[:10])
    check_page("inspection page")
    finding = Finding.objects.get(description=DESCRIPTION)

    # The contractor, on a phone, finds it on its to-do list and reports the rectification.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in("contractor_editor", DEMO_PASSWORD)
    check_page("contractor dashboard")
    page.get_by_role("link", name="本单位待整改的检查问题").click()
    check_page("contractor's findings")
    ours = page.get_by_test_id("finding-table").get_by_role("row").filter(has_text=DESCRIPTION[:20])
    ours.get_by_role("link").click()
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    check_page("finding page, open")
    page.get_by_role("link", name="上报整改情况").click()
    check_page("rectification form")
    page.get_by_label("整改情况").fill("已补发至个人银行卡，附银行代发回单。")
    page.get_by_label("整改完成日期").fill(today.isoformat())
    evidence = tmp_path / "代发回单.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("佐证材料").set_input_files(evidence)
    page.screenshot(path=screenshots / "supervision-rectification-phone.png", full_page=True)
    page.get_by_role("button", name="上报").click()
    expect(page.get_by_role("alert").filter(has_text="整改情况已上报")).to_be_visible()
    expect(page.locator("[data-finding-status]")).to_have_text("整改待审核")
    check_page("finding page, reported")

    # The office reviews it from its to-do list and closes it.
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    log_in("office_editor", DEMO_PASSWORD)
    expect(page.get_by_test_id("overdue-findings")).to_be_visible()
    page.get_by_role("link", name="待审核销号的整改情况").click()
    check_page("findings to review")
    ours = page.get_by_test_id("finding-table").get_by_role("row").filter(has_text=DESCRIPTION[:20])
    ours.get_by_role("link").click()
    page.get_by_role("link", name="审核销号").click()
    expect(page.get_by_test_id("finding-history")).to_contain_text("已补发至个人银行卡")
    check_page("close form")
    page.get_by_label("审核意见").fill("回单与台账一致")
    page.get_by_role("button", name="审核通过，销号").click()
    expect(page.locator("[data-finding-status]")).to_have_text("已销号")
    check_page("finding page, closed")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED

    # The project's tab shows the inspection and its closed finding.
    page.goto(f"/projects/{project.code}/?tab=supervision")
    expect(page.get_by_test_id("project-findings")).to_contain_text("已销号")
    check_page("project tab")

    # The draw.
    page.get_by_test_id("main-menu").get_by_role("link", name="监督检查").click()
    page.get_by_role("link", name="抽查抽签").click()
    check_page("draw list")
    page.get_by_role("link", name="抽取抽查项目").click()
    check_page("draw form")
    page.get_by_label("名称").fill("2026年第四季度抽查")
    page.get_by_label("在列清单").select_option(label=f"{today.year}年清单")
    page.get_by_label("项目状态").select_option(label="在建")
    page.get_by_role("button", name="查看符合条件的项目数").click()
    expect(page.get_by_test_id("population-count")).to_contain_text("符合条件的项目")
    page.get_by_label("抽取数量").fill("2")
    page.get_by_role("button", name="抽签", exact=True).click()
    expect(page.get_by_test_id("reproduced")).to_have_text("复现结果与保存的抽签结果一致")
    check_page("draw page")
    page.screenshot(path=screenshots / "supervision-draw.png", full_page=True)
    draw = SpotCheckDraw.objects.get(title="2026年第四季度抽查")
    expect(page.get_by_test_id("draw-seed")).to_have_text(str(draw.seed))
    page.get_by_role("link", name=re.compile(f"记录抽查.*{draw.result[0]}")).click()
    expect(page.get_by_text(Project.objects.get(code=draw.result[0]).name)).to_be_visible()
    check_page("spot check of a drawn project")

    # The supervisor records what it saw on its project, on a phone.
    supervised = Project.objects.filter(
        supervisor__code="supervisor-01", status=ProjectStatus.UNDER_CONSTRUCTION
    ).order_by("code")[0]
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in("supervisor_editor", DEMO_PASSWORD)
    page.goto(f"/projects/{supervised.code}/?tab=supervision")
    page.get_by_role("link", name="记录监理观察").click()
    check_page("observation form")
    page.get_by_label("观察日期").fill(today.isoformat())
    page.get_by_label("类别").select_option(label="当地务工人员组织")
    page.get_by_label("观察记录").fill("现场在岗42人，其中当地务工人员31人，与名册一致。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("observations")).to_contain_text("当地务工人员31人")
    check_page("project tab with the observation")
