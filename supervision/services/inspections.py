"""Writes of inspections, their findings and the supervisor's observations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.models import SUPERVISOR_KINDS, Organization
from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import Project
from projects.services.archives import document_check
from supervision import selectors
from supervision.models import Finding, Inspection, InspectionLevel, Observation, SpotCheckDraw
from supervision.models.inspections import INSPECTING_KINDS, levels_for

FINDING_FIELDS = ("topic", "description", "deadline", "responsible")


def _check_finding(project: Project, inspected_on: datetime.date, data: dict, prefix: str = ""):
    """Refuse a finding addressed to a unit outside the project or due before the inspection."""
    responsible = data.get("responsible")
    if responsible is not None and not (
        selectors.responsible_candidates(project).filter(pk=responsible.pk).exists()
    ):
        raise ValidationError(
            {
                "responsible": f"{prefix}责任单位「{responsible}」不是该项目的业主、施工、监理单位、"
                "主管部门或所在乡镇，请从列表中选择。"
            }
        )
    deadline = data.get("deadline")
    if deadline is not None and deadline < inspected_on:
        raise ValidationError(
            {"deadline": f"{prefix}整改时限不能早于检查日期（{inspected_on:%Y-%m-%d}）。"}
        )


@transaction.atomic
def inspection_record(
    *,
    scope: Scope,
    project: Project,
    level: str,
    inspected_on: datetime.date,
    participants: Iterable[Organization] = (),
    other_participants: str = "",
    summary: str = "",
    findings: Iterable[dict[str, Any]] = (),
    draw: SpotCheckDraw | None = None,
) -> Inspection:
    """Record an inspection and what it found. Guarantees: the organisation records a level its
    kind records (office, departments and member units the district's 抽查, a township the 巡查
    of projects on its ground, an owner or contractor the 自查 of its own projects); the date is
    not after today; every finding is addressed to a unit of the project and due no earlier
    than the inspection; a spot check from a draw names a project the draw chose; one audit
    entry."""
    scope.require_write(INSPECTING_KINDS, "您所在单位不能记录监督检查。")
    if level not in levels_for(scope.kind):
        allowed = "、".join(InspectionLevel(value).label for value in levels_for(scope.kind))
        raise PermissionDenied(
            f"您所在单位记录的是{allowed}，不能记录{InspectionLevel(level).label}。"
        )
    if not selectors.inspection_can_record(scope=scope, project=project, level=level):
        raise PermissionDenied("您无权检查该项目：只能检查本单位可见的在列、在建或已完工项目。")
    check_not_future(inspected_on, field="inspected_on", label="检查日期")
    if draw is not None and (
        level != InspectionLevel.SPOT_CHECK or project.code not in draw.result
    ):
        raise ValidationError({"project": f"该项目不在「{draw.title}」抽中的项目中。"})
    participants = list(participants)
    allowed_participants = selectors.participant_candidates(scope=scope)
    if (
        len(participants)
        != allowed_participants.filter(pk__in=[o.pk for o in participants]).count()
    ):
        raise ValidationError({"participants": "参加单位须为本区的单位。"})
    inspection = Inspection(
        project=project,
        level=level,
        inspected_on=inspected_on,
        inspecting_organization=scope.organization,
        other_participants=other_participants.strip(),
        summary=summary.strip(),
        draw=draw,
        recorded_by=scope.user,
    )
    inspection.full_clean()
    inspection.save()
    inspection.participants.set(participants)
    rows = list(findings)
    for number, data in enumerate(rows, start=1):
        _check_finding(project, inspected_on, data, prefix=f"第 {number} 个问题：")
        finding = Finding(inspection=inspection, **{key: data[key] for key in FINDING_FIELDS})
        finding.full_clean()
        finding.save()
    audit_record(
        scope=scope,
        action="inspection.record",
        summary=f"记录{inspection.get_level_display()}：{project.code} {project.name}"
        f"（{inspected_on:%Y-%m-%d}），发现问题 {len(rows)} 个",
        target=inspection,
        region=project.region,
    )
    return inspection


@transaction.atomic
def finding_add(*, scope: Scope, inspection: Inspection, data: dict[str, Any]) -> Finding:
    """Add one more finding to an inspection: the organisation that inspected does it."""
    if not selectors.inspection_can_add_findings(scope=scope, inspection=inspection):
        raise PermissionDenied("只有检查单位可以为该次检查添加问题。")
    _check_finding(inspection.project, inspection.inspected_on, data)
    finding = Finding(inspection=inspection, **{key: data.get(key) for key in FINDING_FIELDS})
    finding.full_clean()
    finding.save()
    audit_record(
        scope=scope,
        action="finding.add",
        summary=f"检查发现问题：{inspection.project.code} {finding.get_topic_display()}，"
        f"责任单位 {finding.responsible}，整改时限 {finding.deadline:%Y-%m-%d}",
        target=finding,
        region=inspection.project.region,
    )
    return finding


@transaction.atomic
def observation_record(
    *,
    scope: Scope,
    project: Project,
    observed_on: datetime.date,
    topic: str,
    text: str,
    attachment=None,
) -> Observation:
    """A supervisor records what it observed on a project it supervises; not after today."""
    scope.require_write(SUPERVISOR_KINDS, "只有监理单位可以记录监理观察。")
    if not selectors.supervised_projects(scope=scope).filter(pk=project.pk).exists():
        raise PermissionDenied("您只能为本单位监理的项目记录观察。")
    check_not_future(observed_on, field="observed_on", label="观察日期")
    observation = Observation(
        project=project,
        observed_on=observed_on,
        topic=topic,
        text=text.strip(),
        organization=scope.organization,
        recorded_by=scope.user,
    )
    if attachment:
        document_check(attachment, field="attachment")
        observation.attachment = attachment
    observation.full_clean()
    observation.save()
    audit_record(
        scope=scope,
        action="observation.record",
        summary=f"监理观察：{project.code} {observation.get_topic_display()}"
        f"（{observed_on:%Y-%m-%d}）",
        target=observation,
        region=project.region,
    )
    return observation
