"""Reads of the worker registry."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from labor.models import Worker, WorkerPriorityGroup
from portal.models import LABOR_ORG_KINDS, OFFICE_KINDS, Role
from portal.scope import Scope
from portal.selectors import get_or_404


def worker_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Worker]:
    """The workers the scope sees, filtered by name (part of it) and household township;
    in a constant number of queries whatever the page size."""
    filters = filters or {}
    workers = Worker.objects.visible_to(scope).select_related(
        "household_township", "household_village", "labor_organization"
    )
    if filters.get("name"):
        workers = workers.filter(name__contains=filters["name"].strip())
    if filters.get("township"):
        workers = workers.filter(household_township=filters["township"])
    return workers.prefetch_related(
        Prefetch("priority_groups", queryset=WorkerPriorityGroup.objects.order_by("group"))
    )


def worker_get(*, scope: Scope, pk: int) -> Worker:
    return get_or_404(worker_list(scope=scope), "没有找到该务工人员。", pk=pk)


def worker_can_reveal(*, scope: Scope, worker: Worker) -> bool:
    """Whether the scope may see the whole ID number, bank card and phone: editors and
    admins of the organisation that keeps the record for its work (for now the worker's
    labour organisation) and the admins of the office of the worker's region."""
    if scope.organization is None or not scope.has_role(Role.EDITOR):
        return False
    if scope.kind in LABOR_ORG_KINDS:
        return worker.labor_organization_id == scope.organization.pk
    if scope.kind in OFFICE_KINDS and scope.has_role(Role.ADMIN):
        return worker.region.path.startswith(scope.region.path)
    return False


__all__ = ["worker_can_reveal", "worker_get", "worker_list"]
