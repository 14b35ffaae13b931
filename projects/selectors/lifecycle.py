"""Reads of a project's lifecycle: its checkpoints and its completion evaluation."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from portal.scope import Scope
from projects.models import (
    AFTER_CONTRACT_CHECKPOINTS,
    CHECKPOINT_PREDECESSOR,
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    DocumentVersion,
    Project,
    required_checkpoints,
)

# Where the completion evaluation's result is shown beside the checkpoint it informs (seed 000:
# a reference for acceptance and the final-account audit).
EVALUATION_INFORMS = (CheckpointKind.ACCEPTANCE, CheckpointKind.FINAL_AUDIT)


def checkpoint_list(*, scope: Scope, project: Project) -> QuerySet[Checkpoint]:
    return Checkpoint.objects.visible_to(scope).filter(project=project)


def checkpoint_get(*, scope: Scope, project: Project, kind: str) -> Checkpoint | None:
    """The project's checkpoint of that kind, None while it is not recorded."""
    return checkpoint_list(scope=scope, project=project).filter(kind=kind).first()


def checkpoint_documents(*, scope: Scope, project: Project) -> dict[str, DocumentVersion]:
    """The newest version of each checkpoint's document, by checkpoint kind, in one query."""
    versions = (
        DocumentVersion.objects.visible_to(scope)
        .filter(
            document__project=project,
            document__kind__in=CheckpointKind.values,
            document__deleted_at__isnull=True,
        )
        .select_related("document")
        .order_by("document__kind", "number")
    )
    return {version.document.kind: version for version in versions}  # the newest wins


def checkpoint_rows(*, scope: Scope, project: Project) -> list[dict]:
    """Every kind of checkpoint, the ones after the contract last, with its record (or None),
    its document's newest version, the number of versions, whether the project needs it, and
    for those after the contract the checkpoint it must follow."""
    recorded = {c.kind: c for c in checkpoint_list(scope=scope, project=project)}
    documents = checkpoint_documents(scope=scope, project=project)
    required = required_checkpoints(project)
    return [
        {
            "kind": kind,
            "label": label,
            "record": recorded.get(kind),
            "document": documents.get(kind),
            "required": kind in required,
            "after_contract": kind in AFTER_CONTRACT_CHECKPOINTS,
            # the completion evaluation is a reference for acceptance and the final audit
            "shows_evaluation": kind in EVALUATION_INFORMS,
            "is_maintenance": kind == CheckpointKind.MAINTENANCE,
            "follows": CheckpointKind(CHECKPOINT_PREDECESSOR[kind]).label
            if kind in CHECKPOINT_PREDECESSOR
            else "",
        }
        for kind, label in CheckpointKind.choices
    ]


def _evaluations(scope: Scope, project: Project) -> QuerySet[CompletionEvaluation]:
    return (
        CompletionEvaluation.objects.visible_to(scope)
        .filter(project=project)
        .select_related("evaluator", "evaluating_unit", "report")
        .prefetch_related("participants", Prefetch("scores"))
        .order_by("-version")
    )


def evaluation_versions(*, scope: Scope, project: Project) -> list[CompletionEvaluation]:
    """Every version of the project's completion evaluation, the current one first, with its
    unit, participants, scores and report; empty while it is not evaluated."""
    return list(_evaluations(scope, project))


def evaluation_get(*, scope: Scope, project: Project) -> CompletionEvaluation | None:
    """The current version of the project's completion evaluation, None before there is one."""
    return _evaluations(scope, project).first()
