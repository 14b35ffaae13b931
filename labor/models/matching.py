"""Matching surveyed people to published labour plans: a township refers a person to a plan
published to it (PlanNotice); the contractor accepts (which creates the engagement) or
declines with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from labor.models.rosters import Engagement
from labor.models.surveys import SurveyResponse
from labor.models.workers import Worker
from portal.models import CONTRACTOR_KINDS, REGION_WIDE_KINDS, TOWNSHIP_KINDS
from projects.models import Project

if TYPE_CHECKING:
    from portal.scope import Scope


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "已推荐，待施工单位答复"
    ACCEPTED = "accepted", "已录用"
    DECLINED = "declined", "未录用"


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        """The township that referred; the contractors of the plan's project; the office and
        the member units of the region; whoever sees the project reads them too."""
        if scope.organization is None:
            return self.none()
        org = scope.organization
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(plan__project__region__path__startswith=scope.region.path)
        if scope.kind in TOWNSHIP_KINDS:
            return self.filter(township=org)
        if scope.kind in CONTRACTOR_KINDS:
            return self.filter(plan__project__contracts__contractor=org).distinct()
        return self.filter(plan__project__in=Project.objects.visible_to(scope))


class Referral(models.Model):
    plan = models.ForeignKey(
        "projects.LaborPlan",
        verbose_name="用工计划",
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    notice = models.ForeignKey(
        "projects.PlanNotice",
        verbose_name="推送",
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    township = models.ForeignKey(
        "portal.Organization", verbose_name="推荐乡镇", on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        Worker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="referrals"
    )
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name="摸底登记",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    status = models.CharField(
        "状态", max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    referred_at = models.DateTimeField("推荐时间", auto_now_add=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="推荐人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contractor = models.ForeignKey(
        "portal.Organization",
        verbose_name="答复单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("答复时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("未录用原因", max_length=200, blank=True)
    engagement = models.OneToOneField(
        Engagement,
        verbose_name="用工名册",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "岗位推荐"
        verbose_name_plural = "岗位推荐"
        ordering = ["-referred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "worker"], name="referral_once_per_plan"),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.DECLINED) | ~Q(reason=""),
                name="referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker.name} → {self.plan}"
