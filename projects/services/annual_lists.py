"""Writes of the annual lists: a project is put on a list, or taken off it, with a date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import OFFICE_KINDS, Region
from portal.scope import Scope
from portal.services import audit_record, check_not_future
from projects.models import (
    AnnualList,
    AnnualListEntry,
    Project,
    ProjectStatus,
    Proposal,
    ProposalStatus,
)
from projects.services.projects import CLOSED_STATUSES


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
    scope.require_write(OFFICE_KINDS)
    if project.status in CLOSED_STATUSES:
        raise ValidationError(
            {"project": f"项目当前为「{project.get_status_display()}」，不能列入清单。"}
        )
    if project.status == ProjectStatus.PROPOSED:
        raise ValidationError(
            {"project": "该项目正在申报中：请在“申报审核”中审核其申报，列入年度清单。"}
        )
    check_not_future(on, field="added_on", label="列入日期")
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
    # A proposal for this year that went to the reserve is adopted once the project is listed,
    # so the proposer and the year-on-year comparison see it on the list.
    Proposal.objects.filter(project=project, year=year, status=ProposalStatus.RESERVED).update(
        status=ProposalStatus.ADOPTED, decided_at=timezone.now(), decided_by=scope.user
    )
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
    scope.require_write(OFFICE_KINDS)
    if entry.withdrawn_on is not None:
        raise ValidationError({"entry": "该项目已从清单中调出。"})
    if not reason.strip():
        raise ValidationError({"reason": "调出清单须说明原因。"})
    check_not_future(on, field="on", label="调出日期")
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
