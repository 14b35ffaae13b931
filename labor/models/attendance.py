"""Attendance (考勤): one row per worker, project and month holding the day marks, one
character a day, so the monthly grid is natural and the checks are set operations."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models

from labor.models.rosters import LaborImport, WorkerPartQuerySet
from labor.models.workers import Worker


class Mark(models.TextChoices):
    """What a day's cell holds, stored as one character of `Attendance.marks`."""

    NONE = "-", "未出勤"
    FULL = "P", "出勤"
    HALF = "H", "半天"
    REST = "R", "休息"
    ABSENT = "A", "缺勤"


# How much of a day each mark counts.
MARK_DAYS = {Mark.FULL: Decimal("1"), Mark.HALF: Decimal("0.5")}
PRESENT_MARKS = frozenset(MARK_DAYS)


def month_days(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


class Attendance(models.Model):
    """A worker's month on one project: `marks[d-1]` is day d's mark (Mark), padded with
    Mark.NONE to the month's length; `days` is the days worked, kept for the database's sums."""

    worker = models.ForeignKey(
        Worker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="attendance"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="attendance"
    )
    contractor = models.ForeignKey(
        "portal.Organization", verbose_name="施工单位", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("考勤月份", help_text="月份的第一天。")
    marks = models.CharField("每日考勤", max_length=31)
    days = models.DecimalField("出勤天数", max_digits=4, decimal_places=1, default=0)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkerPartQuerySet.as_manager()

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        ordering = ["project", "month", "worker__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "project", "month"], name="attendance_once_a_month"
            )
        ]
        indexes = [
            models.Index(fields=["project", "contractor", "month"]),
            models.Index(fields=["worker", "month"]),
            # The API's order (latest month first): a page is read from the index.
            models.Index(fields=["-month", "project", "id"], name="labor_attendance_api_order"),
        ]

    def __str__(self) -> str:
        return f"{self.worker.name} · {self.project} · {self.month:%Y-%m}"

    def present_days(self) -> set[int]:
        """The days of the month he was on site (a full or a half day)."""
        return {day for day, mark in enumerate(self.marks, start=1) if mark in PRESENT_MARKS}

    @staticmethod
    def count_days(marks: str) -> Decimal:
        """The days worked in a string of marks (a full day 1, a half 0.5)."""
        return sum((worth * marks.count(mark) for mark, worth in MARK_DAYS.items()), Decimal(0))


class AttendanceImport(LaborImport):
    """One upload of a monthly attendance grid."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("考勤月份")

    class Meta(LaborImport.Meta):
        verbose_name = "考勤导入"
        verbose_name_plural = "考勤导入"
