"""The annual-list importer (projects/importers.py): a department's messy sheet is imported
whole or not at all, every bad row named by its row and column; through the upload page, with
Celery eager, and under a real worker on Redis."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from portal.models import AuditEntry, JobStatus, OrganizationKind, Role
from projects.models import (
    AnnualListEntry,
    Category,
    ListImport,
    Project,
    ProjectForecast,
    ProjectStatus,
)
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import list_row, list_upload, list_workbook


def state():
    return (
        Project.objects.count(),
        AnnualListEntry.objects.count(),
        ProjectForecast.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_office_imports_a_messy_list_and_a_second_import_changes_nothing(
    client, home, owner, directory, upload_list
):
    client.force_login(member(home["office"], Role.EDITOR))
    content = list_workbook(
        [
            list_row(directory, "JT-001", "石桥村道路硬化工程"),
            list_row(directory, "JT-002", "河湾大桥工程"),
        ]
    )
    response = upload_list(client, content)
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
    response = upload_list(client, content)
    assert state()[:3] == before[:3]
    assert "原已在清单中 2 个" in response.content.decode()
    recent = client.get(reverse("projects:annual-list-import")).content.decode()
    assert recent.count("清单.xlsx") == 2


def test_every_bad_row_is_named_and_nothing_is_imported(
    client, home, owner, directory, upload_list
):
    client.force_login(member(home["office"], Role.EDITOR))
    water = Category.objects.get(directory=directory, number=5)
    content = list_workbook(
        [
            list_row(directory, "JT-001", "好的一行"),
            list_row(directory, "JT-002", "未知部门", department="测试区宣传部"),
            list_row(directory, "JT-001", "重复编码"),
            list_row(directory, "JT-004", "类别不属于领域", category=water.name),
            list_row(directory, "JT-005", "完工早于开工", end="2026-01-01"),
            list_row(directory, "JT-006", "负投资", total=-5),
            list_row(directory, "JT-007", "以工代赈超政府投资", relief=2000),
            list_row(directory, "JT-008", "坏日期", start="明年春天"),
            list_row(directory, "JT-009", "未知乡镇", townships="火星镇"),
        ]
    )
    before = state()
    response = upload_list(client, content)
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


def test_a_sheet_without_the_header_or_a_required_column_is_refused(
    client, home, directory, upload_list
):
    client.force_login(member(home["office"], Role.EDITOR))
    workbook = Workbook()
    workbook.active.append(["名称", "金额"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "没有找到表头" in upload_list(client, buffer.getvalue()).content.decode()
    assert Project.objects.count() == 0


def test_a_file_that_is_not_excel_is_refused_before_it_is_queued(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": list_upload(b"not an excel file")},
    )
    assert response.status_code == 200
    assert "文件无法读取" in response.content.decode()
    assert not ListImport.objects.exists()


def test_a_department_import_puts_its_proposals_in_the_reserve(
    client, home, owner, directory, upload_list
):
    client.force_login(member(home["department"], Role.EDITOR))
    response = upload_list(client, list_workbook([list_row(directory, "JT-001", "村道工程")]))
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
    response = upload_list(
        client,
        list_workbook([list_row(directory, "SL-001", "水利工程", department="测试区水利局")]),
    )
    assert "只能申报本部门主管的项目" in response.content.decode()


def test_a_failure_half_way_through_the_write_leaves_nothing_behind(
    client, home, owner, directory, monkeypatch, upload_list
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
    content = list_workbook(
        [
            list_row(directory, "JT-001", "石桥村道路硬化工程"),
            list_row(directory, "JT-002", "河湾大桥工程"),
        ]
    )
    before = state()
    response = upload_list(client, content)
    assert calls == ["JT-001", "JT-002"]
    assert "导入时发生系统错误，未写入任何数据" in response.content.decode()
    assert state() == before


def test_a_project_that_may_not_be_listed_is_named_by_its_row(
    client, home, owner, directory, upload_list
):
    client.force_login(member(home["office"], Role.EDITOR))
    content = list_workbook([list_row(directory, "JT-001", "石桥村道路硬化工程")])
    upload_list(client, content)
    Project.objects.filter(code="JT-001").update(status=ProjectStatus.EVALUATED)
    page = upload_list(client, content, year="2027", on="2027-02-01").content.decode()
    assert "第 5 行「项目编码」：项目“石桥村道路硬化工程”当前为「已评价」，不能列入清单" in page
    assert not AnnualListEntry.objects.filter(annual_list__year=2027).exists()


@pytest.mark.celery_worker
def test_a_real_worker_imports_the_list(redis_worker, wait_for_job, client, home, owner, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    rows = [list_row(directory, f"JT-{n:03d}", f"村道工程{n}") for n in range(1, 41)]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": list_upload(list_workbook(rows))},
    )
    assert response.status_code == 302
    fragment = wait_for_job(client, response["Location"])
    assert "导入完成：新登记项目 40 个，列入清单 40 个" in fragment
    assert Project.objects.filter(code__startswith="JT-").count() == 40
    assert AnnualListEntry.objects.filter(annual_list__year=2026).count() == 40
    list_import = ListImport.objects.get()
    assert list_import.status == JobStatus.DONE
    assert list_import.finished_at is not None


@pytest.mark.celery_worker
def test_a_rejected_file_changes_nothing_under_a_real_worker(
    redis_worker, wait_for_job, client, home, owner, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    rows = [list_row(directory, "JT-001", "好的一行"), list_row(directory, "JT-001", "重复编码")]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": list_upload(list_workbook(rows))},
    )
    fragment = wait_for_job(client, response["Location"])
    assert "第 6 行「项目编码」：项目编码“JT-001”与第 5 行重复" in fragment
    assert not Project.objects.filter(code="JT-001").exists()
