"""Annual list Excel: a department's messy sheet imported whole or not at all, and the list
exported in the layout sent upward, both read back with openpyxl."""

import datetime
import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.models import AuditEntry, OrganizationKind, Role
from projects.models import AnnualListEntry, Category, Project, ProjectForecast, ProjectStatus
from tests.factories import OrganizationFactory, member

HEADER_TOP = [
    "序号",
    "项目编码",
    "项目名称",
    "项目层级",
    "建设领域",
    "具体类别",
    "主管部门",
    "项目业主单位",
    "所在乡镇",
    "投资（万元）",
    None,
    None,
    "计划开工时间",
    "计划完工时间",
    "预计吸纳当地务工人数（人）",
    "预计发放劳务报酬\n（万元）",
    "备注",
]
HEADER_SUB = [None] * 9 + ["总投资", "政府投资", "其中：以工代赈资金"] + [None] * 5


def row(directory, code, name, **overrides):
    highway = Category.objects.get(directory=directory, number=1)
    values = {
        "code": code,
        "name": name,
        "level": "区级",
        "domain": highway.domain.name,
        "category": highway.name,
        "department": "测试区交通局",
        "owner": "城投公司",
        "townships": "测试镇1-1、测试镇1-2",
        "total": 1200,
        "government": "1,000.5",
        "relief": 150,
        "start": datetime.datetime(2026, 4, 1),  # noqa: DTZ001 - Excel dates carry no zone
        "end": "2026年10月",
        "workers": 60,
        "pay": 80.5,
        "note": "新增",
    }
    values.update(overrides)
    return [None, *values.values()]


def messy_workbook(rows) -> bytes:
    """A sheet as departments send it: a title, a filler row, a merged two-row header,
    the rows, a totals row and a note underneath."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年以工代赈重点工程项目清单（交通局报送）"])
    sheet.merge_cells("A1:Q1")
    sheet.append(["填报单位（盖章）：测试区交通局", None, None, None, "填报日期：2026年3月"])
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_SUB)
    sheet.merge_cells("J3:L3")
    for number, values in enumerate(rows, start=1):
        values = list(values)
        values[0] = number
        sheet.append(values)
    sheet.append(["合计", None, None, None, None, None, None, None, None, 9999])
    sheet.append([])
    sheet.append(["填报说明：金额单位为万元。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, year="2026", on="2026-03-15"):
    """Upload as the user does and land on the import's status page (Celery runs eagerly
    in these tests; tests/projects/test_worker_jobs.py uses a real worker)."""
    with TestCase.captureOnCommitCallbacks(execute=True):  # the test's transaction never commits
        response = client.post(
            reverse("projects:annual-list-import"),
            {"year": year, "added_on": on, "file": upload_file(content)},
        )
    assert response.status_code == 302, response.content.decode()[:1000]
    assert "/annual-lists/imports/" in response["Location"]
    return client.get(response["Location"])


def state():
    return (
        Project.objects.count(),
        AnnualListEntry.objects.count(),
        ProjectForecast.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_office_imports_a_messy_list_and_a_second_import_changes_nothing(
    client, home, owner, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    content = messy_workbook(
        [row(directory, "JT-001", "石桥村道路硬化工程"), row(directory, "JT-002", "河湾大桥工程")]
    )
    response = upload(client, content)
    assert "导入完成：新登记项目 2 个，列入清单 2 个" in response.content.decode()
    project = Project.objects.get(code="JT-001")
    assert project.status == ProjectStatus.LISTED
    assert project.owner == owner
    assert str(project.government_investment) == "1000.50"
    assert project.planned_end == datetime.date(2026, 10, 1)
    assert sorted(t.name for t in project.townships.all()) == ["测试镇1-1", "测试镇1-2"]
    assert project.forecasts.get(year=2026).local_workers == 60
    entry = AnnualListEntry.objects.get(project=project)
    assert (entry.annual_list.year, entry.added_on) == (2026, datetime.date(2026, 3, 15))

    before = state()
    response = upload(client, content)
    assert state()[:3] == before[:3]
    assert "原已在清单中 2 个" in response.content.decode()
    recent = client.get(reverse("projects:annual-list-import")).content.decode()
    assert recent.count("清单.xlsx") == 2


def test_every_bad_row_is_named_and_nothing_is_imported(client, home, owner, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    water = Category.objects.get(directory=directory, number=5)
    content = messy_workbook(
        [
            row(directory, "JT-001", "好的一行"),
            row(directory, "JT-002", "未知部门", department="测试区宣传部"),
            row(directory, "JT-001", "重复编码"),
            row(directory, "JT-004", "类别不属于领域", category=water.name),
            row(directory, "JT-005", "完工早于开工", end="2026-01-01"),
            row(directory, "JT-006", "负投资", total=-5),
            row(directory, "JT-007", "以工代赈超政府投资", relief=2000),
            row(directory, "JT-008", "坏日期", start="明年春天"),
            row(directory, "JT-009", "未知乡镇", townships="火星镇"),
        ]
    )
    before = state()
    response = upload(client, content)
    text = response.content.decode()
    assert "文件未导入，请修改以下 9 处后重新上传" in text
    # Excel rows: title, filler, two header rows, then the data from row 5.
    assert "第 6 行「行业主管部门」：“测试区宣传部”不是本区的行业主管部门" in text
    assert "第 7 行「项目编码」：项目编码“JT-001”与第 5 行重复" in text
    assert "第 8 行「具体类别」" in text
    assert "不属于建设领域" in text
    assert "第 9 行「计划完工日期」：计划完工日期不能早于计划开工日期" in text
    assert "第 10 行「总投资」" in text
    assert "第 11 行「其中以工代赈资金」：以工代赈资金不能超过政府投资" in text
    assert "第 12 行「计划开工日期」：“明年春天”不是日期" in text
    assert "第 13 行「所在乡镇（街道）」：“火星镇”不是本区的乡镇（街道）" in text
    assert state() == before


def test_a_sheet_without_the_header_or_a_required_column_is_refused(client, home, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    workbook = Workbook()
    workbook.active.append(["名称", "金额"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "没有找到表头" in upload(client, buffer.getvalue()).content.decode()
    assert "文件无法读取" in upload(client, b"not an excel file").content.decode()
    assert Project.objects.count() == 0


def test_a_department_import_puts_its_proposals_in_the_reserve(client, home, owner, directory):
    client.force_login(member(home["department"], Role.EDITOR))
    response = upload(client, messy_workbook([row(directory, "JT-001", "村道工程")]))
    assert "导入完成：新登记项目 1 个，列入清单 0 个" in response.content.decode()
    project = Project.objects.get(code="JT-001")
    assert project.status == ProjectStatus.RESERVE
    assert not AnnualListEntry.objects.exists()
    other = OrganizationFactory(
        code="dept-2",
        name="测试区水利局",
        kind=OrganizationKind.DEPARTMENT,
        region=home["district"],
    )
    assert other.pk
    response = upload(
        client, messy_workbook([row(directory, "SL-001", "水利工程", department="测试区水利局")])
    )
    assert "只能申报本部门主管的项目" in response.content.decode()


def test_the_list_exports_as_it_stood_on_a_date_and_imports_back(client, home, owner, directory):
    office = member(home["office"], Role.EDITOR)
    client.force_login(office)
    upload(
        client,
        messy_workbook(
            [
                row(directory, "JT-001", "石桥村道路硬化工程"),
                row(directory, "JT-002", "河湾大桥工程"),
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
    assert in_may["J3"].value == "投资（万元）"
    assert in_may["J4"].value == "总投资"
    assert [in_may.cell(r, 2).value for r in (5, 6)] == ["JT-001", "JT-002"]
    assert in_may["A7"].value == "合计"
    assert float(in_may["J7"].value) == 2400
    in_july = read("2026-07-01")
    assert in_july["B5"].value == "JT-001"
    assert in_july["A6"].value == "合计"

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
    before = state()
    response = client.get(export, {"on": "2026-05-01"})
    assert "导入完成" in upload(client, response.content, on="2026-07-02").content.decode()
    assert Project.objects.count() == before[0]
    assert AnnualListEntry.objects.filter(project__code="JT-002").count() == 2  # re-listed


def test_a_failure_half_way_through_the_write_leaves_nothing_behind(
    client, home, owner, directory, monkeypatch
):
    from projects import services

    real_add = services.annual_list_add
    calls = []

    def add_then_fail(**kwargs):
        calls.append(kwargs["project"].code)
        if len(calls) == 2:
            raise RuntimeError("数据库连接中断")
        return real_add(**kwargs)

    monkeypatch.setattr(services, "annual_list_add", add_then_fail)
    client.force_login(member(home["office"], Role.EDITOR))
    content = messy_workbook(
        [row(directory, "JT-001", "石桥村道路硬化工程"), row(directory, "JT-002", "河湾大桥工程")]
    )
    before = state()
    response = upload(client, content)
    assert calls == ["JT-001", "JT-002"]
    assert "导入时发生系统错误，未写入任何数据" in response.content.decode()
    assert state() == before


def upload_file(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("清单.xlsx", content)


def test_a_project_that_may_not_be_listed_is_named_by_its_row(client, home, owner, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    content = messy_workbook([row(directory, "JT-001", "石桥村道路硬化工程")])
    upload(client, content)
    Project.objects.filter(code="JT-001").update(status=ProjectStatus.EVALUATED)
    page = upload(client, content, year="2027", on="2027-02-01").content.decode()
    assert "第 5 行「项目编码」：项目“石桥村道路硬化工程”当前为「已评价」，不能列入清单" in page
    assert not AnnualListEntry.objects.filter(annual_list__year=2027).exists()
