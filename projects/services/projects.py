"""Writes of projects: registration, changes, lifecycle moves and withdrawal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import (
    OFFICE_KINDS,
    OVERSEEING_KINDS,
    TOWNSHIP_KINDS,
    Organization,
    OrganizationKind,
    Region,
    RegionLevel,
)
from portal.rules import rules_for
from portal.scope import Scope
from portal.services import assign_changes, audit_record, check_not_future, labelled
from projects.models import (
    PROJECT_FIELDS,
    AnnualListEntry,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectStatus,
    ProjectTownship,
    ProjectType,
)
from projects.selectors import project_can_edit

# Allowed moves of a project's status (besides list entry and withdrawal, which have services).
STATUS_MOVES = {
    ProjectStatus.LISTED: {ProjectStatus.UNDER_CONSTRUCTION},
    ProjectStatus.UNDER_CONSTRUCTION: {ProjectStatus.COMPLETED},
}
# Statuses a project has left work relief in: it cannot be listed or withdrawn again.
CLOSED_STATUSES = frozenset({ProjectStatus.WITHDRAWN, ProjectStatus.EVALUATED})

Forecasts = dict[int, tuple[int, Decimal]]


@dataclass(frozen=True)
class ContractLine:
    contractor: Organization
    contract_date: datetime.date | None = None


def _check_parties(contracts: Iterable[ContractLine], townships: Iterable[Region]) -> None:
    errors = {}
    wrong = [
        c.contractor.name for c in contracts if c.contractor.kind != OrganizationKind.CONTRACTOR
    ]
    if wrong:
        errors["contractors"] = f"以下单位不是施工单位：{'、'.join(wrong)}。"
    not_townships = [t.name for t in townships if t.level != RegionLevel.TOWNSHIP]
    if not_townships:
        errors["townships"] = f"以下区划不是乡镇（街道）：{'、'.join(not_townships)}。"
    try:
        for contract in contracts:
            check_not_future(contract.contract_date, field="contract_date", label="合同签订日期")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def _save_parties(project: Project, contracts, townships) -> None:
    if contracts is not None:
        wanted = {c.contractor.pk: c for c in contracts}
        ProjectContractor.objects.filter(project=project).exclude(contractor__in=wanted).delete()
        for contractor_id, line in wanted.items():
            ProjectContractor.objects.update_or_create(
                project=project,
                contractor_id=contractor_id,
                defaults={"contract_date": line.contract_date},
            )
    if townships is not None:
        wanted_townships = {t.pk for t in townships}
        ProjectTownship.objects.filter(project=project).exclude(
            township__in=wanted_townships
        ).delete()
        existing = set(
            ProjectTownship.objects.filter(project=project).values_list("township_id", flat=True)
        )
        ProjectTownship.objects.bulk_create(
            ProjectTownship(project=project, township_id=pk) for pk in wanted_townships - existing
        )


def _codes(projects: Iterable[Project]) -> str:
    return "、".join(sorted(p.code for p in projects))


def _check_supports(*, scope: Scope, project: Project, supports: list[Project]) -> None:
    """衔接配套 (seed 004): a special investment project names the key project(s) it supports,
    of its own region and seen by the actor; no other type names any; none supports itself;
    and a key project that others support keeps its type."""
    errors: dict[str, list[str]] = {}
    label = ProjectType(project.project_type).label
    if project.project_type == ProjectType.SPECIAL_INVESTMENT:
        if not supports:
            errors.setdefault("supports", []).append(
                "以工代赈专项投资项目须选择它衔接配套的重点工程项目（至少一个）。"
            )
    elif supports:
        errors.setdefault("supports", []).append(
            f"只有以工代赈专项投资项目才填写衔接配套的重点工程项目；本项目是「{label}」，"
            "请清空此项，或把项目类型改为以工代赈专项投资项目。"
        )
    if project.pk and any(other.pk == project.pk for other in supports):
        errors.setdefault("supports", []).append("项目不能与自身衔接配套，请选择其他重点工程项目。")
    not_key = [other for other in supports if other.project_type != ProjectType.KEY]
    if not_key:
        names = "、".join(f"{other.code} {other.name}" for other in not_key)
        errors.setdefault("supports", []).append(
            f"衔接配套的须是重点工程项目，{names} 不是，请另选。"
        )
    seen = set(
        Project.objects.visible_to(scope)
        .filter(pk__in=[other.pk for other in supports], region=project.region)
        .values_list("pk", flat=True)
    )
    outside = [other for other in supports if other.pk not in seen]
    if outside:
        errors.setdefault("supports", []).append(
            f"项目 {_codes(outside)} 不是本区您可查看的项目，不能选作衔接配套的重点工程项目。"
        )
    if project.pk and project.project_type != ProjectType.KEY:
        supporting = list(project.supported_by.all())
        if supporting:
            errors.setdefault("project_type", []).append(
                f"以工代赈专项投资项目 {_codes(supporting)} 与本项目衔接配套，本项目须保持为"
                "重点工程项目；如需改类型，请先在那些项目中取消衔接配套。"
            )
    if errors:
        raise ValidationError(errors)


def _save_forecasts(project: Project, forecasts: Forecasts | None) -> None:
    for year, (workers, remuneration) in (forecasts or {}).items():
        forecast, _ = ProjectForecast.objects.get_or_create(
            project=project,
            year=year,
            defaults={"local_workers": workers, "remuneration": remuneration},
        )
        if (forecast.local_workers, forecast.remuneration) != (workers, remuneration):
            forecast.local_workers, forecast.remuneration = workers, remuneration
            forecast.full_clean()
            forecast.save(update_fields=["local_workers", "remuneration"])


@transaction.atomic
def project_create(
    *,
    scope: Scope,
    data: dict[str, Any],
    contracts: list[ContractLine] | None = None,
    townships: list[Region] | None = None,
    forecasts: Forecasts | None = None,
    supports: list[Project] | None = None,
    proposed_by: Organization | None = None,
) -> Project:
    """Register a project in the reserve. The office may register any project of its region;
    a department proposes projects it supervises. Guarantees a valid project with its parties,
    all saved or none, and an audit entry. Unless `data` says otherwise, the region's rules
    give the pay day and whether the project needs a dedicated wage account (its threshold on
    the total investment). A special investment project names the key projects it supports
    (`supports`); no other type may. With `proposed_by` (a department's or township's
    proposal, `projects.services.proposals`) the project is 申报中 until the office decides."""
    scope.require_write(OVERSEEING_KINDS | TOWNSHIP_KINDS if proposed_by else OVERSEEING_KINDS)
    if scope.kind == OrganizationKind.DEPARTMENT and data.get("department") != scope.organization:
        raise ValidationError({"department": "行业主管部门只能申报本部门主管的项目。"})
    project = Project(
        region=scope.area,
        status=ProjectStatus.PROPOSED if proposed_by else ProjectStatus.RESERVE,
        proposed_by=proposed_by,
        **{field: data[field] for field in PROJECT_FIELDS if field in data},
    )
    rules = rules_for(project.region)
    if "pay_day" not in data:
        project.pay_day = rules.pay_day
    if "requires_wage_account" not in data:
        project.requires_wage_account = rules.requires_wage_account(project.total_investment)
    project.full_clean()
    _check_parties(contracts or [], townships or [])
    _check_supports(scope=scope, project=project, supports=list(supports or []))
    project.save()
    _save_parties(project, contracts or [], townships or [])
    _save_forecasts(project, forecasts)
    linked = ""
    if supports:
        project.supports.set(supports)
        linked = f"，衔接配套重点工程项目：{_codes(supports)}"
    audit_record(
        scope=scope,
        action="project.create",
        summary=f"登记项目：{project.code} {project.name}"
        f"（{'申报中' if proposed_by else '进入储备库'}{linked}）",
        target=project,
        region=project.region,
    )
    return project


@transaction.atomic
def project_update(
    *,
    scope: Scope,
    project: Project,
    data: dict[str, Any],
    contracts: list[ContractLine] | None = None,
    townships: list[Region] | None = None,
    forecasts: Forecasts | None = None,
    supports: list[Project] | None = None,
) -> Project:
    """Change a project's data. Only changed fields are saved; the audit entry lists each
    change with its old and new value, the key projects it supports included. `supports`
    None leaves those links as they are (they are still checked against the new type)."""
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权修改该项目。")
    if scope.kind == OrganizationKind.DEPARTMENT and data.get("department", scope.organization) != (
        scope.organization
    ):
        raise ValidationError({"department": "行业主管部门不能把项目移交给其他部门。"})
    changes = assign_changes(project, data, PROJECT_FIELDS)
    project.full_clean()
    _check_parties(contracts or [], townships or [])
    before = list(project.supports.all())
    after = before if supports is None else list(supports)
    _check_supports(scope=scope, project=project, supports=after)
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
    _save_parties(project, contracts, townships)
    _save_forecasts(project, forecasts)
    audited = labelled(Project, changes)
    if {p.pk for p in before} != {p.pk for p in after}:
        project.supports.set(after)
        audited[Project._meta.get_field("supports").verbose_name] = (
            _codes(before) or "无",
            _codes(after) or "无",
        )
    audit_record(
        scope=scope,
        action="project.update",
        summary=f"修改项目：{project.code} {project.name}",
        target=project,
        region=project.region,
        changes=audited,
    )
    return project


@transaction.atomic
def project_set_status(*, scope: Scope, project: Project, status: str) -> Project:
    """Move a project along its lifecycle: listed → under construction → completed."""
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权修改该项目。")
    if status not in ProjectStatus.values:
        raise ValidationError({"status": "请选择项目要转入的状态。"})
    if status not in STATUS_MOVES.get(project.status, set()):
        raise ValidationError(
            {
                "status": f"项目当前为「{project.get_status_display()}」，"
                f"不能改为「{ProjectStatus(status).label}」。"
            }
        )
    old = project.get_status_display()
    project.status = status
    project.save(update_fields=["status", "updated_at"])
    audit_record(
        scope=scope,
        action="project.status",
        summary=f"项目 {project.code} 状态：{old} → {project.get_status_display()}",
        target=project,
        region=project.region,
    )
    return project


@transaction.atomic
def project_withdraw(
    *, scope: Scope, project: Project, reason: str, on: datetime.date | None = None
) -> Project:
    """Withdraw a project from work relief: it leaves every list it is on, with the reason."""
    scope.require_write(OFFICE_KINDS)
    if project.status in CLOSED_STATUSES:
        raise ValidationError(
            {"status": f"项目当前为「{project.get_status_display()}」，不能退出。"}
        )
    if project.status == ProjectStatus.PROPOSED:
        raise ValidationError(
            {"status": "项目尚在申报中：请在申报审核中退回或纳入储备库，不能直接退出。"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "退出项目须说明原因。"})
    check_not_future(on, field="on", label="退出日期")
    on = on or timezone.localdate()
    AnnualListEntry.objects.filter(project=project, withdrawn_on__isnull=True).update(
        withdrawn_on=on, withdrawn_reason=reason
    )
    project.status = ProjectStatus.WITHDRAWN
    project.withdrawn_reason = reason
    project.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    audit_record(
        scope=scope,
        action="project.withdraw",
        summary=f"项目 {project.code} 退出以工代赈：{reason}",
        target=project,
        region=project.region,
    )
    return project
