"""Files built for download in the background: each app registers a builder for its kind of
export; a page starts the export and sends the user to its status page, which follows the
worker's progress (`Export.progress()`) and offers the file when it is ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile

from portal.jobs import Outcome, job_enqueue
from portal.models import Export
from portal.progress import Progress
from portal.scope import Scope


@dataclass(frozen=True)
class Built:
    filename: str
    content: bytes
    rows: int


# kind → builder(scope, params, progress) -> Built
BUILDERS: dict[str, Callable[[Scope, dict, Progress], Built]] = {}


def register_builder(kind: str, builder: Callable[[Scope, dict, Progress], Built]) -> None:
    BUILDERS[kind] = builder


def export_start(*, scope: Scope, kind: str, title: str, params: dict) -> Export:
    """Record the export and queue it once the record is committed."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown export kind {kind!r}")
    export = Export.objects.create(
        organization=scope.organization, user=scope.user, kind=kind, title=title, params=params
    )
    job_enqueue(export)
    return export


def export_perform(export: Export, scope: Scope, progress: Progress) -> Outcome:
    """The work of an export job (portal.jobs.job_run): build the file with its builder."""
    built = BUILDERS[export.kind](scope, export.params, progress)
    export.file.save(f"{export.token}.xlsx", ContentFile(built.content), save=False)
    return Outcome(
        summary=f"共 {built.rows} 行",
        fields={"file": export.file, "filename": built.filename, "rows": built.rows},
    )
