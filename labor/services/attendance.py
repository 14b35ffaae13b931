"""Writes of attendance (考勤): a contractor's month of day marks for its roster on a project,
from the grid page or an uploaded grid, checked as set operations and written in one
transaction with one audit entry."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from labor.models import Attendance, Engagement, Mark, Worker, month_days
from labor.selectors.attendance import (
    AttendanceFlag,
    attendance_can_write,
    attendance_flags,
    attendance_other_sites,
    attendance_roster_periods,
    attendance_taken_by_others,
)
from portal.models import Organization
from portal.scope import Scope
from portal.services import audit_record
from projects.models import Project

__all__ = [
    "MARK_INPUTS",
    "AttendanceSaveResult",
    "attendance_month_save",
    "parse_mark",
]

# What people write in a day's cell, as it reads after NFKC (full-width forms made plain) and
# without spaces: the common monthly grid's marks and the portal's own letters.
MARK_INPUTS: dict[str, Mark] = {
    "": Mark.NONE,
    "-": Mark.NONE,
    "√": Mark.FULL,
    "✓": Mark.FULL,
    "✔": Mark.FULL,
    "1": Mark.FULL,
    "1.0": Mark.FULL,
    "P": Mark.FULL,
    "0.5": Mark.HALF,
    ".5": Mark.HALF,
    "半": Mark.HALF,
    "1/2": Mark.HALF,
    "H": Mark.HALF,
    "休": Mark.REST,
    "R": Mark.REST,
    "×": Mark.ABSENT,
    "✗": Mark.ABSENT,
    "✘": Mark.ABSENT,
    "X": Mark.ABSENT,
    "0": Mark.ABSENT,
    "A": Mark.ABSENT,
}
MARK_HELP = "可填：√ 或 1（出勤）、0.5 或 半（半天）、休（休息）、× 或 0（缺勤），未出勤留空"


def parse_mark(value: object) -> Mark | None:
    """The mark a cell's value stands for, None when it is not a mark."""
    if value is None:
        return Mark.NONE
    if isinstance(value, str) and value in MARK_INPUTS:  # most cells: no normalising
        return MARK_INPUTS[value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()
    return MARK_INPUTS.get(text)


@dataclass
class AttendanceSaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flags: list[AttendanceFlag] = field(default_factory=list)

    def summary(self) -> str:
        text = f"新增 {self.created} 人、修改 {self.updated} 人、未变 {self.unchanged} 人的月考勤"
        if self.flags:
            text += f"；另有 {len(self.flags)} 处需要核实（见考勤表中的标记）"
        return text + "。"


def _check_marks(grid: dict[int, str], month: datetime.date) -> list[tuple[int, str]]:
    """Refuse what is not a mark, days the month does not have and days still to come (an
    attendance mark records a day worked): (worker id, why)."""
    problems = []
    length = month_days(month)
    today = timezone.localdate()
    first_future = (today - month).days + 2 if today < month.replace(day=length) else length + 1
    known = set(Mark.values)
    for worker_id, marks in grid.items():
        unknown = sorted(set(marks) - known)
        if unknown:
            problems.append(
                (worker_id, f"：无法识别的考勤标记“{'、'.join(unknown)}”。{MARK_HELP}。")
            )
        beyond = [
            day for day, mark in enumerate(marks[length:], start=length + 1) if mark != Mark.NONE
        ]
        if beyond:
            days = "、".join(f"{day}日" for day in beyond)
            problems.append((worker_id, f"：{month:%Y年%m月}只有{length}天，没有{days}。"))
        ahead = [
            day
            for day, mark in enumerate(marks[:length], start=1)
            if day >= first_future and mark != Mark.NONE
        ]
        if ahead:
            days = "、".join(f"{day}日" for day in ahead)
            problems.append(
                (worker_id, f"：{month:%Y年%m月}{days}还没有到，考勤只能记录已经过去的日子。")
            )
    return problems


@transaction.atomic
def attendance_month_save(
    *,
    scope: Scope,
    project: Project,
    contractor: Organization,
    month: datetime.date,
    grid: dict[int, str],
    source: str = "页面录入",
) -> AttendanceSaveResult:
    """Save a contractor's month of attendance on a project: `grid` maps a worker's id to his
    marks (`Mark` characters, day 1 first; shorter strings mean no mark for the rest).
    Guarantees: only the contractor's editors, on a project it is party to; only workers on
    its roster of the project for some day of the month and not recorded there by another
    contractor; no unknown mark and no day the month lacks (refused, nothing written); days
    outside his engagement and days present on another site are flagged, not refused; rows
    that do not change are not written; one audit entry when anything changed. The checks are
    a constant number of queries whatever the grid's size."""
    if not attendance_can_write(scope=scope, project=project, contractor=contractor):
        raise PermissionDenied("只有参建该项目的施工单位可以登记其用工名册人员的考勤。")
    if month.day != 1:
        raise ValidationError("考勤月份应为该月的第一天。")
    periods = attendance_roster_periods(project=project, contractor=contractor, month=month)
    outside = set(grid) - set(periods)
    problems = _check_marks(grid, month)
    problems += [
        (worker_id, f"不在{contractor}{month:%Y年%m月}的用工名册上。")
        for worker_id in sorted(outside)
    ]
    taken = attendance_taken_by_others(
        project=project, contractor=contractor, month=month, worker_ids=set(grid) - outside
    )
    problems += [
        (worker_id, "本月在该项目的考勤已由其他施工单位登记。") for worker_id in sorted(taken)
    ]
    if problems:
        names = dict(
            Worker.objects.filter(pk__in={worker_id for worker_id, _ in problems}).values_list(
                "pk", "name"
            )
        )
        raise ValidationError(
            [f"{names.get(worker_id, worker_id)}{why}" for worker_id, why in problems]
        )

    length = month_days(month)
    full = {worker_id: marks[:length].ljust(length, Mark.NONE) for worker_id, marks in grid.items()}
    result = AttendanceSaveResult()
    # Every worker of the grid is on this roster: the roster, as a subquery, names them
    # without sending thousands of ids to the database.
    roster = Engagement.objects.filter(project=project, contractor=contractor).values("worker_id")
    result.flags = attendance_flags(
        month=month,
        grid=full,
        periods=periods,
        others=attendance_other_sites(project=project, month=month, worker_ids=roster),
    )
    existing = {
        row.worker_id: row
        for row in Attendance.objects.filter(project=project, contractor=contractor, month=month)
        if row.worker_id in full
    }
    now = timezone.now()
    created, updated = [], []
    for worker_id, marks in full.items():
        row = existing.get(worker_id)
        if row is None:
            if set(marks) == {Mark.NONE}:
                result.unchanged += 1  # nothing to record, nothing recorded
                continue
            row = Attendance(
                worker_id=worker_id,
                project=project,
                contractor=contractor,
                month=month,
                marks=marks,
                days=Attendance.count_days(marks),
                updated_by=scope.user,
                updated_at=now,
            )
            created.append(row)
        elif row.marks != marks:
            row.marks, row.days = marks, Attendance.count_days(marks)
            row.updated_by, row.updated_at = scope.user, now
            updated.append(row)
        else:
            result.unchanged += 1
            continue
        # The foreign keys and the one-row-a-month rule were checked above, for all at once.
        row.full_clean(
            exclude=["worker", "project", "contractor", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    Attendance.objects.bulk_create(created, batch_size=2000)
    Attendance.objects.bulk_update(
        updated, ["marks", "days", "updated_by", "updated_at"], batch_size=2000
    )
    result.created, result.updated = len(created), len(updated)
    if created or updated:
        audit_record(
            scope=scope,
            action="attendance.save",
            summary=f"{source}：{project}{month:%Y年%m月}的考勤，{result.summary()}",
            target=project,
            region=project.region,
        )
    return result
