"""Fixtures every app's tests share: the home district and another one, its office's users,
a real Celery worker, and the wait for a background job's result."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from tests.portal.factories import OrganizationFactory, district_tree, member


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a directory of the test's own, not the installation's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def home(db):
    """The district the tests act in: its office, a department, a township and a contractor."""
    tree = district_tree(1)
    district = tree["district"]
    tree["office"] = OrganizationFactory(
        code="office-1",
        name="测试区发展和改革局",
        kind=OrganizationKind.COORDINATION_OFFICE,
        region=district,
    )
    tree["department"] = OrganizationFactory(
        code="dept-1", name="测试区交通局", kind=OrganizationKind.DEPARTMENT, region=district
    )
    tree["township"] = OrganizationFactory(
        code="town-1",
        name="测试镇人民政府",
        kind=OrganizationKind.TOWNSHIP,
        region=tree["townships"][0],
    )
    tree["contractor"] = OrganizationFactory(
        code="contractor-1",
        name="测试建设有限公司",
        kind=OrganizationKind.CONTRACTOR,
        region=district,
    )
    return tree


@pytest.fixture
def elsewhere(db):
    """Another district with its own office: everything in `home` is outside its scope."""
    tree = district_tree(2)
    tree["office"] = OrganizationFactory(
        code="office-2",
        name="外区发展和改革局",
        kind=OrganizationKind.COORDINATION_OFFICE,
        region=tree["district"],
    )
    return tree


@pytest.fixture
def office_editor(home):
    return member(home["office"], Role.EDITOR)


@pytest.fixture
def office_viewer(home):
    return member(home["office"], Role.VIEWER)


@pytest.fixture
def office_scope(office_editor):
    """The scope services see when the office's editor acts."""
    return Scope.for_user(office_editor)


@pytest.fixture
def redis_worker(transactional_db):
    """A real Celery worker (in a thread) on the real Redis broker, eager mode off."""
    from portal.celery import app

    broker = settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/14"
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)


FINISHED_JOB_MARKERS = ('data-status="done"', 'data-status="rejected"', 'data-status="failed"')


@pytest.fixture
def wait_for_job():
    """Poll a job's status block as the page's htmx does (`HX-Request`), until the job has
    finished; returns the last fragment. For the tests that run a real worker."""

    def wait(client, url: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
            if any(marker in fragment for marker in FINISHED_JOB_MARKERS):
                return fragment
            assert 'hx-trigger="every 1s"' in fragment  # still running: the block reloads itself
            time.sleep(0.2)
        raise AssertionError("后台任务没有在时限内完成")

    return wait
