"""Writes of a project's lifecycle: checkpoints with their documents, and the evaluation."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.models import OVERSEEING_KINDS
from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import Checkpoint, CompletionEvaluation, Project, ProjectStatus
from projects.selectors import project_can_edit

CHECKPOINT_FIELDS = ("date", "document", "note", "bank", "account")


@transaction.atomic
def checkpoint_record(
    *, scope: Scope, project: Project, kind: str, data: dict[str, Any]
) -> Checkpoint:
    """Record (or replace) a lifecycle checkpoint with its date and document. A replaced
    document's file is deleted from storage once the transaction has committed (not before:
    a rollback keeps the checkpoint pointing at it)."""
    if not project_can_edit(scope=scope, project=project, allow_owner=True):
        raise PermissionDenied("您无权记录该项目的节点。")
    checkpoint = Checkpoint.objects.filter(project=project, kind=kind).first() or Checkpoint(
        project=project, kind=kind
    )
    replaced = checkpoint.document.name if checkpoint.pk and checkpoint.document else ""
    for field in CHECKPOINT_FIELDS:
        if field in data and data[field] not in (None, ""):
            setattr(checkpoint, field, data[field])
    checkpoint.recorded_by = scope.user
    checkpoint.full_clean()
    check_not_future(checkpoint.date, field="date", label="节点日期")
    checkpoint.save()
    if replaced and checkpoint.document.name != replaced:
        storage = checkpoint.document.storage
        # robust: the new document is recorded by then; a file that cannot be removed is
        # logged, not turned into an error page.
        transaction.on_commit(lambda: storage.delete(replaced), robust=True)
    audit_record(
        scope=scope,
        action="checkpoint.record",
        summary=f"记录项目节点：{project.code} "
        f"{checkpoint.get_kind_display()}（{checkpoint.date:%Y-%m-%d}）",
        target=project,
        region=project.region,
    )
    return checkpoint


@transaction.atomic
def evaluation_record(
    *,
    scope: Scope,
    project: Project,
    evaluated_on: datetime.date,
    judgement: str,
    comments: str,
    reason: str = "",
) -> CompletionEvaluation:
    """Evaluate a completed project, or revise its evaluation. Guarantees: the first evaluation
    moves the project to 已评价; a revision (with its reason) is a new version and every earlier
    one is kept as it was; no date after today; nothing of the project's figures is stored
    (they are read from the records when the evaluation is shown); one audit entry."""
    scope.require_write(OVERSEEING_KINDS)
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权评价该项目。")
    # One revision at a time: the next version number is read under the project's lock.
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED):
        raise ValidationError({"project": "项目完工后才能进行以工代赈综合评价。"})
    current = CompletionEvaluation.objects.filter(project=project).order_by("-version").first()
    evaluation = CompletionEvaluation(
        project=project,
        version=current.version + 1 if current else 1,
        evaluated_on=evaluated_on,
        judgement=judgement,
        comments=comments,
        reason=reason.strip() if current else "",
        evaluator=scope.user,
    )
    evaluation.full_clean()
    check_not_future(evaluation.evaluated_on, field="evaluated_on", label="评价日期")
    evaluation.save()
    if project.status != ProjectStatus.EVALUATED:
        project.status = ProjectStatus.EVALUATED
        project.save(update_fields=["status", "updated_at"])
    if current is None:
        summary = f"项目 {project.code} 完成以工代赈综合评价：{evaluation.get_judgement_display()}"
    else:
        summary = (
            f"项目 {project.code} 修订以工代赈综合评价（第{evaluation.version}版）："
            f"{current.get_judgement_display()} → {evaluation.get_judgement_display()}，"
            f"原因：{evaluation.reason}"
        )
    audit_record(
        scope=scope,
        action="project.evaluate",
        summary=summary,
        target=project,
        region=project.region,
    )
    return evaluation
