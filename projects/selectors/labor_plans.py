"""Reads of labour plans and the townships' inbox, always through a scope."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import LaborPlan, PlanNotice, Project


def labor_plan_list(*, scope: Scope, project: Project | None = None) -> QuerySet[LaborPlan]:
    """The plans of the projects the scope may see (of one project when given), with how many
    townships received and signed for each."""
    plans = LaborPlan.objects.visible_to(scope)
    if project is not None:
        plans = plans.filter(project=project)
    return (
        plans.select_related("stage")
        .annotate(
            notices_total=Count("notices", distinct=True),
            notices_acknowledged=Count(
                "notices", filter=Q(notices__acknowledged_at__isnull=False), distinct=True
            ),
        )
        .order_by("start", "id")
    )


def labor_plan_get(*, scope: Scope, project: Project, pk: int) -> LaborPlan:
    plans = LaborPlan.objects.visible_to(scope).filter(project=project)
    return get_or_404(plans.select_related("stage", "project"), "没有找到该用工计划。", pk=pk)


def inbox(*, scope: Scope, filters: dict | None = None) -> QuerySet[PlanNotice]:
    """A township's inbox of published labour plans, unacknowledged first; `pending`: not yet
    signed for, `current`: jobs still on offer (the plan's period not over)."""
    filters = filters or {}
    qs = PlanNotice.objects.visible_to(scope).filter(township=scope.organization)
    if filters.get("pending"):
        qs = qs.filter(acknowledged_at__isnull=True)
    if filters.get("current"):
        qs = qs.filter(plan__end__gte=timezone.localdate())
    return qs.select_related("plan__project__owner", "plan__stage", "acknowledged_by").order_by(
        F("acknowledged_at").desc(nulls_first=True), "-created_at"
    )


def inbox_pending_count(*, scope: Scope) -> int:
    return inbox(scope=scope, filters={"pending": True}).count()


def jobs_on_offer(*, scope: Scope) -> dict[str, int]:
    """The township's jobs still on offer: the plans (the rows of its inbox's 在招 view) and
    the positions they offer, in one query."""
    return (
        inbox(scope=scope, filters={"current": True})
        .order_by()
        .aggregate(plans=Count("id"), positions=Coalesce(Sum("plan__positions"), 0))
    )


def plan_notice_get(*, scope: Scope, pk: int) -> PlanNotice:
    return get_or_404(inbox(scope=scope), "没有找到该用工计划。", pk=pk)
