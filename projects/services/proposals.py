"""Writes of proposals (项目申报, seed 001): a department (its domain) or a township (its
ground) drafts a project for a year and submits it; the office adopts it into the year's list,
puts it in the reserve, or returns it with reasons; a returned proposal is corrected and
submitted again. And the written explanation of a proposer whose figures fall."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS, TOWNSHIP_KINDS, Region
from portal.scope import Scope
from portal.services import audit_record
from projects.models import DeclineExplanation, Project, ProjectStatus, Proposal, ProposalStatus
from projects.selectors.proposals import (
    DECISIONS,
    PROPOSER_KINDS,
    decline_explanation_open,
    forecast_for,
    proposal_can_decide,
    proposal_can_edit,
    proposal_years,
)
from projects.services.annual_lists import annual_list_add
from projects.services.projects import ContractLine, Forecasts, project_create, project_update


def _check_year(year: int) -> None:
    if year not in proposal_years():
        allowed = "或".join(f"{each}年" for each in sorted(proposal_years()))
        raise ValidationError({"year": f"申报年度只能是{allowed}。"})


def _check_ground(scope: Scope, townships: list[Region] | None) -> None:
    """A township proposes projects on its own ground: its township must be among the
    project's townships."""
    if scope.kind not in TOWNSHIP_KINDS:
        return
    if not any(township.pk == scope.region.pk for township in townships or []):
        raise ValidationError(
            {
                "townships": f"乡镇（街道）只能申报本辖区的项目：请在「所在乡镇（街道）」中选择"
                f"{scope.region.name}。"
            }
        )


def _check_editable(scope: Scope, proposal: Proposal, verb: str) -> None:
    """Only its proposer's editor acts on a proposal (403); only on a draft or a returned
    one (a refusal that says why)."""
    if not scope.may_write(PROPOSER_KINDS) or proposal.proposer_id != scope.organization.pk:
        raise PermissionDenied(f"只有申报单位可以{verb}该申报。")
    if not proposal_can_edit(scope=scope, proposal=proposal):
        raise ValidationError(
            {
                "status": f"该申报当前为「{proposal.get_status_display()}」，不能{verb}："
                "只有草稿和被退回的申报可以修改、提交。"
            }
        )


@transaction.atomic
def proposal_create(
    *,
    scope: Scope,
    year: int,
    data: dict[str, Any],
    contracts: list[ContractLine] | None = None,
    townships: list[Region] | None = None,
    forecasts: Forecasts | None = None,
    extra: dict[str, Any] | None = None,
) -> Proposal:
    """Draft a proposal: a project 申报中, proposed by the scope's department or township,
    with its proposal in draft for `year`. The project is registered by `project_create`
    (the same rules as any project); `extra` carries its other keyword arguments."""
    scope.require_write(PROPOSER_KINDS, "只有行业主管部门和乡镇（街道）可以申报项目。")
    _check_year(year)
    _check_ground(scope, townships)
    project = project_create(
        scope=scope,
        data=data,
        contracts=contracts,
        townships=townships,
        forecasts=forecasts,
        proposed_by=scope.organization,
        **(extra or {}),
    )
    proposal = Proposal(project=project, year=year, proposer=scope.organization)
    proposal.full_clean()
    proposal.save()
    audit_record(
        scope=scope,
        action="proposal.create",
        summary=f"起草{year}年项目申报：{project.code} {project.name}",
        target=project,
        region=project.region,
    )
    return proposal


@transaction.atomic
def proposal_update(
    *,
    scope: Scope,
    proposal: Proposal,
    data: dict[str, Any],
    contracts: list[ContractLine] | None = None,
    townships: list[Region] | None = None,
    forecasts: Forecasts | None = None,
    extra: dict[str, Any] | None = None,
) -> Proposal:
    """Correct a draft or returned proposal's project (through `project_update`, audited
    field by field there)."""
    _check_editable(scope, proposal, "修改")
    _check_ground(scope, townships)
    project_update(
        scope=scope,
        project=proposal.project,
        data=data,
        contracts=contracts,
        townships=townships,
        forecasts=forecasts,
        **(extra or {}),
    )
    return proposal


@transaction.atomic
def proposal_submit(*, scope: Scope, proposal: Proposal) -> Proposal:
    """Send a draft, or a corrected returned proposal, to the office: 待审核, one more round.
    The project must carry its forecast for the proposal's year (the comparison sums it)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check_editable(scope, proposal, "提交")
    if forecast_for(project=proposal.project, year=proposal.year) is None:
        raise ValidationError(
            {
                "forecast": f"提交前请在申报中填写{proposal.year}年研提数"
                "（预计吸纳当地务工人数和预计发放劳务报酬）。"
            }
        )
    again = proposal.status == ProposalStatus.RETURNED
    proposal.status = ProposalStatus.SUBMITTED
    proposal.round += 1
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "round", "submitted_at"])
    project = proposal.project
    audit_record(
        scope=scope,
        action="proposal.submit",
        summary=f"{'修改后重新' if again else ''}提交{proposal.year}年项目申报"
        f"（第{proposal.round}次）：{project.code} {project.name}",
        target=project,
        region=project.region,
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    scope: Scope,
    proposal: Proposal,
    decision: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Proposal:
    """The office's decision on a submitted proposal: adopt it into the year's annual list
    (through `annual_list_add`: the project becomes 列入清单), put it in the reserve
    (储备), or return it with reasons (the proposer corrects and resubmits)."""
    scope.require_write(OFFICE_KINDS, "只有协调机制办公室可以审核项目申报。")
    proposal = (
        Proposal.objects.select_for_update().select_related("project__region").get(pk=proposal.pk)
    )
    if not proposal.project.region.path.startswith(scope.region.path):
        raise PermissionDenied("只能审核本区的项目申报。")
    if proposal.proposer_id == scope.organization.pk:
        # A co-lead department acts as the office, but not on its own proposals.
        raise PermissionDenied("不能审核本单位自己的项目申报，请由协调机制办公室审核。")
    if not proposal_can_decide(scope=scope, proposal=proposal):
        raise ValidationError(
            {"decision": f"该申报当前为「{proposal.get_status_display()}」，只能审核待审核的申报。"}
        )
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择审核结果：列入年度清单、纳入储备库或退回修改。"})
    reason = reason.strip()
    if decision == ProposalStatus.RETURNED and not reason:
        raise ValidationError({"reason": "退回申报须写明退回原因和需修改的内容。"})
    project: Project = proposal.project
    today = timezone.localdate()
    if decision == ProposalStatus.ADOPTED:
        if proposal.year != (on or today).year:
            raise ValidationError(
                {
                    "decision": f"{proposal.year}年的申报须在{proposal.year}年内列入当年清单；"
                    "现在可先纳入储备库，到时再列入清单。"
                }
            )
        project.status = ProjectStatus.RESERVE  # annual_list_add moves a reserve project on
        project.save(update_fields=["status", "updated_at"])
        annual_list_add(
            scope=scope,
            project=project,
            year=proposal.year,
            on=on,
            reason=reason or f"{proposal.proposer}申报，审核列入",
        )
    elif decision == ProposalStatus.RESERVED:
        project.status = ProjectStatus.RESERVE
        project.save(update_fields=["status", "updated_at"])
    proposal.status = decision
    proposal.decided_at = timezone.now()
    proposal.decided_by = scope.user
    proposal.decision_reason = reason
    proposal.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    said = f"：{reason}" if reason else ""
    audit_record(
        scope=scope,
        action=f"proposal.{decision}",
        summary=f"审核{proposal.year}年项目申报 {project.code} {project.name}："
        f"{ProposalStatus(decision).label}{said}",
        target=project,
        region=project.region,
    )
    return proposal


@transaction.atomic
def decline_explanation_save(*, scope: Scope, year: int, text: str) -> DeclineExplanation:
    """A department or township records (or corrects) why its figures of `year` fall short
    of last year's; it stays editable until the office has reviewed its proposals of the
    year."""
    scope.require_write(PROPOSER_KINDS, "只有申报单位可以填写书面说明。")
    _check_year(year)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请写明申报数量、预计务工人数或劳务报酬低于上年的原因。"})
    if not decline_explanation_open(scope=scope, year=year):
        raise ValidationError({"text": f"办公室已审核完本单位{year}年的申报，书面说明不能再修改。"})
    explanation = DeclineExplanation.objects.filter(
        organization=scope.organization, year=year
    ).first()
    created = explanation is None
    if created:
        explanation = DeclineExplanation(
            organization=scope.organization, year=year, region=scope.area
        )
    old = explanation.text
    explanation.text = text
    explanation.recorded_by = scope.user
    explanation.full_clean(exclude=["recorded_by"])  # none under a system scope
    explanation.save()
    audit_record(
        scope=scope,
        action="decline_explanation.save",
        summary=f"{'填写' if created else '修改'}{year}年同比下降书面说明",
        target=explanation,
        region=scope.area,
        changes=None if created else {"书面说明": (old, text)},
    )
    return explanation
