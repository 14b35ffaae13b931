"""Writes of a project's lifecycle: checkpoints with their documents (kept in versions), the
order of those after the contract, the maintenance responsibility, and the evaluation."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from portal.models import OVERSEEING_KINDS, Organization
from portal.scope import Scope
from portal.services import assign_changes, audit_record, check_not_future, labelled
from projects.models import (
    CHECKPOINT_PREDECESSOR,
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    EvaluationScore,
    MaintenanceResponsibility,
    Project,
    ProjectStatus,
    ReportKind,
)
from projects.selectors import newest_version, project_can_edit
from projects.services.archives import document_store

CHECKPOINT_FIELDS = ("date", "note", "bank", "account")
MAINTENANCE_FIELDS = ("unit", "collective_name", "planned_workers", "maintenance_note")
# Acceptance attests the works complete: it is recorded on a project being built (which it
# moves to 已完工) or already completed, never on one not yet started.
ACCEPTABLE_STATUSES = (
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.EVALUATED,
)


def _label(kind: str) -> str:
    return CheckpointKind(kind).label


def _check_order(project: Project, checkpoint: Checkpoint) -> None:
    """Refuse, with the reason, a checkpoint after the contract recorded out of order: before
    the one it follows, dated before it, or re-dated after one that follows it."""
    kind = checkpoint.kind
    if kind == CheckpointKind.ACCEPTANCE and project.status not in ACCEPTABLE_STATUSES:
        raise ValidationError(
            f"项目当前为「{project.get_status_display()}」，尚未开工建设，不能记录工程验收："
            "工程完工后才能组织验收。"
        )
    others = {
        other.kind: other
        for other in Checkpoint.objects.filter(project=project).exclude(pk=checkpoint.pk)
    }
    before = CHECKPOINT_PREDECESSOR.get(kind)
    if before is not None:
        prior = others.get(before)
        if prior is None:
            raise ValidationError(
                f"「{_label(kind)}」须在「{_label(before)}」之后：请先记录「{_label(before)}」。"
            )
        if checkpoint.date < prior.date:
            raise ValidationError(
                {
                    "date": f"{_label(kind)}日期（{checkpoint.date:%Y-%m-%d}）不能早于"
                    f"{_label(before)}日期（{prior.date:%Y-%m-%d}）。"
                }
            )
    for later, follows in CHECKPOINT_PREDECESSOR.items():
        if follows == kind and later in others and others[later].date < checkpoint.date:
            raise ValidationError(
                {
                    "date": f"{_label(kind)}日期（{checkpoint.date:%Y-%m-%d}）不能晚于已记录的"
                    f"{_label(later)}日期（{others[later].date:%Y-%m-%d}）。"
                }
            )


def _record_maintenance(scope: Scope, project: Project, since: datetime.date, data) -> str:
    """The maintenance responsibility recorded with its checkpoint; its summary for the audit."""
    responsibility = MaintenanceResponsibility.objects.filter(
        project=project
    ).first() or MaintenanceResponsibility(project=project)
    unit: Organization | None = data.get("unit") or None
    responsibility.unit = unit
    responsibility.collective_name = "" if unit else (data.get("collective_name") or "").strip()
    responsibility.planned_workers = data.get("planned_workers")
    responsibility.note = data.get("maintenance_note") or ""
    responsibility.since = since
    responsibility.recorded_by = scope.user
    if responsibility.planned_workers is None:
        raise ValidationError({"planned_workers": "请填写计划留用的当地管护人员人数。"})
    responsibility.full_clean()
    responsibility.save()
    return (
        f"，管护责任单位：{responsibility.responsible}，"
        f"计划留用当地管护人员 {responsibility.planned_workers} 人"
    )


@transaction.atomic
def checkpoint_record(
    *, scope: Scope, project: Project, kind: str, data: dict[str, Any]
) -> Checkpoint:
    """Record (or update) a lifecycle checkpoint with its date and document. Guarantees: no
    date after today; those after the contract in their order (acceptance only once works
    are under way or complete, moving a project under construction to 已完工; handover,
    settlement and final audit each after the one before, maintenance after handover, by
    record and by date); a new document becomes the newest version of the checkpoint's
    document, every earlier version kept; the maintenance checkpoint records who is
    responsible; one audit entry."""
    if not project_can_edit(scope=scope, project=project, allow_owner=True):
        raise PermissionDenied("您无权记录该项目的节点。")
    if kind not in CheckpointKind.values:
        raise ValidationError("没有这个项目节点。")
    # The order checks read the other checkpoints: one recording at a time per project.
    project = Project.objects.select_for_update().select_related("region").get(pk=project.pk)
    checkpoint = Checkpoint.objects.filter(project=project, kind=kind).first() or Checkpoint(
        project=project, kind=kind
    )
    given = {field: data[field] for field in CHECKPOINT_FIELDS if data.get(field) not in (None, "")}
    # A re-recorded checkpoint keeps in the log what it said before (a re-dated acceptance
    # moves the start of the archive's retention).
    changes = assign_changes(checkpoint, given, CHECKPOINT_FIELDS) if checkpoint.pk else {}
    if not checkpoint.pk:
        for field, value in given.items():
            setattr(checkpoint, field, value)
    checkpoint.recorded_by = scope.user
    checkpoint.full_clean()
    check_not_future(checkpoint.date, field="date", label="节点日期")
    _check_order(project, checkpoint)
    upload: UploadedFile | None = data.get("document") or None
    if upload is None and newest_version(scope=scope, project=project, kind=kind) is None:
        raise ValidationError({"document": "请上传节点文件。"})
    checkpoint.save()
    version = (
        document_store(scope=scope, project=project, kind=kind, upload=upload)
        if upload is not None
        else None
    )
    extra = f"，文件第{version.number}版" if version is not None else ""
    if kind == CheckpointKind.MAINTENANCE:
        extra += _record_maintenance(scope, project, checkpoint.date, data)
    if kind == CheckpointKind.ACCEPTANCE and project.status == ProjectStatus.UNDER_CONSTRUCTION:
        old = project.get_status_display()
        project.status = ProjectStatus.COMPLETED
        project.save(update_fields=["status", "updated_at"])
        extra += f"，项目状态：{old} → {project.get_status_display()}"
    audit_record(
        scope=scope,
        action="checkpoint.record",
        summary=f"记录项目节点：{project.code} "
        f"{checkpoint.get_kind_display()}（{checkpoint.date:%Y-%m-%d}）{extra}",
        target=project,
        region=project.region,
        changes=labelled(Checkpoint, changes),
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
    evaluating_unit: Organization | None = None,
    participants: list[Organization] | None = None,
    scores: list[tuple[str, Decimal, Decimal]] | None = None,
    report: UploadedFile | None = None,
) -> CompletionEvaluation:
    """Evaluate a completed project, or revise its evaluation. Guarantees: the first evaluation
    moves the project to 已评价; a revision (with its reason) is a new version and every earlier
    one is kept as it was, with its participants, scores and report; the report file is a
    new version of the project's evaluation report (earlier ones kept); no date after today;
    nothing of the project's figures is stored (they are read from the records when the
    evaluation is shown); one audit entry."""
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
        evaluating_unit=evaluating_unit,
        evaluator=scope.user,
    )
    evaluation.full_clean()
    check_not_future(evaluation.evaluated_on, field="evaluated_on", label="评价日期")
    rows = [
        EvaluationScore(order=order, criterion=criterion, score=score, full_score=full)
        for order, (criterion, score, full) in enumerate(scores or [])
    ]
    for row in rows:
        row.full_clean(exclude=["evaluation"])
    if report is not None:
        evaluation.report = document_store(
            scope=scope,
            project=project,
            kind=ReportKind.EVALUATION_REPORT,
            upload=report,
            field="report",
        )
    elif current is not None:
        evaluation.report = current.report  # a revision without a new file keeps the report
    evaluation.save()
    evaluation.participants.set(participants or [])
    for row in rows:
        row.evaluation = evaluation
    EvaluationScore.objects.bulk_create(rows)
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
