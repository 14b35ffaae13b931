"""Every error of an annual-list file in one pass (projects/importers.py): a header that lacks
required columns is reported together with the errors of the rows, which are still checked
for every column the header has; errors come sorted by row, then by column."""

import datetime
import io

import pytest
from openpyxl import Workbook

from portal.models import Role
from portal.scope import Scope
from projects.importers import ImportRejected, import_annual_list
from projects.models import Project
from tests.portal.factories import member
from tests.projects.factories import LIST_HEADER_SUB, LIST_HEADER_TOP, list_row


def workbook(header_top: list, rows: list[list]) -> bytes:
    """The departments' layout (title, filler, two header rows, data from row 5) with the
    header given, and the cells of the rows as given."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年以工代赈重点工程项目清单"])
    sheet.append(["填报单位：测试区交通局"])
    sheet.append(header_top)
    sheet.append(LIST_HEADER_SUB)
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def without(*names: str) -> list:
    return [None if cell in names else cell for cell in LIST_HEADER_TOP]


def errors_of(home, content: bytes) -> list[str]:
    scope = Scope.for_user(member(home["office"], Role.EDITOR))
    with pytest.raises(ImportRejected) as rejected:
        import_annual_list(scope=scope, year=2026, content=content, on=datetime.date(2026, 3, 1))
    assert not Project.objects.exists()
    return rejected.value.errors


def test_missing_columns_and_every_row_error_are_reported_together_in_order(home, owner, directory):
    content = workbook(
        without("建设领域", "计划完工时间"),
        [
            list_row(directory, "JT-001", "好的一行"),
            list_row(directory, "JT-001", "重复编码又错部门", department="测试区宣传部"),
            list_row(directory, "JT-003", "", start="明年春天"),
            list_row(directory, "JT-004", "层级不对", level="乡级", total=-5, relief=2000),
        ],
    )
    assert errors_of(home, content) == [
        "第 3 行「建设领域」：表头缺少这一必需的列",
        "第 3 行「计划完工日期」：表头缺少这一必需的列",
        "第 6 行「项目编码」：项目编码“JT-001”与第 5 行重复",
        "第 6 行「行业主管部门」：“测试区宣传部”不是本区的行业主管部门",
        "第 7 行「项目名称」：不能为空",
        "第 7 行「计划开工日期」：“明年春天”不是日期，请写成 2026-03-01 的格式",
        "第 8 行「项目层级」：“乡级”不是有效的项目层级（国家级、省级、市级、区级）",
        "第 8 行「总投资」：不能为负数",
        "第 8 行「政府投资」：政府投资不能超过总投资",
        "第 8 行「其中以工代赈资金」：以工代赈资金不能超过政府投资",
    ]


def test_a_header_without_the_code_column_is_still_found_and_the_rows_checked(
    home, owner, directory
):
    content = workbook(
        without("项目编码"),
        [
            list_row(directory, "JT-001", "第一个"),
            list_row(directory, "JT-002", "错乡镇", townships="火星镇"),
        ],
    )
    assert errors_of(home, content) == [
        "第 3 行「项目编码」：表头缺少这一必需的列",
        "第 6 行「所在乡镇（街道）」：“火星镇”不是本区的乡镇（街道）",
    ]


def test_the_upload_page_lists_every_error_of_the_file(client, home, owner, directory, upload_list):
    client.force_login(member(home["office"], Role.EDITOR))
    content = workbook(
        without("项目业主单位"),
        [list_row(directory, "JT-001", "错部门", department="测试区宣传部")],
    )
    page = upload_list(client, content).content.decode()
    assert "文件未导入，请修改以下 2 处后重新上传" in page
    assert "第 3 行「项目业主单位」：表头缺少这一必需的列" in page
    assert "第 5 行「行业主管部门」：“测试区宣传部”不是本区的行业主管部门" in page
