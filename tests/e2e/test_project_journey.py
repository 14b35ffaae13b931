"""The office keeps this year's list in the portal: it filters the reserve, opens a project,
puts it on the list, plans its jobs and publishes them; the township official finds the plan
in the inbox and signs for it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from portal.models import Organization, OrganizationKind, Role
from projects.models import AnnualListEntry, PlanNotice, Project, ProjectStatus, ProjectType
from tests.portal.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_lists_a_reserve_project_and_the_township_receives_its_jobs(
    page, demo_district, log_in, screenshots, check_page
):
    project = Project.objects.filter(status="reserve").order_by("code").first()
    township = project.townships.order_by("code").first()
    year = timezone.localdate().year

    log_in("office_editor", DEMO_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="重点项目").click()
    expect(page.get_by_role("heading", name="重点工程项目")).to_be_visible()
    filters = page.get_by_test_id("project-filters")
    filters.get_by_label("状态").select_option(label="储备")
    filters.get_by_label("乡镇（街道）").select_option(label=township.name)
    filters.get_by_role("button", name="筛选").click()
    table = page.get_by_test_id("project-table")
    expect(table.get_by_role("link", name=project.name)).to_be_visible()
    for status in table.locator("[data-status]").all():
        expect(status).to_have_text("储备")
    check_page("project list")
    page.screenshot(path=screenshots / "project-list.png", full_page=True)

    table.get_by_role("link", name=project.name).click()
    expect(page.get_by_role("heading", name=project.name)).to_be_visible()
    check_page("project page")
    page.get_by_role("link", name="列入年度清单").click()
    expect(page.get_by_label("清单年度")).to_have_value(str(year))
    check_page("add to list")
    page.get_by_label("列入说明").fill("年中动态增补")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").filter(has_text="已列入")).to_be_visible()
    expect(page.locator("h1 [data-status]")).to_have_text("列入清单")
    assert AnnualListEntry.objects.filter(
        project=project, annual_list__year=year, withdrawn_on__isnull=True
    ).exists()
    check_page("project page, listed")
    page.screenshot(path=screenshots / "project-detail.png", full_page=True)

    page.get_by_role("link", name=re.compile("用工计划")).first.click()
    check_page("plans tab")
    page.get_by_role("link", name="新增用工计划").click()
    check_page("plan form")
    stage = project.category.stages.order_by("order").first()
    page.get_by_label("用工环节").select_option(value=str(stage.pk))
    page.get_by_label("岗位数").fill("25")
    # A plan fits the project's period.
    page.get_by_label("用工开始日期").fill(project.planned_start.isoformat())
    page.get_by_label("用工结束日期").fill(project.planned_end.isoformat())
    page.get_by_label("技能要求").fill("身体健康，能从事一般体力劳动")
    page.get_by_label("日工资（元）").fill("180")
    page.screenshot(path=screenshots / "plan-form.png", full_page=True)
    page.get_by_role("button", name="保存用工计划").click()
    expect(page.get_by_role("cell", name=stage.name)).to_be_visible()
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_role("alert").filter(has_text="用工计划已发布")).to_be_visible()
    expect(page.get_by_text(re.compile(r"已推送\d+个乡镇"))).to_be_visible()
    check_page("plan published")
    page.get_by_role("button", name="退出登录").click()

    township_org = Organization.objects.get(kind=OrganizationKind.TOWNSHIP, region=township)
    official = member(township_org, Role.EDITOR, username="township_official")
    log_in(official.username, TEST_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="用工计划收件箱").click()
    inbox = page.get_by_test_id("inbox-table")
    row = inbox.get_by_role("row").filter(has_text=project.name).filter(has_text=stage.name)
    expect(row).to_contain_text("25")
    expect(row).to_contain_text("180.00")
    check_page("inbox")
    page.screenshot(path=screenshots / "inbox.png", full_page=True)
    row.get_by_role("button", name="签收").click()
    expect(page.get_by_role("alert").filter(has_text="已签收")).to_be_visible()
    check_page("inbox, signed")
    notice = PlanNotice.objects.get(plan__project=project, township=township_org)
    assert notice.acknowledged_by == official


def test_office_registers_a_special_investment_project_supporting_a_key_project(
    page, demo_district, log_in, screenshots, check_page
):
    """Seed 004 (五): a special investment project builds the supporting facilities of a key
    project (衔接配套); each project's page links to the other."""
    key = (
        Project.objects.filter(
            project_type=ProjectType.KEY, status=ProjectStatus.UNDER_CONSTRUCTION
        )
        .order_by("code")
        .first()
    )
    category = key.category
    log_in("office_editor", DEMO_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="重点项目").click()
    page.get_by_role("link", name="登记项目").click()
    check_page("project form")
    page.get_by_label("项目编码").fill("SF2026-ZX09")
    page.get_by_label("项目名称").fill(f"{key.name}配套便民服务设施工程")
    page.get_by_label("项目层级").select_option(label="区级")
    page.get_by_label("以工代赈专项投资项目").check()
    page.get_by_label("建设领域").select_option(label=category.domain.name)
    page.get_by_label("具体类别").select_option(label=f"{category.domain.name} · {category.name}")
    page.get_by_label("行业主管部门").select_option(label=key.department.name)
    page.get_by_label("项目业主单位").select_option(label=key.owner.name)
    page.get_by_label("总投资（万元）").fill("360")
    page.get_by_label("政府投资（万元）").fill("360")
    page.get_by_label("其中以工代赈资金（万元）").fill("200")
    page.get_by_label("计划开工日期").fill("2026-04-01")
    page.get_by_label("计划完工日期").fill("2026-11-30")
    page.get_by_label("预计吸纳当地务工人数").fill("40")
    page.get_by_label("预计发放劳务报酬（万元）").fill("72")
    # Without the key project it supports, the form is refused with the reason on the field.
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("以工代赈专项投资项目须选择它衔接配套的重点工程项目")).to_be_visible()
    check_page("project form, refused")
    page.get_by_label("衔接配套的重点工程项目").select_option(label=f"{key.code} {key.name}")
    page.screenshot(path=screenshots / "project-form-special.png", full_page=True)
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", name=f"{key.name}配套便民服务设施工程")).to_be_visible()
    expect(page.get_by_test_id("project-type")).to_have_text("以工代赈专项投资项目")
    supports = page.get_by_test_id("supports")
    expect(supports.get_by_role("link", name=key.name)).to_be_visible()
    check_page("special investment project page")
    page.screenshot(path=screenshots / "project-detail-special.png", full_page=True)

    supports.get_by_role("link", name=key.name).click()
    expect(page.get_by_role("heading", name=key.name)).to_be_visible()
    supported_by = page.get_by_test_id("supported-by")
    expect(supported_by.get_by_role("link", name=f"{key.name}配套便民服务设施工程")).to_be_visible()
    check_page("key project page")
    page.screenshot(path=screenshots / "project-detail-key.png", full_page=True)
    special = Project.objects.get(code="SF2026-ZX09")
    assert list(special.supports.all()) == [key]
