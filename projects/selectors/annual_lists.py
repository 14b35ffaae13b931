"""Reads of the annual lists and their imports, always through a scope."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When
from django.utils import timezone

from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import AnnualList, AnnualListEntry, ListImport, Project, ProjectLevel


def annual_list_list(*, scope: Scope) -> QuerySet[AnnualList]:
    """The lists the scope may see, each with `current`: how many projects the scope may see
    are on it today, or on the last day of its year once the year is over — the number of rows
    the list's page shows by default."""
    today = timezone.localdate()
    visible = Project.objects.visible_to(scope).values("pk")
    past_year = Q(year__lt=today.year) & (
        Q(entries__withdrawn_on__isnull=True) | Q(entries__withdrawn_on__year__gt=F("year"))
    )
    this_year = (
        Q(year__gte=today.year)
        & Q(entries__added_on__lte=today)
        & (Q(entries__withdrawn_on__isnull=True) | Q(entries__withdrawn_on__gt=today))
    )
    on_it_now = Q(entries__project__in=visible) & (past_year | this_year)
    return (
        AnnualList.objects.visible_to(scope)
        .select_related("region")
        .annotate(
            current=Count("entries", filter=on_it_now, distinct=True),
            level_rank=Case(
                *(When(level=level, then=rank) for rank, level in enumerate(ProjectLevel.values)),
                output_field=IntegerField(),
            ),
        )
        .order_by("-year", "level_rank")
    )


def annual_list_get(*, scope: Scope, pk: int) -> AnnualList:
    return get_or_404(annual_list_list(scope=scope), "没有找到该清单。", pk=pk)


def annual_list_entries(
    *, scope: Scope, annual_list: AnnualList, on: datetime.date | None = None
) -> QuerySet[AnnualListEntry]:
    """The entries on the list at the end of day `on` (today by default) that the scope may see."""
    on = on or timezone.localdate()
    return (
        AnnualListEntry.objects.visible_to(scope)
        .filter(annual_list=annual_list, added_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .select_related(
            "project__domain", "project__category", "project__department", "project__owner"
        )
        .order_by("project__code")
    )


def annual_list_entry_get(*, scope: Scope, pk: int) -> AnnualListEntry:
    entries = (
        AnnualListEntry.objects.visible_to(scope)
        .filter(annual_list__in=AnnualList.objects.visible_to(scope).values("pk"))
        .select_related("annual_list__region", "project")
    )
    return get_or_404(entries, "没有找到该清单项目。", pk=pk)


def annual_list_history(*, scope: Scope, annual_list: AnnualList) -> QuerySet[AnnualListEntry]:
    return (
        AnnualListEntry.objects.visible_to(scope)
        .filter(annual_list=annual_list)
        .select_related("project")
        .order_by("-added_on", "-id")
    )


def annual_list_events(*, scope: Scope, annual_list: AnnualList) -> list[dict]:
    """The list's changes during the year, newest first: each entry's addition and, when it
    left, its withdrawal, as separate events on their own dates."""
    events = []
    for entry in annual_list_history(scope=scope, annual_list=annual_list):
        events.append(
            {"on": entry.added_on, "added": True, "entry": entry, "reason": entry.added_reason}
        )
        if entry.withdrawn_on:
            events.append(
                {
                    "on": entry.withdrawn_on,
                    "added": False,
                    "entry": entry,
                    "reason": entry.withdrawn_reason,
                }
            )
    return sorted(events, key=lambda event: (event["on"], event["entry"].pk), reverse=True)


def list_import_list(*, scope: Scope) -> QuerySet[ListImport]:
    """The uploads of the scope's own organisation, newest first."""
    return ListImport.objects.visible_to(scope).select_related("user")


def list_import_get(*, scope: Scope, pk: int) -> ListImport:
    return get_or_404(list_import_list(scope=scope), "没有找到该导入记录。", pk=pk)
