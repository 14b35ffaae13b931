"""Writes of the roster (用工名册) and its contracts. `engagement_add` is the one way a worker
joins a project's roster from a page or a referral; the roster upload writes in bulk with the
same checks (`labor.importers.rosters`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from labor.id_numbers import age_on
from labor.models import (
    ENGAGEMENT_FIELDS,
    Engagement,
    EngagementSource,
    StaffCategory,
    Worker,
)
from portal.models import CONTRACTOR_KINDS, Organization
from portal.rules import MIN_WORKER_AGE
from portal.scope import Scope
from portal.services import audit_record
from projects.models import Project, ProjectContractor

__all__ = ["engagement_add", "engagement_conflicts", "roster_can_write"]

FAR_FUTURE = datetime.date(9999, 12, 31)


def roster_can_write(*, scope: Scope, project: Project, contractor: Organization) -> bool:
    """A contractor's editors keep its own roster on projects it is party to."""
    return (
        scope.may_write(CONTRACTOR_KINDS)
        and scope.organization.pk == contractor.pk
        and ProjectContractor.objects.filter(project=project, contractor=contractor).exists()
    )


def engagement_conflicts(
    *,
    worker: Worker,
    project: Project,
    contractor: Organization,
    stage_id: int | None,
    entry: datetime.date,
    exit: datetime.date | None,
    exclude_pk: int | None = None,
) -> list[str]:
    """Why this engagement may not be added: the worker is already on another contractor's
    roster on the same project for overlapping days, or on this contractor's for the same
    work stage and overlapping days. One query."""
    overlapping = Engagement.objects.filter(
        worker=worker, project=project, entry_date__lte=exit or FAR_FUTURE
    ).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=entry))
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    problems = []
    for other in overlapping.select_related("contractor"):
        period = (
            f"{other.entry_date:%Y-%m-%d} 至 {other.exit_date:%Y-%m-%d}"
            if other.exit_date
            else f"{other.entry_date:%Y-%m-%d} 起"
        )
        if other.contractor_id != contractor.pk:
            problems.append(
                f"{worker.name}已在{other.contractor}的名册上（{period}），同一项目的用工时间不能重叠。"
            )
        elif other.stage_id == stage_id:
            problems.append(f"{worker.name}已在本单位该环节的名册上（{period}）。")
    return problems


@transaction.atomic
def engagement_add(
    *,
    scope: Scope,
    project: Project,
    contractor: Organization,
    worker: Worker,
    entry_date: datetime.date,
    source: str = EngagementSource.PAGE,
    **fields: Any,
) -> Engagement:
    """Put a worker on a contractor's roster for a project. Guarantees: the contractor is
    party to the project and the scope writes for it; nobody under MIN_WORKER_AGE on his
    entry date; no overlap with another contractor's roster on the project, nor with his own
    on the same stage; the staff category defaults to 务工人员; one audit entry."""
    if not roster_can_write(scope=scope, project=project, contractor=contractor):
        raise PermissionDenied("只有参建该项目的施工单位可以登记其用工名册。")
    if age_on(worker.birth_date, entry_date) < MIN_WORKER_AGE:
        raise ValidationError(
            {
                "entry_date": f"{entry_date:%Y年%m月%d日}{worker.name}未满{MIN_WORKER_AGE}周岁，不得招用。"
            }
        )
    data = {key: value for key, value in fields.items() if key in ENGAGEMENT_FIELDS}
    data.setdefault("staff_category", StaffCategory.WORKER)
    engagement = Engagement(
        worker=worker,
        project=project,
        contractor=contractor,
        entry_date=entry_date,
        source=source,
        created_by=scope.user,
        **{key: value for key, value in data.items() if key != "entry_date"},
    )
    if engagement.exit_date and engagement.exit_date < entry_date:
        raise ValidationError({"exit_date": "退场日期不能早于进场日期。"})
    if engagement.stage_id and engagement.stage.category_id != project.category_id:
        raise ValidationError({"stage": f"用工环节「{engagement.stage}」不属于本项目的类别。"})
    if problems := engagement_conflicts(
        worker=worker,
        project=project,
        contractor=contractor,
        stage_id=engagement.stage_id,
        entry=entry_date,
        exit=engagement.exit_date,
    ):
        raise ValidationError({"worker": problems})
    if engagement.daily_pay is not None and engagement.daily_pay < Decimal(0):
        raise ValidationError({"daily_pay": "日工资不能为负数。"})
    engagement.full_clean()
    engagement.save()
    audit_record(
        scope=scope,
        action="engagement.add",
        summary=f"将{worker}登记到{project}的用工名册（{engagement.get_source_display()}）",
        target=engagement,
        region=project.region,
    )
    return engagement
