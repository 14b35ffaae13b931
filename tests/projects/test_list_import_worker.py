"""The list import as it runs in production: the upload is queued on Redis, a real worker
checks and writes it, and the status page follows it until the result."""

import time

import pytest
from django.urls import reverse

from portal.models import Role
from projects.models import AnnualListEntry, ListImport, Project
from tests.factories import member
from tests.projects.test_list_excel import messy_workbook, row, upload_file

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def owner(home):
    from portal.models import OrganizationKind
    from tests.factories import OrganizationFactory

    return OrganizationFactory(
        code="owner-1",
        name="测试城投公司",
        short_name="城投公司",
        kind=OrganizationKind.OWNER,
        region=home["district"],
    )


def wait_for_result(client, url: str, seconds: float = 30) -> str:
    """Poll the status block as the page's htmx does, until the import has finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        if 'data-status="done"' in fragment or 'data-status="rejected"' in fragment:
            return fragment
        assert 'hx-trigger="every 1s"' in fragment  # still running: the block reloads itself
        time.sleep(0.2)
    raise AssertionError("导入没有在时限内完成")


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
