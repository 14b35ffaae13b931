"""Writes of labour plans: drafting, publishing to the townships, and the townships signing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import Organization, OrganizationKind, Role
from portal.rules import rules_for
from portal.scope import Scope
from portal.services import audit_record
from projects.models import LABOR_PLAN_FIELDS, LaborPlan, PlanNotice, Project
from projects.selectors import labor_plan_refusal, project_can_manage_plans


def _check_plan(plan: LaborPlan) -> None:
    """What a plan must satisfy to be saved and again to be published: its project takes
    plans (on this year's list, not completed), the plan is valid and lies within the
    project's period, and its daily rate is at least the region's minimum daily rate."""
    refusal = labor_plan_refusal(project=plan.project)
    if refusal:
        raise ValidationError({"plan": refusal})
    errors = {}
    try:
        plan.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    rules = rules_for(plan.project.region)
    if plan.daily_rate is not None and plan.daily_rate < rules.minimum_daily_rate:
        errors.setdefault("daily_rate", []).append(f"日工资{rules.minimum_daily_rate_rule}")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def labor_plan_save(
    *, scope: Scope, project: Project, data: dict[str, Any], plan: LaborPlan | None = None
) -> LaborPlan:
    """Create or change a labour plan, for a project on this year's list and not completed,
    within the project's period, at no less than the region's minimum daily rate. A published
    plan is not changed in place: the townships have it already, so a change is a new plan."""
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
    _check_plan(plan)
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
    """Publish a plan: it lands in the inbox of every township the project stands on. Only
    a plan that could be saved today is published (the project may have left this year's list,
    been completed or changed its period, or the region raised its minimum daily rate)."""
    if not project_can_manage_plans(scope=scope, project=plan.project):
        raise PermissionDenied("您无权发布该项目的用工计划。")
    if plan.is_published:
        raise ValidationError({"plan": "该用工计划已经发布。"})
    _check_plan(plan)
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
