"""Every write of projects, annual lists, labour plans, checkpoints, evaluations and meetings.

Each service checks that the actor may do it, validates with `full_clean()`, saves, and
leaves an audit entry in words a user can read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import Organization, OrganizationKind, Region, RegionLevel, Role
from portal.scope import Scope
from portal.services import audit_record
from projects.figures import project_figures
from projects.models import (
    ActionItem,
    ActionItemStatus,
    AnnualList,
    AnnualListEntry,
    Category,
    Checkpoint,
    CompletionEvaluation,
    Directory,
    DirectoryAdoption,
    DirectoryLevel,
    LaborPlan,
    ListImport,
    Meeting,
    PlanNotice,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectStatus,
    ProjectTownship,
    WorkStage,
)
from projects.selectors import (
    project_can_edit,
    project_can_manage_plans,
)

PROJECT_FIELDS = (
    "code",
    "name",
    "level",
    "domain",
    "category",
    "department",
    "owner",
    "supervisor",
    "total_investment",
    "government_investment",
    "work_relief_funds",
    "planned_start",
    "planned_end",
    "pay_day",
    "requires_wage_account",
    "description",
)

# Allowed moves of a project's status (besides list entry and withdrawal, which have services).
STATUS_MOVES = {
    ProjectStatus.LISTED: {ProjectStatus.UNDER_CONSTRUCTION},
    ProjectStatus.UNDER_CONSTRUCTION: {ProjectStatus.COMPLETED},
}


@dataclass(frozen=True)
class ContractLine:
    contractor: Organization
    contract_date: datetime.date | None = None


def _require_editor(scope: Scope, *kinds: str) -> None:
    if not scope.has_role(Role.EDITOR) or (kinds and scope.kind not in kinds):
        raise PermissionDenied("您无权进行此操作。")


def district_of(scope: Scope) -> Region:
    region = scope.region
    while region.level not in {RegionLevel.DISTRICT, RegionLevel.CITY, RegionLevel.PROVINCE}:
        region = region.parent
    return region


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


def _save_forecasts(project: Project, forecasts: dict[int, tuple[int, Decimal]] | None) -> None:
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
    forecasts: dict[int, tuple[int, Decimal]] | None = None,
) -> Project:
    """Register a project in the reserve. The office may register any project of its region;
    a department proposes projects it supervises. Guarantees a valid project with its parties,
    all saved or none, and an audit entry."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE, OrganizationKind.DEPARTMENT)
    if scope.kind == OrganizationKind.DEPARTMENT and data.get("department") != scope.organization:
        raise ValidationError({"department": "行业主管部门只能申报本部门主管的项目。"})
    project = Project(
        region=district_of(scope),
        status=ProjectStatus.RESERVE,
        **{field: data[field] for field in PROJECT_FIELDS if field in data},
    )
    project.full_clean()
    _check_parties(contracts or [], townships or [])
    project.save()
    _save_parties(project, contracts or [], townships or [])
    _save_forecasts(project, forecasts)
    audit_record(
        scope=scope,
        action="project.create",
        summary=f"登记项目：{project.code} {project.name}（进入储备库）",
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
    forecasts: dict[int, tuple[int, Decimal]] | None = None,
) -> Project:
    """Change a project's data. Only changed fields are saved; the audit entry lists each
    change with its old and new value."""
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权修改该项目。")
    if scope.kind == OrganizationKind.DEPARTMENT and data.get("department", scope.organization) != (
        scope.organization
    ):
        raise ValidationError({"department": "行业主管部门不能把项目移交给其他部门。"})
    changes = {}
    for field in PROJECT_FIELDS:
        if field in data and getattr(project, field) != data[field]:
            changes[field] = (getattr(project, field), data[field])
            setattr(project, field, data[field])
    project.full_clean()
    _check_parties(contracts or [], townships or [])
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
    _save_parties(project, contracts, townships)
    _save_forecasts(project, forecasts)
    audit_record(
        scope=scope,
        action="project.update",
        summary=f"修改项目：{project.code} {project.name}",
        target=project,
        region=project.region,
        changes={Project._meta.get_field(f).verbose_name: v for f, v in changes.items()},
    )
    return project


@transaction.atomic
def project_set_status(*, scope: Scope, project: Project, status: str) -> Project:
    """Move a project along its lifecycle: listed → under construction → completed."""
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权修改该项目。")
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
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    if project.status in {ProjectStatus.WITHDRAWN, ProjectStatus.EVALUATED}:
        raise ValidationError(
            {"status": f"项目当前为「{project.get_status_display()}」，不能退出。"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "退出项目须说明原因。"})
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


# --- annual list ---------------------------------------------------------------------------


def annual_list_for(*, region: Region, year: int, level: str) -> AnnualList:
    annual_list, _ = AnnualList.objects.get_or_create(region=region, year=year, level=level)
    return annual_list


@transaction.atomic
def annual_list_add(
    *,
    scope: Scope,
    project: Project,
    year: int,
    on: datetime.date | None = None,
    reason: str = "",
) -> AnnualListEntry:
    """Put a project on its region's list of that year and level (the office decides).
    A project already on that list is refused; a reserve project becomes listed."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    if project.status in {ProjectStatus.WITHDRAWN, ProjectStatus.EVALUATED}:
        raise ValidationError(
            {"project": f"项目当前为「{project.get_status_display()}」，不能列入清单。"}
        )
    on = on or timezone.localdate()
    if on.year != year:
        raise ValidationError({"added_on": f"列入日期应在{year}年内。"})
    annual_list = annual_list_for(region=project.region, year=year, level=project.level)
    if annual_list.entries.filter(project=project, withdrawn_on__isnull=True).exists():
        raise ValidationError({"project": f"项目「{project.name}」已在{annual_list}中。"})
    entry = AnnualListEntry.objects.create(
        annual_list=annual_list, project=project, added_on=on, added_reason=reason
    )
    if project.status == ProjectStatus.RESERVE:
        project.status = ProjectStatus.LISTED
        project.save(update_fields=["status", "updated_at"])
    audit_record(
        scope=scope,
        action="annual_list.add",
        summary=f"{project.code} {project.name} 列入{annual_list}（{on:%Y-%m-%d}）",
        target=project,
        region=project.region,
    )
    return entry


@transaction.atomic
def annual_list_withdraw(
    *, scope: Scope, entry: AnnualListEntry, reason: str, on: datetime.date | None = None
) -> AnnualListEntry:
    """Take a project off a list with a date and a reason; it stays in the reserve."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    if entry.withdrawn_on is not None:
        raise ValidationError({"entry": "该项目已从清单中调出。"})
    if not reason.strip():
        raise ValidationError({"reason": "调出清单须说明原因。"})
    on = on or timezone.localdate()
    if on < entry.added_on:
        raise ValidationError({"withdrawn_on": "调出日期不能早于列入日期。"})
    entry.withdrawn_on, entry.withdrawn_reason = on, reason
    entry.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    project = entry.project
    still_listed = AnnualListEntry.objects.filter(project=project, withdrawn_on__isnull=True)
    if project.status == ProjectStatus.LISTED and not still_listed.exists():
        project.status = ProjectStatus.RESERVE
        project.save(update_fields=["status", "updated_at"])
    audit_record(
        scope=scope,
        action="annual_list.withdraw",
        summary=f"{project.code} {project.name} 调出{entry.annual_list}（{on:%Y-%m-%d}）：{reason}",
        target=project,
        region=project.region,
    )
    return entry


# --- guidance directory ----------------------------------------------------------------------


@transaction.atomic
def directory_adopt(*, scope: Scope, directory: Directory) -> DirectoryAdoption:
    """The office adopts a directory version for its region."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    region = district_of(scope)
    adoption, _ = DirectoryAdoption.objects.update_or_create(
        region=region, defaults={"directory": directory, "adopted_on": timezone.localdate()}
    )
    audit_record(
        scope=scope,
        action="directory.adopt",
        summary=f"{region.name}采用指导目录：{directory.name}",
        target=directory,
        region=region,
    )
    return adoption


def _own_directory(scope: Scope) -> Directory:
    """The region's own directory version, copied from the adopted one on first extension."""
    from projects.selectors import directory_in_use

    region = district_of(scope)
    adopted = directory_in_use(scope=scope)
    if adopted.region_id == region.pk:
        return adopted
    own = Directory.objects.create(
        code=f"{region.code}-{adopted.code}",
        name=f"{region.name}以工代赈指导目录（在{adopted.name}基础上扩展）",
        level=DirectoryLevel.DISTRICT,
        region=region,
        based_on=adopted,
        issued=timezone.localdate(),
    )
    for category in adopted.categories.prefetch_related("stages"):
        stages = list(category.stages.all())
        category.pk, category.directory = None, own
        category.save()
        WorkStage.objects.bulk_create(
            WorkStage(category=category, order=s.order, name=s.name, kind=s.kind) for s in stages
        )
    DirectoryAdoption.objects.update_or_create(
        region=region, defaults={"directory": own, "adopted_on": timezone.localdate()}
    )
    return own


@transaction.atomic
def directory_add_stage(*, scope: Scope, category: Category, name: str, kind: str) -> WorkStage:
    """Extend the region's directory with a work stage (copying the adopted version first)."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    own = _own_directory(scope)
    if category.directory_id != own.pk:
        category = own.categories.get(number=category.number)
    stage = WorkStage(
        category=category,
        order=(category.stages.order_by("-order").values_list("order", flat=True).first() or 0) + 1,
        name=name.strip(),
        kind=kind,
    )
    stage.full_clean()
    stage.save()
    audit_record(
        scope=scope,
        action="directory.extend",
        summary=f"指导目录扩展：{category.name} 新增用工环节「{stage.name}」",
        target=stage,
        region=own.region,
    )
    return stage


# --- labour plans ----------------------------------------------------------------------------

LABOR_PLAN_FIELDS = ("stage", "kind", "positions", "start", "end", "skills", "daily_rate")


@transaction.atomic
def labor_plan_save(
    *, scope: Scope, project: Project, data: dict[str, Any], plan: LaborPlan | None = None
) -> LaborPlan:
    """Create or change a labour plan. A published plan is not changed in place: the townships
    have it already, so a change is a new plan."""
    if not project_can_manage_plans(scope=scope, project=project):
        raise PermissionDenied("您无权编制该项目的用工计划。")
    if plan is not None and plan.is_published:
        raise ValidationError({"plan": "已发布的用工计划不能修改，请新建一份计划。"})
    plan = plan or LaborPlan(project=project)
    for field in LABOR_PLAN_FIELDS:
        if field in data:
            setattr(plan, field, data[field])
    if not plan.kind and plan.stage_id:
        plan.kind = plan.stage.kind
    plan.full_clean()
    created = plan.pk is None
    plan.save()
    audit_record(
        scope=scope,
        action="labor_plan.create" if created else "labor_plan.update",
        summary=f"{'编制' if created else '修改'}用工计划："
        f"{project.name} · {plan.stage.name} {plan.positions}人",
        target=plan,
        region=project.region,
    )
    return plan


@transaction.atomic
def labor_plan_publish(*, scope: Scope, plan: LaborPlan) -> list[PlanNotice]:
    """Publish a plan: it lands in the inbox of every township the project stands on."""
    if not project_can_manage_plans(scope=scope, project=plan.project):
        raise PermissionDenied("您无权发布该项目的用工计划。")
    if plan.is_published:
        raise ValidationError({"plan": "该用工计划已经发布。"})
    township_regions = plan.project.ground.values("township")
    townships = Organization.objects.filter(
        kind=OrganizationKind.TOWNSHIP, region__in=township_regions, is_active=True
    )
    if not townships.exists():
        raise ValidationError({"plan": "项目尚未填写所在乡镇（街道），无法推送用工计划。"})
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at"])
    notices = PlanNotice.objects.bulk_create(
        PlanNotice(plan=plan, township=township) for township in townships
    )
    audit_record(
        scope=scope,
        action="labor_plan.publish",
        summary=f"发布用工计划：{plan.project.name} · {plan.stage.name} {plan.positions}个岗位，"
        f"推送至{'、'.join(t.short_name or t.name for t in townships)}",
        target=plan,
        region=plan.project.region,
    )
    return notices


@transaction.atomic
def plan_notice_acknowledge(*, scope: Scope, notice: PlanNotice) -> PlanNotice:
    """The township signs for a plan in its inbox; signing twice changes nothing."""
    if scope.organization != notice.township or not scope.has_role(Role.EDITOR):
        raise PermissionDenied("只有该乡镇（街道）的填报员可以签收。")
    if notice.acknowledged_at is None:
        notice.acknowledged_at = timezone.now()
        notice.acknowledged_by = scope.user
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            scope=scope,
            action="labor_plan.acknowledge",
            summary=f"{notice.township.name}签收用工计划：{notice.plan}",
            target=notice.plan,
            region=notice.plan.project.region,
        )
    return notice


# --- checkpoints and evaluation --------------------------------------------------------------


@transaction.atomic
def checkpoint_record(
    *, scope: Scope, project: Project, kind: str, data: dict[str, Any]
) -> Checkpoint:
    """Record (or replace) a lifecycle checkpoint with its date and document."""
    if not project_can_edit(scope=scope, project=project, allow_owner=True):
        raise PermissionDenied("您无权记录该项目的节点。")
    checkpoint = Checkpoint.objects.filter(project=project, kind=kind).first() or Checkpoint(
        project=project, kind=kind
    )
    for field in ("date", "document", "note", "bank", "account"):
        if field in data and data[field] not in (None, ""):
            setattr(checkpoint, field, data[field])
    checkpoint.recorded_by = scope.user
    checkpoint.full_clean()
    checkpoint.save()
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
) -> CompletionEvaluation:
    """Evaluate a completed project. The figures are taken from the records at this moment
    and kept with the evaluation, so the judgement can be read against what was known."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE, OrganizationKind.DEPARTMENT)
    if not project_can_edit(scope=scope, project=project):
        raise PermissionDenied("您无权评价该项目。")
    if project.status != ProjectStatus.COMPLETED:
        raise ValidationError({"project": "项目完工后才能进行以工代赈综合评价。"})
    evaluation = CompletionEvaluation(
        project=project,
        evaluated_on=evaluated_on,
        figures={key: str(value) for key, value in project_figures(project).items()},
        judgement=judgement,
        comments=comments,
        evaluator=scope.user,
    )
    evaluation.full_clean()
    evaluation.save()
    project.status = ProjectStatus.EVALUATED
    project.save(update_fields=["status", "updated_at"])
    audit_record(
        scope=scope,
        action="project.evaluate",
        summary=f"项目 {project.code} 完成以工代赈综合评价：{evaluation.get_judgement_display()}",
        target=project,
        region=project.region,
    )
    return evaluation


# --- meetings --------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    scope: Scope,
    title: str,
    held_on: datetime.date,
    attendees: Iterable[Organization],
    minutes: str = "",
    items: Iterable[dict[str, Any]] = (),
) -> Meeting:
    """Record a coordination meeting with its attendees and agreed action items."""
    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE)
    meeting = Meeting(region=district_of(scope), title=title, held_on=held_on, minutes=minutes)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    for item in items:
        action_item = ActionItem(meeting=meeting, **item)
        action_item.full_clean()
        action_item.save()
    audit_record(
        scope=scope,
        action="meeting.create",
        summary=f"记录协调会议：{title}（{held_on:%Y-%m-%d}）",
        target=meeting,
        region=meeting.region,
    )
    return meeting


@transaction.atomic
def action_item_complete(
    *, scope: Scope, item: ActionItem, on: datetime.date | None = None
) -> ActionItem:
    """Close an action item: its owner organisation or the office may do it."""
    if not scope.has_role(Role.EDITOR) or not (
        scope.organization == item.owner or scope.kind == OrganizationKind.COORDINATION_OFFICE
    ):
        raise PermissionDenied("只有责任单位或协调机制办公室可以办结该事项。")
    if item.status == ActionItemStatus.DONE:
        return item
    item.status, item.done_on = ActionItemStatus.DONE, on or timezone.localdate()
    item.save(update_fields=["status", "done_on"])
    audit_record(
        scope=scope,
        action="action_item.complete",
        summary=f"议定事项办结：{item.description}",
        target=item,
        region=item.meeting.region,
    )
    return item


# --- Excel import of an annual list ----------------------------------------------------------


def list_import_start(*, scope: Scope, year: int, added_on: datetime.date, upload) -> ListImport:
    """Keep the uploaded file and queue its import. The ListImport row is the record of who
    uploaded what and when; each project the import writes is audited by the services above."""
    from projects import tasks  # tasks → importers → services: imported when used

    _require_editor(scope, OrganizationKind.COORDINATION_OFFICE, OrganizationKind.DEPARTMENT)
    list_import = ListImport.objects.create(
        organization=scope.organization,
        user=scope.user,
        year=year,
        added_on=added_on,
        file=upload,
        filename=upload.name[:200],
    )
    tasks.import_annual_list.delay_on_commit(list_import.pk)  # the worker reads committed rows
    return list_import
