"""The Excel exports (projects/exports.py): the filtered project list built in the background
and downloaded, and an annual list as it stood on a date, in the layout sent upward; both read
back with openpyxl, and the list read back by the importer."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from portal.models import Role
from projects import exports
from projects.models import AnnualListEntry, Category, Project, ProjectStatus, ProjectType
from tests.portal.factories import member
from tests.projects.factories import (
    AnnualListEntryFactory,
    CategoryFactory,
    DirectoryFactory,
    LaborPlanFactory,
    ProjectFactory,
    ProjectForecastFactory,
    WorkStageFactory,
    list_row,
    list_upload,
    list_workbook,
    this_year,
)


def read_download(client, status_url: str):
    download = client.get(status_url + "download/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(download.streaming_content))).active


def test_export_of_the_filtered_list_reads_back_with_openpyxl(client, home, office_editor):
    for code, name in (("A-1", "石桥公路工程"), ("A-2", "河湾水库工程")):
        ProjectFactory(
            code=code,
            name=name,
            region=home["district"],
            department=home["department"],
            total_investment=Decimal("1000"),
            townships=[home["townships"][0]],
        )
    client.force_login(office_editor)
    page = client.get(reverse("projects:project-list"), {"q": "公路"}).content.decode()
    assert 'name="q" value="公路"' in page  # the export button carries the filters
    assert "导出 Excel（1 个项目）" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("projects:project-export"), {"q": "公路", "page": "3"})
    status = client.get(response["Location"]).content.decode()
    assert "文件已生成：共 1 行" in status
    sheet = read_download(client, response["Location"])
    assert sheet["A1"].value == "以工代赈重点工程项目一览表"
    assert [sheet.cell(5, c).value for c in (2, 3, 4, 5, 11, 21)] == [
        "A-1",
        "石桥公路工程",
        "重点工程项目",
        "区级",
        "测试镇1-1",
        "储备",
    ]
    assert sheet["A6"].value == "合计"
    assert float(sheet["M6"].value) == 1000


def test_the_list_exports_as_it_stood_on_a_date_and_imports_back(
    client, home, owner, directory, office_editor, upload_list
):
    client.force_login(office_editor)
    upload_list(
        client,
        list_workbook(
            [
                list_row(directory, "JT-001", "石桥村道路硬化工程"),
                list_row(directory, "JT-002", "河湾大桥工程"),
            ]
        ),
    )
    entry = AnnualListEntry.objects.get(project__code="JT-002")
    client.post(
        reverse("projects:annual-list-entry-withdraw", args=[entry.pk]),
        {"on": "2026-06-30", "reason": "前期工作未完成"},
    )
    annual_list = entry.annual_list
    export = reverse("projects:annual-list-export", args=[annual_list.pk])

    def read(on):
        response = client.get(export, {"on": on})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        return load_workbook(io.BytesIO(response.content)).active

    in_may = read("2026-05-01")
    assert in_may["A1"].value == str(annual_list)
    assert in_may["M3"].value == "投资（万元）"
    assert in_may["M4"].value == "总投资"
    assert [in_may.cell(r, 2).value for r in (5, 6)] == ["JT-001", "JT-002"]
    assert in_may["A7"].value == "小计"  # both are 交通 projects
    assert in_may["A8"].value == "合计"
    assert float(in_may["M8"].value) == 2400
    in_july = read("2026-07-01")
    assert in_july["B5"].value == "JT-001"
    assert in_july["A6"].value == "小计"
    assert in_july["A7"].value == "合计"

    page = client.get(
        reverse("projects:annual-list-detail", args=[annual_list.pk]), {"on": "2026-05-01"}
    )
    assert 'data-testid="entry-count">2<' in page.content.decode()
    page = client.get(
        reverse("projects:annual-list-detail", args=[annual_list.pk]), {"on": "2026-07-01"}
    )
    assert 'data-testid="entry-count">1<' in page.content.decode()
    assert "前期工作未完成" in page.content.decode()

    # The exported file is a valid import: nothing new, JT-001 already on the list.
    projects_before = Project.objects.count()
    response = client.get(export, {"on": "2026-05-01"})
    assert "导入完成" in upload_list(client, response.content, on="2026-07-02").content.decode()
    assert Project.objects.count() == projects_before
    assert AnnualListEntry.objects.filter(project__code="JT-002").count() == 2  # re-listed


@pytest.mark.celery_worker
def test_a_real_worker_builds_the_project_export(
    redis_worker, wait_for_job, client, home, owner, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    rows = [list_row(directory, f"JT-{n:03d}", f"村道工程{n}") for n in range(1, 6)]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": list_upload(list_workbook(rows))},
    )
    wait_for_job(client, response["Location"])

    response = client.post(reverse("projects:project-export"), {"q": "村道工程"})
    fragment = wait_for_job(client, response["Location"])
    assert "文件已生成：共 5 行" in fragment
    sheet = read_download(client, response["Location"])
    assert sorted(sheet.cell(r, 2).value for r in range(5, 10)) == [
        f"JT-{n:03d}" for n in range(1, 6)
    ]


# --- the list as it is sent upward (issue 14, item 8) ---------------------------------------


def upward_list(home, owner, directory, size: int):
    """`size` projects on this year's district list, alternating 交通 and 水利, each with its
    forecast, a published labour plan of 20 positions and a draft of 99 (not offered yet)."""
    entries = []
    for n in range(size):
        category = Category.objects.get(directory=directory, number=1 if n % 2 == 0 else 5)
        project = ProjectFactory(
            code=f"UP-{n:03d}",
            name=f"上报工程{n}",
            region=home["district"],
            category=category,
            department=home["department"],
            owner=owner,
            status=ProjectStatus.LISTED,
            total_investment=Decimal(1000 + n),
            government_investment=Decimal(500 + n),
            work_relief_funds=Decimal("50.25"),
            townships=[home["townships"][n % 2]],
        )
        ProjectForecastFactory(
            project=project,
            year=this_year(),
            local_workers=10 + n,
            remuneration=Decimal("12.50") * (n + 1),
        )
        stage = category.stages.order_by("order").first()
        LaborPlanFactory(project=project, stage=stage, positions=20, published=True)
        LaborPlanFactory(project=project, stage=stage, positions=99)
        entries.append(
            AnnualListEntryFactory(project=project, annual_list__region=home["district"])
        )
    return entries[0].annual_list


def header_of(sheet) -> list[str]:
    return [
        sheet.cell(4, column).value or sheet.cell(3, column).value
        for column in range(1, sheet.max_column + 1)
    ]


def table_of(sheet):
    """The project rows, subtotal rows and the total row below the header, by kind."""
    projects, subtotals, total = [], [], None
    for row in sheet.iter_rows(min_row=5, values_only=True):
        if isinstance(row[0], int):
            projects.append(row)
        elif row[0] == "小计":
            subtotals.append(row)
        elif row[0] == "合计":
            total = row
            break
    return projects, subtotals, total


SUMMED = ["总投资", "政府投资", "其中以工代赈资金", "就业岗位（个）", "预计吸纳当地务工人数（人）"]
SUMMED += ["预计发放劳务报酬（万元）"]


def test_the_annual_list_export_is_the_layout_sent_upward(
    client, home, owner, directory, office_editor
):
    annual_list = upward_list(home, owner, directory, 5)
    client.force_login(office_editor)
    response = client.get(
        reverse("projects:annual-list-export", args=[annual_list.pk]), {"phone": "023-12345678"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert header_of(sheet) == exports.HEADERS
    at = {name: index for index, name in enumerate(exports.HEADERS)}
    projects, subtotals, total = table_of(sheet)
    assert len(projects) == 5

    first = projects[0]
    highway = Category.objects.get(directory=directory, number=1)
    stages = "、".join(highway.stages.order_by("order").values_list("name", flat=True))
    assert first[at["项目类型"]] == "重点工程项目"
    assert first[at["建设任务和用工环节"]] == stages
    assert first[at["就业岗位（个）"]] == 20  # the published plan only
    assert first[at["预计吸纳当地务工人数（人）"]] == 10

    # Rows by domain, a subtotal after each domain's, each the sum of its rows.
    domains = [row[at["建设领域"]] for row in projects]
    assert domains == sorted(domains, key=domains.index)  # grouped
    assert [row[at["建设领域"]] for row in subtotals] == ["交通", "水利"]
    for subtotal in subtotals:
        mine = [row for row in projects if row[at["建设领域"]] == subtotal[at["建设领域"]]]
        assert subtotal[2] == f"{subtotal[at['建设领域']]}（{len(mine)} 个项目）"
        for name in SUMMED:
            assert subtotal[at[name]] == pytest.approx(sum(row[at[name]] for row in mine)), name
    for name in SUMMED:
        assert total[at[name]] == pytest.approx(sum(row[at[name]] for row in projects)), name
    assert total[at["预计发放劳务报酬（万元）"]] == pytest.approx(187.5)
    # Numbers are numbers, not text.
    numbers = [cell for row in sheet.iter_rows(min_row=5) for cell in row]
    for cell in numbers:
        if cell.column - 1 in {at[name] for name in SUMMED} and cell.value is not None:
            assert cell.data_type == "n", cell.coordinate

    # Under the table: who filled it in, the phone and the date.
    lines = [
        row
        for row in sheet.iter_rows(values_only=True)
        if isinstance(row[0], str) and "填报人" in row[0]
    ]
    assert len(lines) == 1
    line = [value for value in lines[0] if value]
    assert line[0] == f"填报人：{office_editor.display_name}"
    assert "联系电话：023-12345678" in line
    assert f"填报日期：{timezone.localdate():%Y年%m月%d日}" in line


def test_the_export_takes_the_stages_from_the_directory_in_use(
    client, home, owner, directory, office_editor
):
    highway = Category.objects.get(directory=directory, number=1)
    older = DirectoryFactory(code="older-2020")
    old_highway = CategoryFactory(directory=older, number=1, domain=highway.domain, name="公路")
    WorkStageFactory(category=old_highway, name="旧目录环节")
    entry = AnnualListEntryFactory(project__region=home["district"], project__category=old_highway)
    client.force_login(office_editor)
    response = client.get(reverse("projects:annual-list-export", args=[entry.annual_list.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    stages = sheet.cell(5, exports.POSITION["建设任务和用工环节"] + 1).value
    assert stages == "、".join(highway.stages.order_by("order").values_list("name", flat=True))
    assert "旧目录环节" not in stages


def test_a_malformed_phone_goes_back_to_the_list_with_the_reason(
    client, home, owner, directory, office_editor
):
    annual_list = upward_list(home, owner, directory, 1)
    client.force_login(office_editor)
    response = client.get(
        reverse("projects:annual-list-export", args=[annual_list.pk]),
        {"phone": "=HYPERLINK(1)"},
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert "联系电话只能包含数字" in response.content.decode()


def test_the_list_export_runs_a_constant_number_of_queries(
    client, home, owner, directory, office_editor
):
    """Two projects, then twenty in every domain with their forecasts, plans and links: the
    export reads the same number of queries."""
    client.force_login(office_editor)

    def queries(annual_list) -> int:
        url = reverse("projects:annual-list-export", args=[annual_list.pk])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    small = queries(upward_list(home, owner, directory, 2))
    for n in range(20):
        category = Category.objects.get(directory=directory, number=1 + n % 25)
        project = ProjectFactory(region=home["district"], category=category, owner=owner)
        ProjectForecastFactory(project=project)
        LaborPlanFactory(project=project, stage=category.stages.first(), published=True)
        project.supports.set([ProjectFactory(region=home["district"], category=category)])
        large = AnnualListEntryFactory(project=project, annual_list__region=home["district"])
    assert queries(large.annual_list) == small


def test_the_blank_template_offers_drop_down_lists(client, home, owner, directory, office_editor):
    client.force_login(office_editor)
    response = client.get(reverse("projects:annual-list-template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["项目清单", "选项"]
    assert book["选项"].sheet_state == "hidden"
    sheet = book["项目清单"]
    assert header_of(sheet) == exports.HEADERS
    hidden = book["选项"]

    def offered(formula: str) -> list:
        cells = formula.split("!")[1].replace("$", "")
        return [cell.value for row in hidden[cells] for cell in row]

    validations = {
        str(validation.sqref).split(":")[0]: validation
        for validation in sheet.data_validations.dataValidation
    }
    expected = {
        "建设领域": ["交通", "水利", "能源", "农业农村", "城镇建设", "生态环境", "灾后恢复重建"],
        "项目类型": ["重点工程项目", "中小型农业农村基础设施项目", "以工代赈专项投资项目"],
        "项目层级": ["国家级", "省级", "市级", "区级"],
        "所在乡镇（街道）": ["测试镇1-1", "测试镇1-2"],
    }
    for name in exports.DROP_DOWNS:
        letter = get_column_letter(exports.POSITION[name] + 1)
        validation = validations[f"{letter}5"]
        assert validation.type == "list"
        assert str(validation.sqref) == f"{letter}5:{letter}1004"
        if name in expected:
            assert offered(validation.formula1) == expected[name], name
    categories = offered(
        validations[f"{get_column_letter(exports.POSITION['具体类别'] + 1)}5"].formula1
    )
    assert "公路建设" in categories
    assert len(categories) == len(set(categories))


def test_a_filled_template_imports_back(client, home, owner, directory, office_editor, upload_list):
    client.force_login(office_editor)
    book = load_workbook(io.BytesIO(client.get(reverse("projects:annual-list-template")).content))
    sheet = book["项目清单"]
    at = {name: index + 1 for index, name in enumerate(exports.HEADERS)}
    highway = Category.objects.get(directory=directory, number=1)
    for row, (code, kind, supports) in enumerate(
        [("T-1", "重点工程项目", None), ("T-2", "以工代赈专项投资项目", "T-1")], start=5
    ):
        values = {
            "序号": row - 4,
            "项目编码": code,
            "项目名称": f"模板工程{code}",
            "项目类型": kind,
            "项目层级": "区级",
            "建设领域": highway.domain.name,
            "具体类别": highway.name,
            "行业主管部门": "测试区交通局",
            "项目业主单位": "城投公司",
            "所在乡镇（街道）": "测试镇1-1",
            "衔接配套重点工程项目编码": supports,
            "总投资": 800,
            "政府投资": 600,
            "其中以工代赈资金": 60,
            "计划开工日期": datetime.date(2026, 4, 1),
            "计划完工日期": datetime.date(2026, 10, 31),
            "预计吸纳当地务工人数（人）": 30,
            "预计发放劳务报酬（万元）": 45,
        }
        for name, value in values.items():
            sheet.cell(row, at[name], value)
    buffer = io.BytesIO()
    book.save(buffer)
    page = upload_list(client, buffer.getvalue()).content.decode()
    assert "导入完成" in page, page
    special = Project.objects.get(code="T-2")
    assert special.project_type == ProjectType.SPECIAL_INVESTMENT
    assert list(special.supports.values_list("code", flat=True)) == ["T-1"]
    assert Project.objects.get(code="T-1").forecasts.get(year=2026).local_workers == 30
