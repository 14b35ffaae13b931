"""One way to run a background job (an import, an export, a report build).

A kind of job is a concrete model of `portal.models.Job` and one service that does its work,
`work(job, scope, progress) -> Outcome`, registered from the app's `AppConfig.ready()`:

    register_job_work(ListImport, importers.list_import_perform)

A service creates the job row and calls `job_enqueue(job)`; after the commit the one task,
`run_job`, takes the job's model and id, loads the row and calls `job_run`, which runs the
work under the user's scope and in Chinese, moves the job through its statuses, reports
progress through the cache and records the outcome on the row. Pages poll the row
(`Job.progress()`), never a task module. The work raises `JobRejected` with messages for the
user when the input is wrong (nothing is written), and any other exception when the system
failed (logged; the user reads a plain message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from portal import progress
from portal.models import Job, JobStatus
from portal.progress import Progress
from portal.scope import Scope

logger = logging.getLogger(__name__)

GAVE_UP_MESSAGE = "该任务多次未能完成（处理进程中断），已停止重试。请检查文件后重新提交。"


class JobRejected(Exception):
    """The job's input was refused; `errors` tell the user why, each naming its row and column
    where there is one. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:5]))
        self.errors = errors


@dataclass
class Outcome:
    """What a finished job records: a one-line summary and the fields of the job to save
    (e.g. the built file of an export)."""

    summary: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


Work = Callable[[Job, Scope, Progress], Outcome]

# "app_label.model" → the service that does that kind of job
_WORK: dict[str, Work] = {}


def register_job_work(model: type[Job], work: Work) -> None:
    _WORK[model._meta.label_lower] = work


def job_enqueue(job: Job) -> None:
    """Queue the job's run once the transaction that created its row commits (the worker must
    find the row); in eager mode (the demo) it runs at the commit, in the request."""
    if job._meta.label_lower not in _WORK:
        raise LookupError(f"no work registered for {job._meta.label_lower}")
    run_job.delay_on_commit(job._meta.label_lower, job.pk)


@shared_task(name="portal.run_job", time_limit=20 * 60, soft_time_limit=18 * 60)
def run_job(model_label: str, job_id: int) -> str:
    """The task of every background job: load the row, run its registered work."""
    model = apps.get_model(model_label)
    job = model.objects.select_related("user", "organization").get(pk=job_id)
    return job_run(job, _WORK[model_label])


def job_scope(job: Job) -> Scope:
    """The scope the job runs under: its user's, or its organisation's when the user is gone."""
    if job.user is not None:
        scope = Scope.for_user(job.user)
        if scope.organization is not None:
            return scope
    return Scope.system(job.organization)


def job_run(job: Job, work: Work) -> str:
    """Run `work` for `job` once, and record its outcome. Idempotent: a finished job is left as
    it is, so a task delivered twice does nothing the second time. A job whose earlier runs
    died with their worker (acks late: the broker hands it out again) is given up after
    JOB_MAX_ATTEMPTS runs, so one hostile file cannot take down worker after worker."""
    if job.is_finished:
        return job.status
    job.attempts += 1
    if job.attempts > settings.JOB_MAX_ATTEMPTS:
        return _finish(job, JobStatus.FAILED, errors=[GAVE_UP_MESSAGE])
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status", "attempts"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            outcome = work(job, job_scope(job), progress.reporter(job.progress_key))
    except JobRejected as rejected:
        return _finish(job, JobStatus.REJECTED, errors=rejected.errors)
    except Exception:
        logger.exception("%s %s failed", job._meta.label, job.pk)
        return _finish(job, JobStatus.FAILED, errors=[job.failed_message])
    for name, value in outcome.fields.items():
        setattr(job, name, value)
    return _finish(job, JobStatus.DONE, summary=outcome.summary, fields=list(outcome.fields))


def _finish(
    job: Job,
    status: str,
    *,
    errors: list[str] | None = None,
    summary: str = "",
    fields: list[str] | None = None,
) -> str:
    job.status, job.errors, job.summary = status, errors or [], summary[:300]
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "errors", "summary", "attempts", "finished_at", *(fields or [])]
    )
    progress.clear(job.progress_key)
    return job.status
