"""Writes of the rectification of findings: the unit reports, the office (or the project's
department) closes or reopens. Each report and each decision is a row; nothing is overwritten."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.services.archives import document_check
from supervision import selectors
from supervision.models import (
    DecisionOutcome,
    Finding,
    FindingDecision,
    FindingStatus,
    Rectification,
)


def _locked(finding: Finding) -> Finding:
    """The finding re-read under a row lock: two people acting at once act one after the other."""
    return (
        Finding.objects.select_for_update()
        .select_related("inspection__project", "responsible")
        .get(pk=finding.pk)
    )


@transaction.atomic
def rectification_report(
    *,
    scope: Scope,
    finding: Finding,
    description: str,
    rectified_on: datetime.date,
    evidence,
) -> Rectification:
    """The responsible unit reports what it did, with its evidence (required) and a date not
    after today; the finding then waits for the office's decision. One audit entry."""
    finding = _locked(finding)
    if not selectors.finding_can_rectify(scope=scope, finding=finding):
        if scope.organization == finding.responsible and scope.may_write():
            raise ValidationError(
                f"该问题目前为「{finding.get_status_display()}」，不需要再上报整改情况。"
            )
        raise PermissionDenied("只有该问题的责任单位可以上报整改情况。")
    if not evidence:
        raise ValidationError({"evidence": "请上传整改佐证材料（照片、台账或文件）。"})
    document_check(evidence, field="evidence")
    if not (description or "").strip():
        raise ValidationError({"description": "请填写整改情况：做了什么、结果如何。"})
    check_not_future(rectified_on, field="rectified_on", label="整改完成日期")
    rectification = Rectification(
        finding=finding,
        description=description.strip(),
        rectified_on=rectified_on,
        evidence=evidence,
        organization=scope.organization,
        reported_by=scope.user,
    )
    rectification.full_clean()
    rectification.save()
    finding.status = FindingStatus.REPORTED
    finding.save(update_fields=["status"])
    project = finding.inspection.project
    audit_record(
        scope=scope,
        action="finding.rectify",
        summary=f"上报整改情况：{project.code} {finding.get_topic_display()}"
        f"（{rectified_on:%Y-%m-%d} 完成）",
        target=finding,
        region=project.region,
    )
    return rectification


def _check_decider(scope: Scope, finding: Finding) -> None:
    if not selectors.finding_can_decide(scope=scope, finding=finding):
        raise PermissionDenied("只有协调机制办公室或该项目的主管部门可以审核整改情况。")


@transaction.atomic
def finding_close(
    *, scope: Scope, finding: Finding, decided_on: datetime.date | None = None, reason: str = ""
) -> FindingDecision:
    """Close (销号) a finding whose unit has reported its rectification with evidence. A finding
    without such a report is refused: nothing is closed on the unit's word alone."""
    finding = _locked(finding)
    _check_decider(scope, finding)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError("该问题已经销号。")
    latest = finding.rectifications.order_by("-created_at", "-id").first()
    if finding.status != FindingStatus.REPORTED or latest is None or not latest.evidence:
        raise ValidationError(
            "责任单位尚未上报带佐证材料的整改情况，不能销号：请等待其上报，"
            "或在整改时限后督促其整改。"
        )
    decided_on = decided_on or timezone.localdate()
    check_not_future(decided_on, field="decided_on", label="审核日期")
    decision = FindingDecision(
        finding=finding,
        rectification=latest,
        outcome=DecisionOutcome.CLOSED,
        reason=reason.strip(),
        decided_on=decided_on,
        organization=scope.organization,
        decided_by=scope.user,
    )
    decision.full_clean()
    decision.save()
    finding.status, finding.closed_on = FindingStatus.CLOSED, decided_on
    finding.save(update_fields=["status", "closed_on"])
    project = finding.inspection.project
    audit_record(
        scope=scope,
        action="finding.close",
        summary=f"整改审核通过，问题销号：{project.code} {finding.get_topic_display()}"
        f"（责任单位 {finding.responsible}）",
        target=finding,
        region=project.region,
    )
    return decision


@transaction.atomic
def finding_reopen(
    *, scope: Scope, finding: Finding, reason: str, decided_on: datetime.date | None = None
) -> FindingDecision:
    """Send a reported or closed finding back to its unit with the reason: it is open again,
    and the earlier reports and decisions stay as they were."""
    finding = _locked(finding)
    _check_decider(scope, finding)
    if finding.status == FindingStatus.OPEN:
        raise ValidationError("该问题正在整改中，没有可退回的整改情况。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "退回重新整改须说明原因：哪里没有整改到位。"})
    decided_on = decided_on or timezone.localdate()
    check_not_future(decided_on, field="decided_on", label="审核日期")
    decision = FindingDecision(
        finding=finding,
        rectification=finding.rectifications.order_by("-created_at", "-id").first(),
        outcome=DecisionOutcome.REOPENED,
        reason=reason.strip(),
        decided_on=decided_on,
        organization=scope.organization,
        decided_by=scope.user,
    )
    decision.full_clean()
    decision.save()
    finding.status, finding.closed_on = FindingStatus.OPEN, None
    finding.save(update_fields=["status", "closed_on"])
    project = finding.inspection.project
    audit_record(
        scope=scope,
        action="finding.reopen",
        summary=f"退回重新整改：{project.code} {finding.get_topic_display()}，原因：{decision.reason}",
        target=finding,
        region=project.region,
    )
    return decision
