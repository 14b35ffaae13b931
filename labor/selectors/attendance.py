"""Reads of attendance (考勤): the roster of a month, the checks of a month's marks as set
operations (days outside a worker's engagement, a person on two sites on one day), the grid
of a project and month, the monthly summaries (summed in the database) and the records
behind each of their numbers."""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum

from labor.models import (
    PRESENT_MARKS,
    Attendance,
    AttendanceImport,
    Engagement,
    Mark,
    Worker,
    month_days,
)
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    SUPERVISOR_KINDS,
    TOWNSHIP_KINDS,
    Organization,
)
from portal.scope import Scope
from portal.selectors import get_or_404
from projects.models import Project, ProjectContractor

__all__ = [
    "ATTENDANCE_KINDS",
    "MARK_SYMBOLS",
    "AttendanceFlag",
    "AttendanceFlagKind",
    "AttendanceGrid",
    "AttendanceSummaryBy",
    "attendance_can_write",
    "attendance_flags",
    "attendance_grid",
    "attendance_grid_workers",
    "attendance_import_get",
    "attendance_import_list",
    "attendance_list",
    "attendance_other_sites",
    "attendance_project_get",
    "attendance_roster_periods",
    "attendance_summary",
    "attendance_taken_by_others",
    "month_end",
]

# Who sees attendance: everyone `worker_part_q` gives a view of a worker's work.
ATTENDANCE_KINDS = (
    REGION_WIDE_KINDS
    | OVERSEEING_KINDS
    | OWNER_KINDS
    | CONTRACTOR_KINDS
    | SUPERVISOR_KINDS
    | TOWNSHIP_KINDS
    | LABOR_ORG_KINDS
)

# How the pages and the exports write each mark (the upload reads these and more).
MARK_SYMBOLS = {
    Mark.NONE: "",
    Mark.FULL: "√",
    Mark.HALF: "半",
    Mark.REST: "休",
    Mark.ABSENT: "×",
}

FAR_FUTURE = datetime.date(9999, 12, 31)
# Rows of the grid a page: 31 inputs each stay under DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000).
GRID_PAGE_SIZE = 30


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=month_days(month))


class AttendanceFlagKind(enum.StrEnum):
    """Why a day is flagged for the contractor to check (a warning: the marks are saved)."""

    TWO_SITES = "two_sites"
    OUTSIDE_ENGAGEMENT = "outside_engagement"


@dataclass(frozen=True)
class AttendanceFlag:
    worker_id: int
    day: int
    kind: AttendanceFlagKind
    message: str


def attendance_can_write(*, scope: Scope, project: Project, contractor: Organization) -> bool:
    """A contractor's editors keep the attendance of its own roster on projects it is party
    to; nobody else writes it (the others read it)."""
    return (
        scope.may_write(CONTRACTOR_KINDS)
        and scope.organization.pk == contractor.pk
        and ProjectContractor.objects.filter(project=project, contractor=contractor).exists()
    )


def _overlapping(queryset: QuerySet, month: datetime.date) -> QuerySet:
    return queryset.filter(entry_date__lte=month_end(month)).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gte=month)
    )


def attendance_roster_periods(
    *, project: Project, contractor: Organization, month: datetime.date
) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """The workers on the contractor's roster of the project for some day of the month, each
    with the periods of his engagements (entry, exit). One query. Called by the writes after
    their permission check, so it reads the roster as it is, not through a scope."""
    periods: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    engagements = _overlapping(
        Engagement.objects.filter(project=project, contractor=contractor), month
    )
    for worker_id, entry, exit_date in engagements.values_list(
        "worker_id", "entry_date", "exit_date"
    ):
        periods[worker_id].append((entry, exit_date))
    return dict(periods)


def _engaged_days(
    periods: list[tuple[datetime.date, datetime.date | None]], month: datetime.date
) -> set[int]:
    days: set[int] = set()
    last = month_days(month)
    for entry, exit_date in periods:
        first = 1 if entry < month else entry.day
        until = last if (exit_date or FAR_FUTURE) > month_end(month) else exit_date.day
        days.update(range(first, until + 1))
    return days


def present_days(marks: str) -> set[int]:
    return {day for day, mark in enumerate(marks, start=1) if mark in PRESENT_MARKS}


def attendance_other_sites(
    *, project: Project, month: datetime.date, worker_ids: Iterable[int] | QuerySet
) -> dict[int, set[int]]:
    """The days of the month each worker (ids, or a subquery of them) was on another
    project's site: one query over every project, whoever keeps it (a person cannot work two
    sites in one day, wherever they are)."""
    others: dict[int, set[int]] = defaultdict(set)
    if not isinstance(worker_ids, QuerySet):
        worker_ids = list(worker_ids)
    rows = Attendance.objects.filter(month=month, worker_id__in=worker_ids).exclude(project=project)
    for worker_id, marks in rows.values_list("worker_id", "marks"):
        others[worker_id] |= present_days(marks)
    return dict(others)


def attendance_taken_by_others(
    *, project: Project, contractor: Organization, month: datetime.date, worker_ids
) -> set[int]:
    """Workers whose month on this project another contractor has already recorded (one row
    per worker, project and month). One query, over the project's month only."""
    others = (
        Attendance.objects.filter(project=project, month=month)
        .exclude(contractor=contractor)
        .values_list("worker_id", flat=True)
    )
    return set(others) & set(worker_ids)


def attendance_flags(
    *,
    month: datetime.date,
    grid: dict[int, str],
    periods: dict[int, list],
    others: dict[int, set[int]],
) -> list[AttendanceFlag]:
    """The warnings of a month's marks, as set operations: present on a day outside every
    engagement of his on this roster, or present on another site the same day."""
    flags = []
    for worker_id, marks in grid.items():
        present = present_days(marks)
        for day in sorted(present - _engaged_days(periods.get(worker_id, []), month)):
            flags.append(
                AttendanceFlag(
                    worker_id,
                    day,
                    AttendanceFlagKind.OUTSIDE_ENGAGEMENT,
                    f"{day}日不在其进场至退场期间",
                )
            )
        for day in sorted(present & others.get(worker_id, set())):
            flags.append(
                AttendanceFlag(
                    worker_id, day, AttendanceFlagKind.TWO_SITES, f"{day}日在另一个项目也记了出勤"
                )
            )
    return flags


# --- the grid of a project and month --------------------------------------------------------


@dataclass
class GridCell:
    day: int
    mark: str
    flags: list[AttendanceFlag] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return MARK_SYMBOLS.get(self.mark, "")

    @property
    def flag_text(self) -> str:
        return "；".join(flag.message for flag in self.flags)

    @property
    def two_sites(self) -> bool:
        return any(flag.kind == AttendanceFlagKind.TWO_SITES for flag in self.flags)


@dataclass
class GridRow:
    worker: Worker
    contractor: Organization
    cells: list[GridCell]
    days: Decimal
    periods: list[tuple[datetime.date, datetime.date | None]]
    recorded: bool

    @property
    def flag_count(self) -> int:
        return sum(len(cell.flags) for cell in self.cells)


@dataclass
class AttendanceGrid:
    project: Project
    month: datetime.date
    days: list[int]
    rows: list[GridRow]  # this page's
    editable_for: Organization | None  # the contractor whose rows the scope may save
    page: Page  # of the rows' keys: number, paginator.count, has_next …
    total_days: Decimal  # of every row of the month, summed by the database

    @property
    def flag_count(self) -> int:
        return sum(row.flag_count for row in self.rows)


def attendance_project_get(*, scope: Scope, pk: int) -> Project:
    """A project whose attendance the scope sees: one it sees, or one where it sees some of
    the roster or attendance (a township's own people working elsewhere, a labour
    organisation's members). 404 otherwise."""
    seen = (
        Q(pk__in=Project.objects.visible_to(scope).values("pk"))
        | Q(pk__in=Engagement.objects.visible_to(scope).values("project"))
        | Q(pk__in=Attendance.objects.visible_to(scope).values("project"))
    )
    projects = Project.objects.filter(seen).select_related("region")
    return get_or_404(projects, "没有找到该项目。", pk=pk)


def attendance_grid(
    *, scope: Scope, project: Project, month: datetime.date, page: object = 1
) -> AttendanceGrid:
    """A row per worker (and contractor) on the roster that month or with marks recorded, as
    the scope sees them, GRID_PAGE_SIZE rows a page (a page's inputs stay under Django's
    limit of fields a form may send), a cell per day with its flags. Seven queries whatever
    the roster's size and the page."""
    engaged = _overlapping(Engagement.objects.visible_to(scope).filter(project=project), month)
    recorded = Attendance.objects.visible_to(scope).filter(project=project, month=month)
    key_fields = ("contractor__name", "worker__name", "worker_id", "contractor_id")
    keys = sorted(set(engaged.values_list(*key_fields)) | set(recorded.values_list(*key_fields)))
    this_page = Paginator(keys, GRID_PAGE_SIZE).get_page(page)
    on_page = {worker_id for _, _, worker_id, _ in this_page.object_list}
    rows: dict[tuple[int, int], dict] = {
        (worker_id, contractor_id): {"periods": []}
        for _, _, worker_id, contractor_id in this_page.object_list
    }
    for engagement in engaged.filter(worker_id__in=on_page).select_related("worker", "contractor"):
        row = rows.get((engagement.worker_id, engagement.contractor_id))
        if row is not None:
            row.update(worker=engagement.worker, contractor=engagement.contractor)
            row["periods"].append((engagement.entry_date, engagement.exit_date))
    length = month_days(month)
    marks: dict[tuple[int, int], str] = {}
    for attendance in recorded.filter(worker_id__in=on_page).select_related("worker", "contractor"):
        key = (attendance.worker_id, attendance.contractor_id)
        if key in rows:
            rows[key].update(worker=attendance.worker, contractor=attendance.contractor)
            marks[key] = attendance.marks
    others = attendance_other_sites(project=project, month=month, worker_ids=on_page)
    grid_rows = []
    for key, row in rows.items():
        worker_id = key[0]
        row_marks = marks.get(key, "").ljust(length, Mark.NONE)[:length]
        by_day: dict[int, list[AttendanceFlag]] = defaultdict(list)
        for flag in attendance_flags(
            month=month,
            grid={worker_id: row_marks},
            periods={worker_id: row["periods"]},
            others=others,
        ):
            by_day[flag.day].append(flag)
        grid_rows.append(
            GridRow(
                worker=row["worker"],
                contractor=row["contractor"],
                cells=[
                    GridCell(day, mark, by_day.get(day, []))
                    for day, mark in enumerate(row_marks, start=1)
                ],
                days=Attendance.count_days(row_marks),
                periods=sorted(row["periods"]),
                recorded=key in marks,
            )
        )
    editable_for = None
    if scope.may_write(CONTRACTOR_KINDS) and attendance_can_write(
        scope=scope, project=project, contractor=scope.organization
    ):
        editable_for = scope.organization
    total = recorded.order_by().aggregate(total=Sum("days"))["total"] or Decimal(0)
    return AttendanceGrid(
        project, month, list(range(1, length + 1)), grid_rows, editable_for, this_page, total
    )


def attendance_grid_workers(
    *, scope: Scope, project: Project, month: datetime.date, worker_ids
) -> dict[int, str]:
    """{id: name} of those of `worker_ids` on the scope's own roster of the project that
    month: the rows of a posted grid page the contractor may save. One query."""
    engaged = _overlapping(
        Engagement.objects.filter(
            project=project, contractor=scope.organization, worker_id__in=list(worker_ids)
        ),
        month,
    )
    return dict(engaged.values_list("worker_id", "worker__name"))


# --- summaries and the records behind them ---------------------------------------------------


class AttendanceSummaryBy(enum.StrEnum):
    PROJECT = "project"
    WORKER = "worker"
    TOWNSHIP = "township"


NO_TOWNSHIP = "none"


def attendance_list(*, scope: Scope, filters: dict | None = None) -> QuerySet[Attendance]:
    """The months of attendance the scope sees, filtered by month, project, worker, contractor
    and the worker's household township (`"none"`: not recorded): what each number of the
    summaries counts. Constant queries whatever the page size."""
    filters = filters or {}
    rows = Attendance.objects.visible_to(scope)
    if filters.get("month"):
        rows = rows.filter(month=filters["month"])
    if filters.get("project"):
        rows = rows.filter(project_id=filters["project"])
    if filters.get("worker"):
        rows = rows.filter(worker_id=filters["worker"])
    if filters.get("contractor"):
        rows = rows.filter(contractor_id=filters["contractor"])
    township = filters.get("township")
    if township == NO_TOWNSHIP:
        rows = rows.filter(worker__household_township__isnull=True)
    elif township:
        rows = rows.filter(worker__household_township_id=township)
    return rows.select_related("worker__household_township", "project", "contractor").order_by(
        "month", "project__code", "worker__name", "pk"
    )


def attendance_summary(*, scope: Scope, month: datetime.date, by: AttendanceSummaryBy) -> QuerySet:
    """Days worked in the month (summed by the database) and the workers who worked them, per
    project, per worker or per township (the worker's household township). Each line's
    numbers are those of `attendance_list` with the line's filter."""
    rows = Attendance.objects.visible_to(scope).filter(month=month)
    if by == AttendanceSummaryBy.PROJECT:
        return (
            rows.values("project", "project__code", "project__name")
            .annotate(total_days=Sum("days"), workers=Count("worker", distinct=True))
            .order_by("project__code")
        )
    if by == AttendanceSummaryBy.WORKER:
        return (
            rows.values("worker", "worker__name", "worker__household_township__name")
            .annotate(total_days=Sum("days"), projects=Count("project", distinct=True))
            .order_by("worker__name", "worker")
        )
    return (
        rows.values("worker__household_township", "worker__household_township__name")
        .annotate(total_days=Sum("days"), workers=Count("worker", distinct=True))
        .order_by("worker__household_township__name")
    )


def attendance_import_list(*, scope: Scope) -> QuerySet[AttendanceImport]:
    return AttendanceImport.objects.visible_to(scope).select_related("project", "user")


def attendance_import_get(*, scope: Scope, pk: int) -> AttendanceImport:
    return get_or_404(attendance_import_list(scope=scope), "没有找到该次导入。", pk=pk)
