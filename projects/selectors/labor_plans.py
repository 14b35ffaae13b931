"""Reads of labour plans and the townships' inbox, always through a scope."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import AnnualListEntry, LaborPlan, PlanNotice, Project, ProjectStatus

# Projects that take no more labour plans: their work is over, or they left work relief.
PLANS_CLOSED = {
    ProjectStatus.COMPLETED: "项目已完工，不再编制或发布用工计划。",
    ProjectStatus.EVALUATED: "项目已完工并完成综合评价，不再编制或发布用工计划。",
    ProjectStatus.WITHDRAWN: "项目已退出以工代赈，不能编制或发布用工计划。",
}


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


def labor_plan_refusal(*, project: Project) -> str | None:
    """Why no labour plan of the project may be saved or published today, in words for its
    users; None when plans may be: the project is not yet completed and is on this year's list
    (an entry of the current year's list not taken off it)."""
    if project.status in PLANS_CLOSED:
        return PLANS_CLOSED[ProjectStatus(project.status)]
    year = timezone.localdate().year
    on_list = AnnualListEntry.objects.filter(
        project=project, annual_list__year=year, withdrawn_on__isnull=True
    ).exists()
    if not on_list:
        return f"项目不在{year}年度项目清单上：列入本年度清单后才能编制和发布用工计划。"
    return None


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
