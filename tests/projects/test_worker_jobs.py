"""The list import and the project export as they run in production: queued on Redis, done by
a real worker, followed on their status pages until the result."""

import time

import pytest
from django.urls import reverse

from portal.models import Role
from projects.models import AnnualListEntry, ListImport, Project
from tests.factories import member
from tests.projects.test_list_excel import messy_workbook, row, upload_file

pytestmark = pytest.mark.celery_worker


FINISHED = ('data-status="done"', 'data-status="rejected"', 'data-status="failed"')


def wait_for_result(client, url: str, seconds: float = 30) -> str:
    """Poll a job's status block as the page's htmx does, until the job has finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        if any(status in fragment for status in FINISHED):
            return fragment
        assert 'hx-trigger="every 1s"' in fragment  # still running: the block reloads itself
        time.sleep(0.2)
    raise AssertionError("后台任务没有在时限内完成")


def test_a_real_worker_imports_the_list(redis_worker, client, home, owner, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    rows = [row(directory, f"JT-{n:03d}", f"村道工程{n}") for n in range(1, 41)]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": upload_file(messy_workbook(rows))},
    )
    assert response.status_code == 302
    fragment = wait_for_result(client, response["Location"])
    assert "导入完成：新登记项目 40 个，列入清单 40 个" in fragment
    assert Project.objects.filter(code__startswith="JT-").count() == 40
    assert AnnualListEntry.objects.filter(annual_list__year=2026).count() == 40
    list_import = ListImport.objects.get()
    assert list_import.status == "done"
    assert list_import.finished_at is not None


def test_a_rejected_file_changes_nothing_under_a_real_worker(
    redis_worker, client, home, owner, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    rows = [row(directory, "JT-001", "好的一行"), row(directory, "JT-001", "重复编码")]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": upload_file(messy_workbook(rows))},
    )
    fragment = wait_for_result(client, response["Location"])
    assert "第 6 行「项目编码」：项目编码“JT-001”与第 5 行重复" in fragment
    assert not Project.objects.filter(code="JT-001").exists()


def test_a_real_worker_builds_the_project_export(redis_worker, client, home, owner, directory):
    import io

    from openpyxl import load_workbook

    client.force_login(member(home["office"], Role.EDITOR))
    rows = [row(directory, f"JT-{n:03d}", f"村道工程{n}") for n in range(1, 6)]
    response = client.post(
        reverse("projects:annual-list-import"),
        {"year": "2026", "added_on": "2026-03-15", "file": upload_file(messy_workbook(rows))},
    )
    wait_for_result(client, response["Location"])

    response = client.post(reverse("projects:project-export"), {"q": "村道工程"})
    fragment = wait_for_result(client, response["Location"])
    assert "文件已生成：共 5 行" in fragment
    download = client.get(response["Location"] + "download/")
    content = b"".join(download.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sorted(sheet.cell(r, 2).value for r in range(5, 10)) == [
        f"JT-{n:03d}" for n in range(1, 6)
    ]
