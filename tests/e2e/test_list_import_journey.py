"""A department's list arrives as messy Excel: the office uploads it, reads what is wrong,
uploads the corrected file and finds the projects on this year's list."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from projects.models import AnnualListEntry, Directory
from tests.projects.factories import list_row, list_workbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def demo_row(directory, code, name, **overrides):
    values = {"department": "交通局", "owner": "区交投公司", "townships": "河湾镇、石桥镇"}
    return list_row(directory, code, name, **{**values, **overrides})


def test_office_uploads_a_list_reads_the_errors_and_imports_the_corrected_file(
    page, demo_district, tmp_path, log_in, screenshots, check_page
):
    directory = Directory.objects.get(code="district-2024")
    year = timezone.localdate().year
    bad = tmp_path / "交通局报送清单.xlsx"
    bad.write_bytes(
        list_workbook(
            [
                demo_row(directory, "JT-9001", "河湾镇村组道路硬化工程"),
                demo_row(directory, "JT-9002", "石桥镇农村公路桥梁工程", department="宣传部"),
            ]
        )
    )
    good = tmp_path / "交通局报送清单（修改）.xlsx"
    good.write_bytes(
        list_workbook(
            [
                demo_row(directory, "JT-9001", "河湾镇村组道路硬化工程"),
                demo_row(directory, "JT-9002", "石桥镇农村公路桥梁工程"),
            ]
        )
    )

    log_in("office_editor", DEMO_PASSWORD)
    page.get_by_test_id("main-menu").get_by_role("link", name="年度清单").click()
    check_page("annual lists")
    page.get_by_role("link", name="导入清单").click()
    check_page("import form")
    page.get_by_label("清单年度").fill(str(year))
    page.get_by_label("列入日期").fill(f"{year}-06-15")
    page.get_by_label("Excel 文件").set_input_files(bad)
    page.get_by_role("button", name="导入").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("文件未导入")
    expect(errors).to_contain_text("第 6 行「行业主管部门」：“宣传部”不是本区的行业主管部门")
    check_page("import rejected")
    page.screenshot(path=screenshots / "import-rejected.png", full_page=True)
    assert not AnnualListEntry.objects.filter(project__code__startswith="JT-9").exists()

    errors.get_by_role("link", name="重新上传").click()
    page.get_by_label("清单年度").fill(str(year))
    page.get_by_label("列入日期").fill(f"{year}-06-15")
    page.get_by_label("Excel 文件").set_input_files(good)
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_test_id("import-status")).to_contain_text(
        "导入完成：新登记项目 2 个，列入清单 2 个"
    )
    check_page("import done")
    page.screenshot(path=screenshots / "import-done.png", full_page=True)
    page.get_by_role("link", name="查看年度清单").click()
    page.get_by_role("link", name=f"示范区{year}年区级以工代赈重点工程项目清单").click()
    entries = page.get_by_test_id("list-entries")
    expect(entries.get_by_role("link", name="河湾镇村组道路硬化工程")).to_be_visible()
    expect(entries.get_by_role("link", name="石桥镇农村公路桥梁工程")).to_be_visible()
    check_page("annual list")
