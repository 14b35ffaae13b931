"""The Excel exports (projects/exports.py): the filtered project list built in the background
and downloaded, and an annual list as it stood on a date, in the layout sent upward; both read
back with openpyxl, and the list read back by the importer."""

import io
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Role
from projects.models import AnnualListEntry, Project
from tests.portal.factories import member
from tests.projects.factories import ProjectFactory, list_row, list_upload, list_workbook


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
    assert [sheet.cell(5, c).value for c in (2, 3, 4, 9, 17)] == [
        "A-1",
        "石桥公路工程",
        "区级",
        "测试镇1-1",
        "储备",
    ]
    assert sheet["A6"].value == "合计"
    assert float(sheet["J6"].value) == 1000


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
