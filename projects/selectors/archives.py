"""Reads of a project's archive: its documents by kind with their versions, what is missing,
when the retention ends, and the maintenance responsibility."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet, Value

from portal.rules import rules_for
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import (
    WORKS_COMPLETE_STATUSES,
    ArchiveKind,
    Checkpoint,
    CheckpointKind,
    DocumentVersion,
    MaintenanceResponsibility,
    Project,
    ProjectDocument,
    ReportKind,
)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)


def document_retention_end(project: Project) -> datetime.date | None:
    """The first day a document of the project may be deleted: the region's retention
    (`document_retention_years`) after completion, which is the acceptance checkpoint's date.
    None for a project never accepted: its documents are never deletable."""
    accepted = (
        Checkpoint.objects.filter(project=project, kind=CheckpointKind.ACCEPTANCE)
        .values_list("date", flat=True)
        .first()
    )
    if accepted is None:
        return None
    return _years_later(accepted, rules_for(project.region).document_retention_years)


def document_get(*, scope: Scope, project: Project, pk: int) -> ProjectDocument:
    """A kept document of the project, 404 when outside the scope or deleted."""
    documents = ProjectDocument.objects.visible_to(scope).kept().filter(project=project)
    return get_or_404(documents.select_related("project__region"), "没有找到该文件。", pk=pk)


def document_version_get(*, scope: Scope, project: Project, pk: int) -> DocumentVersion:
    """A version of a kept document of the project (any version, not only the newest)."""
    versions = DocumentVersion.objects.visible_to(scope).filter(
        document__project=project, document__deleted_at__isnull=True
    )
    return get_or_404(versions.select_related("document"), "没有找到该文件版本。", pk=pk)


def newest_version(*, scope: Scope, project: Project, kind: str) -> DocumentVersion | None:
    """The newest version of the project's (kept) document of a single-document kind."""
    return (
        DocumentVersion.objects.visible_to(scope)
        .filter(document__project=project, document__kind=kind, document__deleted_at__isnull=True)
        .select_related("document")
        .order_by("-number")
        .first()
    )


def _documents(scope: Scope, project: Project) -> QuerySet[ProjectDocument]:
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return (
        ProjectDocument.objects.visible_to(scope)
        .kept()
        .filter(project=project)
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


def archive_groups(*, scope: Scope, project: Project) -> dict:
    """The archive tab: each kind (the checkpoints' documents, then each archive, then the
    evaluation report) with its documents and their versions, newest first; what is missing
    (each archive without a document once the works are complete, each recorded checkpoint
    without its document); and when the retention ends. A fixed number of queries."""
    documents = list(_documents(scope, project))
    by_kind: dict[str, list[ProjectDocument]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    recorded = set(
        Checkpoint.objects.visible_to(scope).filter(project=project).values_list("kind", flat=True)
    )
    complete = project.status in WORKS_COMPLETE_STATUSES
    groups = []
    for kind, label in CheckpointKind.choices:
        if kind in recorded or kind in by_kind:
            missing = kind in recorded and kind not in by_kind
            groups.append(_group(kind, label, by_kind, missing, checkpoint=True))
    for kind, label in ArchiveKind.choices:
        groups.append(_group(kind, label, by_kind, complete and kind not in by_kind))
    for kind, label in ReportKind.choices:
        if kind in by_kind:
            groups.append(_group(kind, label, by_kind, False))
    return {
        "archive_groups": groups,
        "archive_missing": [group["label"] for group in groups if group["missing"]],
        "retention_end": document_retention_end(project),
        "retention_years": rules_for(project.region).document_retention_years,
    }


def _group(kind, label, by_kind, missing: bool, checkpoint: bool = False) -> dict:
    return {
        "kind": kind,
        "label": label,
        "documents": by_kind.get(kind, []),
        "missing": missing,
        "checkpoint": checkpoint,
        "archive": kind in ArchiveKind.values,
    }


def archive_missing_count(*, scope: Scope, project: Project) -> int:
    """How many documents the archive lacks (the tab's badge), in one query."""
    checkpoints = (
        Checkpoint.objects.filter(project=project)
        .order_by()
        .annotate(source=Value("checkpoint"))
        .values_list("source", "kind")
    )
    documents = (
        ProjectDocument.objects.kept()
        .filter(project=project)
        .order_by()
        .annotate(source=Value("document"))
        .values_list("source", "kind")
    )
    rows = set(checkpoints.union(documents).order_by())
    present = {kind for source, kind in rows if source == "document"}
    recorded = {kind for source, kind in rows if source == "checkpoint"}
    missing = len(recorded - present)
    if project.status in WORKS_COMPLETE_STATUSES:
        missing += len(set(ArchiveKind.values) - present)
    return missing


def maintenance_get(*, scope: Scope, project: Project) -> MaintenanceResponsibility | None:
    return (
        MaintenanceResponsibility.objects.visible_to(scope)
        .filter(project=project)
        .select_related("unit")
        .first()
    )
