"""A year of attendance for the demo rosters: one row per worker, project and month from
January to the last complete month, with the marks a site keeps (mostly present; half days,
rest days on many Sundays and around the Spring Festival, a few absences; maintenance workers
on duty every other day or so). Rows are found by (worker, project, month) in one query and
written only when missing or when their marks differ."""

from __future__ import annotations

import datetime
import random

from labor.demo.rosters import LAST_DAY, YEAR_START, EngagementPlan
from labor.models import Attendance, Mark, month_days
from portal.demo import SeedLog

BATCH = 1000
# The Spring Festival of 2026 (17 February): most sites rest for two weeks around it.
FESTIVAL = (datetime.date(2026, 2, 10), datetime.date(2026, 2, 24))


def _mark(rng: random.Random, day: datetime.date, maintenance: bool) -> str:
    draw = rng.random()
    if maintenance:
        return Mark.FULL if draw < 0.45 else Mark.HALF if draw < 0.65 else Mark.REST
    if FESTIVAL[0] <= day <= FESTIVAL[1]:
        return Mark.REST if draw < 0.85 else Mark.FULL
    if day.weekday() == 6:
        return Mark.REST if draw < 0.6 else Mark.FULL
    if day.month == 1:  # winter: frozen ground stops part of the work
        return Mark.FULL if draw < 0.74 else Mark.REST if draw < 0.95 else Mark.ABSENT
    if draw < 0.88:
        return Mark.FULL
    return Mark.HALF if draw < 0.92 else Mark.ABSENT if draw < 0.95 else Mark.REST


def month_marks(rng: random.Random, plan: EngagementPlan, month: datetime.date) -> str | None:
    """The month's marks of an engagement, None when he was not on site that month."""
    length = month_days(month)
    last_of_month = month.replace(day=length)
    first = max(plan.entry_date, month)
    last = min(plan.exit_date or LAST_DAY, last_of_month, LAST_DAY)
    if first > last:
        return None
    marks = []
    for number in range(1, length + 1):
        day = month.replace(day=number)
        marks.append(_mark(rng, day, plan.maintenance) if first <= day <= last else Mark.NONE)
    text = "".join(marks)
    return text if any(mark in text for mark in (Mark.FULL, Mark.HALF)) else None


def seed_attendance(log: SeedLog, rng: random.Random, plans: list[EngagementPlan]) -> int:
    """Write the months from January to LAST_DAY of every engagement on site then; returns
    how many rows the plan holds."""
    months = [datetime.date(YEAR_START.year, m, 1) for m in range(1, LAST_DAY.month + 1)]
    wanted: dict[tuple, tuple[int, str]] = {}
    for plan in plans:
        if (plan.exit_date or LAST_DAY) < YEAR_START or plan.entry_date > LAST_DAY:
            continue
        for month in months:
            marks = month_marks(rng, plan, month)
            if marks is not None:
                wanted[(plan.person.pk, plan.site.project.pk, month)] = (plan.contractor.pk, marks)
    projects = {key[1] for key in wanted}
    existing = {
        (worker, project, month): (pk, contractor, marks)
        for pk, worker, project, month, contractor, marks in Attendance.objects.filter(
            project_id__in=projects, month__gte=months[0], month__lte=months[-1]
        ).values_list("pk", "worker_id", "project_id", "month", "contractor_id", "marks")
    }
    missing, changed = [], []
    for (worker, project, month), (contractor, marks) in wanted.items():
        row = existing.get((worker, project, month))
        if row is None:
            missing.append(
                Attendance(
                    worker_id=worker,
                    project_id=project,
                    contractor_id=contractor,
                    month=month,
                    marks=marks,
                    days=Attendance.count_days(marks),
                )
            )
        elif row[1:] != (contractor, marks):
            changed.append(
                Attendance(
                    pk=row[0],
                    contractor_id=contractor,
                    marks=marks,
                    days=Attendance.count_days(marks),
                )
            )
    Attendance.objects.bulk_create(missing, batch_size=BATCH)
    Attendance.objects.bulk_update(changed, ["contractor", "marks", "days"], batch_size=BATCH)
    log.created += len(missing)
    log.updated += len(changed)
    return len(wanted)
