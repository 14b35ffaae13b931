"""Reads of a project's lifecycle: its checkpoints and its completion evaluation."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.scope import Scope
from projects.models import (
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    Project,
    required_checkpoints,
)


def checkpoint_list(*, scope: Scope, project: Project) -> QuerySet[Checkpoint]:
    return Checkpoint.objects.visible_to(scope).filter(project=project)


def checkpoint_get(*, scope: Scope, project: Project, kind: str) -> Checkpoint | None:
    """The project's checkpoint of that kind, None while it is not recorded."""
    return checkpoint_list(scope=scope, project=project).filter(kind=kind).first()


def checkpoint_rows(*, scope: Scope, project: Project) -> list[dict]:
    """Every kind of checkpoint with its record (or None) and whether the project needs it."""
    recorded = {c.kind: c for c in checkpoint_list(scope=scope, project=project)}
    required = required_checkpoints(project)
    return [
        {"kind": kind, "label": label, "record": recorded.get(kind), "required": kind in required}
        for kind, label in CheckpointKind.choices
    ]


def evaluation_versions(*, scope: Scope, project: Project) -> list[CompletionEvaluation]:
    """Every version of the project's completion evaluation, the current one first; empty
    while it is not evaluated."""
    evaluations = CompletionEvaluation.objects.visible_to(scope).filter(project=project)
    return list(evaluations.select_related("evaluator").order_by("-version"))


def evaluation_get(*, scope: Scope, project: Project) -> CompletionEvaluation | None:
    """The current version of the project's completion evaluation, None before there is one."""
    evaluations = CompletionEvaluation.objects.visible_to(scope).filter(project=project)
    return evaluations.select_related("evaluator").order_by("-version").first()
