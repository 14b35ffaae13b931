"""The one way a background job runs (portal.jobs): statuses, outcome, progress, attempts."""

import logging

import pytest
from django.urls import reverse

from portal import jobs, progress
from portal.jobs import JobRejected, Outcome, job_run
from portal.models import Export, JobStatus, OrganizationKind, Role


@pytest.fixture
def export(home, office_editor):
    return Export.objects.create(
        organization=home["office"], user=office_editor, kind="projects", title="测试导出"
    )


def test_a_job_runs_its_work_under_its_users_scope_and_records_the_outcome(export):
    seen = {}

    def work(job, scope, report):
        seen["organization"], seen["user"] = scope.organization, scope.user
        report(5, 10, "生成")
        seen["progress"] = job.progress()
        return Outcome(summary="共 3 行", fields={"rows": 3, "filename": "a.xlsx"})

    assert job_run(export, work) == JobStatus.DONE
    export.refresh_from_db()
    assert (export.status, export.summary, export.rows, export.filename) == (
        JobStatus.DONE,
        "共 3 行",
        3,
        "a.xlsx",
    )
    assert export.attempts == 1
    assert export.finished_at is not None
    assert seen["organization"] == export.organization
    assert seen["user"] == export.user
    assert seen["progress"] == {"phase": "生成", "done": 5, "total": 10, "percent": 50}
    assert progress.read(export.progress_key) is None  # cleared once finished
    assert export.progress() is None


def test_rejected_input_is_recorded_with_every_error(export):
    def work(job, scope, report):
        raise JobRejected(["第 3 行「项目编码」：不能为空", "第 4 行「总投资」：“abc”不是数字"])

    assert job_run(export, work) == JobStatus.REJECTED
    export.refresh_from_db()
    assert export.errors == ["第 3 行「项目编码」：不能为空", "第 4 行「总投资」：“abc”不是数字"]
    assert export.was_rejected
    assert export.is_finished
    assert not export.succeeded


def test_a_crash_is_logged_and_the_user_reads_the_kinds_plain_message(export, caplog):
    def work(job, scope, report):
        raise RuntimeError("connection reset")

    with caplog.at_level(logging.ERROR, logger="portal.jobs"):
        assert job_run(export, work) == JobStatus.FAILED
    export.refresh_from_db()
    assert export.errors == ["生成文件时发生系统错误，请稍后重试。"]
    assert "connection reset" in caplog.text  # the details go to the log, not to the user


def test_a_finished_job_is_not_run_again(export):
    calls = []

    def work(job, scope, report):
        calls.append(1)
        return Outcome()

    job_run(export, work)
    job_run(export, work)  # delivered twice: nothing happens the second time
    assert calls == [1]


def test_a_job_whose_worker_keeps_dying_is_given_up(export, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    # Two runs died with their worker: the row says running, attempts 2.
    Export.objects.filter(pk=export.pk).update(status=JobStatus.RUNNING, attempts=2)
    export.refresh_from_db()
    calls = []
    assert job_run(export, lambda job, scope, report: calls.append(1)) == JobStatus.FAILED
    export.refresh_from_db()
    assert calls == []
    assert export.errors == [jobs.GAVE_UP_MESSAGE]
    assert export.attempts == 3


def test_a_job_runs_as_its_organisation_when_its_user_is_gone(export):
    export.user.delete()
    export.refresh_from_db()
    scope = jobs.job_scope(export)
    assert scope.organization == export.organization
    assert scope.user is None


def test_a_kind_of_job_without_registered_work_cannot_be_queued(export, monkeypatch):
    monkeypatch.setattr(jobs, "_WORK", {})
    with pytest.raises(LookupError):
        jobs.job_enqueue(export)


def test_a_job_is_seen_by_its_organisation_alone(client, export, home):
    """The office's export is not shown to a department of the same district (404, as for
    an export that does not exist), nor to a viewer of another organisation."""
    from tests.portal.factories import member

    url = reverse("portal:export-status", args=[export.pk])
    client.force_login(member(home["department"], Role.ADMIN))
    assert client.get(url).status_code == 404
    client.force_login(member(home["office"], Role.VIEWER))
    assert client.get(url).status_code == 200
    assert home["department"].kind == OrganizationKind.DEPARTMENT
