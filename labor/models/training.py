"""Training (培训): skills and safety sessions in seed 001's three modes, and who attended,
passed and was certified. The training ledger (培训台账) is the list of these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from labor.models.workers import Worker
from portal.models import (
    CONTRACTOR_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
)

if TYPE_CHECKING:
    from portal.scope import Scope


class TrainingKind(models.TextChoices):
    SKILLS = "skills", "技能培训"
    SAFETY = "safety", "安全生产培训"


class TrainingMode(models.TextChoices):
    ON_SITE = "on_site", "培训+上岗"
    SCHOOL = "school", "培训+学校"
    PROJECT = "project", "培训+项目"


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        """The organiser its sessions; the office and the member units their region's; a
        township those held on its ground; a department, an owner or a contractor those of
        its projects."""
        if scope.organization is None:
            return self.none()
        org = scope.organization
        mine = Q(organizer=org)
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(mine | Q(organizer__region__path__startswith=scope.region.path))
        if scope.kind in TOWNSHIP_KINDS:
            return self.filter(mine | Q(township=org))
        if scope.kind == OrganizationKind.DEPARTMENT:
            return self.filter(mine | Q(project__department=org))
        if scope.kind in OWNER_KINDS:
            return self.filter(mine | Q(project__owner=org))
        if scope.kind in CONTRACTOR_KINDS:
            return self.filter(mine | Q(project__contracts__contractor=org)).distinct()
        return self.filter(mine)


class TrainingSession(models.Model):
    organizer = models.ForeignKey(
        "portal.Organization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    kind = models.CharField("培训类别", max_length=10, choices=TrainingKind.choices)
    mode = models.CharField("培训模式", max_length=10, choices=TrainingMode.choices)
    title = models.CharField("培训名称", max_length=100)
    provider = models.CharField(
        "培训机构", max_length=100, help_text="施工单位、职业院校或培训机构。"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    township = models.ForeignKey(
        "portal.Organization",
        verbose_name="乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="township_training_sessions",
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    hours = models.DecimalField(
        "学时", max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    reserve_for_maintenance = models.BooleanField(
        "储备性技能培训", default=False, help_text="为项目建成后的管护岗位储备技能。"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.start_date:%Y-%m-%d}）"


class TrainingParticipantQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        return self.filter(session__in=TrainingSession.objects.visible_to(scope))


class TrainingParticipant(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name="培训", on_delete=models.CASCADE, related_name="participants"
    )
    worker = models.ForeignKey(
        Worker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="trainings"
    )
    passed = models.BooleanField("考核合格", null=True, blank=True)
    certificate = models.CharField("证书", max_length=100, blank=True)

    objects = TrainingParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["session", "worker__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "worker"], name="training_attended_once")
        ]

    def __str__(self) -> str:
        return f"{self.worker.name} · {self.session}"
