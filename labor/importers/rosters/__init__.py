"""The roster upload (用工名册导入): a contractor's own Excel file, checked in full, then
written in one transaction — new workers registered in bulk, existing ones found by the blind
index of their ID number one query per batch, new engagements created in bulk, an engagement
already on the roster left alone (or completed from the file's non-blank cells). Re-uploading
the same file changes nothing. One audit entry for the upload, none when nothing changed.

Run as a background job from the upload page (`roster_import_start`, `roster_import_perform`)
and synchronously by `manage.py import_roster`; both call `roster_import`."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from labor.importers.rosters.checking import (
    ALIASES,
    MAX_ROWS,
    RosterImporter,
    RosterImportRejected,
)
from labor.importers.rosters.writing import RosterResult, roster_write
from labor.models import RosterImport
from labor.services import roster_can_write, roster_lock
from portal.jobs import Outcome, job_enqueue
from portal.models import CONTRACTOR_KINDS
from portal.progress import Progress
from portal.scope import Scope
from projects.models import Project


def roster_import(
    *,
    scope: Scope,
    project: Project,
    content: bytes,
    entry_date: datetime.date,
    filename: str = "",
    progress: Progress | None = None,
) -> RosterResult:
    """Check the whole roster, then write it in one transaction, or raise
    LaborImportRejected (RosterImportRejected with row and column) with nothing written."""
    scope.require_write(CONTRACTOR_KINDS, "只有施工单位的填报员可以导入用工名册。")
    with transaction.atomic():
        # Checked and written under the project's roster lock: what was checked is still
        # true when it is written, and a concurrent upload waits for this one.
        roster_lock(project)
        return _roster_import(scope, project, content, entry_date, filename, progress)


def _roster_import(scope, project, content, entry_date, filename, progress) -> RosterResult:
    importer = RosterImporter(
        scope=scope, project=project, entry_date=entry_date, progress=progress
    )
    rows = importer.parse(content)
    if importer.found:
        importer.reject()
    return roster_write(importer, rows, filename=filename)


def roster_import_start(*, scope: Scope, project: Project, upload, entry_date) -> RosterImport:
    """Keep the uploaded file and queue its import (checked and written by a worker)."""
    if not roster_can_write(scope=scope, project=project, contractor=scope.organization):
        raise PermissionDenied("只有参建该项目的施工单位可以导入其用工名册。")
    roster_import_job = RosterImport.objects.create(
        organization=scope.organization,
        user=scope.user,
        project=project,
        entry_date=entry_date,
        file=upload,
        filename=upload.name[:200],
    )
    job_enqueue(roster_import_job)
    return roster_import_job


def roster_import_perform(job: RosterImport, scope: Scope, progress: Progress) -> Outcome:
    """The work of a roster upload (portal.jobs.job_run). Run again after a crash, it finds
    what a first run committed and changes nothing."""
    with job.file.open("rb") as upload:
        content = upload.read()
    result = roster_import(
        scope=scope,
        project=job.project,
        content=content,
        entry_date=job.entry_date,
        filename=job.filename,
        progress=progress,
    )
    return Outcome(summary=result.summary())


__all__ = [
    "ALIASES",
    "MAX_ROWS",
    "RosterImportRejected",
    "RosterResult",
    "roster_import",
    "roster_import_perform",
    "roster_import_start",
]
