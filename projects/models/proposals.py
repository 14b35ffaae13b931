"""Proposals (项目申报) from the departments and townships, reviewed by the office, and the
pre-review (预审) each member unit makes of the projects it approves or prepares."""

from django.db import models
from django.db.models import Q

from portal.models import REGION_WIDE_KINDS
from projects.models.projects import Project, ProjectPartQuerySet


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    ADOPTED = "adopted", "已列入年度清单"
    RESERVED = "reserved", "已纳入储备库"
    RETURNED = "returned", "已退回"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """The proposer sees its own; the office and the member units the region's; anyone
        else the proposals of the projects it may see."""
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(project__region__path__startswith=scope.region.path)
        return self.filter(
            Q(proposer=scope.organization) | Q(project__in=Project.objects.visible_to(scope))
        )


class Proposal(models.Model):
    """A project a department or a township proposes for a year's list. The office adopts it
    into the annual list, puts it in the reserve, or returns it with reasons; a returned
    proposal is corrected and submitted again (`round` counts the submissions)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposals")
    year = models.PositiveSmallIntegerField("申报年度")
    proposer = models.ForeignKey(
        "portal.Organization",
        verbose_name="申报单位",
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        "审核状态", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    round = models.PositiveSmallIntegerField("提交次数", default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        "portal.User",
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "项目申报"
        verbose_name_plural = "项目申报"
        ordering = ["-year", "-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="proposal_year_unique")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.project}"


class DeclineExplanationQuerySet(models.QuerySet):
    def visible_to(self, scope):
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        return self.filter(organization=scope.organization)


class DeclineExplanation(models.Model):
    """Seed 001: a department or township whose projects, forecast jobs or forecast
    remuneration fall short of last year's explains why in writing."""

    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="说明单位",
        on_delete=models.PROTECT,
        related_name="decline_explanations",
    )
    text = models.TextField("书面说明")
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name="填写人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("填写时间", auto_now=True)

    objects = DeclineExplanationQuerySet.as_manager()

    class Meta:
        verbose_name = "同比下降书面说明"
        verbose_name_plural = "同比下降书面说明"
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="decline_explanation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class PreReviewStage(models.TextChoices):
    FEASIBILITY = "feasibility", "可行性研究报告（资金申请报告）"
    PRELIMINARY_DESIGN = "preliminary_design", "初步设计报告（施工图设计文件）"


class PreReviewFinding(models.TextChoices):
    IMPLEMENTED = "implemented", "落实"
    NOT_IMPLEMENTED = "not_implemented", "未落实"
    NOT_APPLICABLE = "not_applicable", "不适用"


class PreReview(models.Model):
    """预审 (seed 000): a member unit reviews whether a project it approves, prepares or
    submits carries work relief in one of its preparatory documents. A project reviewed again
    gets a new record; the latest per stage counts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prereviews")
    stage = models.CharField("审查要件", max_length=20, choices=PreReviewStage.choices)
    reviewer = models.ForeignKey(
        "portal.Organization",
        verbose_name="预审单位",
        on_delete=models.PROTECT,
        related_name="prereviews",
    )
    reviewed_by = models.ForeignKey(
        "portal.User", verbose_name="审查人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField("审查日期")
    finding = models.CharField("审查结论", max_length=16, choices=PreReviewFinding.choices)
    additions = models.TextField(
        "需补充完善的内容", blank=True, help_text="结论为“未落实”时须写明需补充的内容。"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "以工代赈预审"
        verbose_name_plural = "以工代赈预审"
        ordering = ["project", "stage", "-reviewed_on", "-id"]
        indexes = [models.Index(fields=["project", "stage", "-reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()} · {self.get_finding_display()}"
