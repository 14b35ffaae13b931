"""Inspections (监管检查) of a project at three levels, their findings, the rectification each
finding's responsible unit reports and the decisions on it (督促整改), and what the supervisor
observes on site (seed 000, 五（三）; seed 001, 五（二）)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.models import (
    CONTRACTOR_KINDS,
    MEMBER_UNIT_KINDS,
    OVERSEEING_KINDS,
    OWNER_KINDS,
    TOWNSHIP_KINDS,
)
from projects.models import Project, ProjectPartQuerySet


class InspectionLevel(models.TextChoices):
    """The three levels counties combine: the project unit checks itself, the township patrols
    its ground, the district spot-checks."""

    SELF_CHECK = "self_check", "自查"
    PATROL = "patrol", "巡查"
    SPOT_CHECK = "spot_check", "抽查"


# Which organisation kinds record which level (a co-lead department acts as the office).
LEVEL_KINDS = {
    InspectionLevel.SPOT_CHECK: OVERSEEING_KINDS | MEMBER_UNIT_KINDS,
    InspectionLevel.PATROL: TOWNSHIP_KINDS,
    InspectionLevel.SELF_CHECK: OWNER_KINDS | CONTRACTOR_KINDS,
}
INSPECTING_KINDS = frozenset().union(*LEVEL_KINDS.values())


def levels_for(kind: str | None) -> list[str]:
    """The inspection levels an organisation of this kind records."""
    return [level for level, kinds in LEVEL_KINDS.items() if kind in kinds]


class FindingTopic(models.TextChoices):
    """What seed 000 names for the checks: hiring locals, pay, skills and safety training,
    and the pay ledger."""

    LOCAL_HIRING = "local_hiring", "当地务工人员组织"
    PAY = "pay", "劳务报酬发放"
    SKILLS_TRAINING = "skills_training", "劳动技能培训"
    SAFETY_TRAINING = "safety_training", "安全生产培训"
    WAGE_LEDGER = "wage_ledger", "劳务报酬发放台账"
    OTHER = "other", "其他"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    REPORTED = "reported", "整改待审核"
    CLOSED = "closed", "已销号"


UNCLOSED_STATUSES = (FindingStatus.OPEN, FindingStatus.REPORTED)


class DecisionOutcome(models.TextChoices):
    CLOSED = "closed", "审核通过，销号"
    REOPENED = "reopened", "退回重新整改"


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """Whoever sees the project sees its inspections; a unit that must rectify a finding
        sees the inspection that found it."""
        if scope.organization is None:
            return self.none()
        addressed = Finding.objects.filter(responsible=scope.organization)
        return self.filter(
            Q(project__in=Project.objects.visible_to(scope))
            | Q(pk__in=addressed.values("inspection"))
        )


class Inspection(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="inspections"
    )
    level = models.CharField("检查层级", max_length=12, choices=InspectionLevel.choices)
    inspected_on = models.DateField("检查日期")
    inspecting_organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="检查单位",
        on_delete=models.PROTECT,
        related_name="inspections_made",
    )
    participants = models.ManyToManyField(
        "portal.Organization",
        verbose_name="参加单位",
        related_name="inspections_joined",
        blank=True,
    )
    other_participants = models.TextField(
        "参加人员", blank=True, help_text="每行一人，如“区财政局 李科长”。"
    )
    summary = models.TextField("检查情况", blank=True)
    draw = models.ForeignKey(
        "supervision.SpotCheckDraw",
        verbose_name="抽查抽签",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    recorded_by = models.ForeignKey(
        "portal.User",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["project", "-inspected_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.get_level_display()}（{self.inspected_on:%Y-%m-%d}）"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """Whoever sees the project sees its findings; the unit responsible sees the findings
        addressed to it."""
        if scope.organization is None:
            return self.none()
        return self.filter(
            Q(inspection__project__in=Project.objects.visible_to(scope))
            | Q(responsible=scope.organization)
        )

    def overdue(self):
        return self.filter(status__in=UNCLOSED_STATUSES, deadline__lt=timezone.localdate())


class Finding(models.Model):
    """One problem an inspection found, with the unit that must put it right by a deadline.
    `status` is where it stands now; each report and each decision is a row of its own."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="findings"
    )
    topic = models.CharField("问题类别", max_length=20, choices=FindingTopic.choices)
    description = models.TextField("问题描述")
    deadline = models.DateField("整改时限")
    responsible = models.ForeignKey(
        "portal.Organization",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="findings_to_rectify",
    )
    status = models.CharField(
        "整改状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "检查发现的问题"
        verbose_name_plural = "检查发现的问题"
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["responsible", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}：{self.description[:40]}"

    @property
    def is_closed(self) -> bool:
        return self.status == FindingStatus.CLOSED

    @property
    def is_reported(self) -> bool:
        return self.status == FindingStatus.REPORTED

    @property
    def badge(self) -> str:
        """The colour of the finding's state: late, waiting for the unit, waiting for the
        office, closed."""
        if self.is_closed:
            return "text-bg-success"
        if self.is_overdue:
            return "text-bg-danger"
        return "text-bg-info" if self.is_reported else "text-bg-warning"

    @property
    def is_overdue(self) -> bool:
        return not self.is_closed and self.deadline < timezone.localdate()


def evidence_upload_to(instance, filename: str) -> str:
    return f"supervision/evidence/{instance.finding.inspection.project.code}/{filename}"


class Rectification(models.Model):
    """整改情况: what the responsible unit reports it did, with its evidence. Never edited: a
    second report after a reopening is a new row."""

    finding = models.ForeignKey(
        Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="rectifications"
    )
    description = models.TextField("整改情况")
    rectified_on = models.DateField("整改完成日期")
    evidence = models.FileField("佐证材料", upload_to=evidence_upload_to, max_length=300)
    organization = models.ForeignKey(
        "portal.Organization", verbose_name="上报单位", on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        "portal.User",
        verbose_name="上报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上报时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改情况"
        verbose_name_plural = "整改情况"
        ordering = ["finding", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.finding} · 整改（{self.rectified_on:%Y-%m-%d}）"


class FindingDecision(models.Model):
    """The office's (or the department's) decision on a finding: closed, or reopened with the
    reason. Never edited."""

    finding = models.ForeignKey(
        Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="decisions"
    )
    rectification = models.ForeignKey(
        Rectification,
        verbose_name="所审核的整改情况",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField("审核结果", max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField("意见", blank=True)
    decided_on = models.DateField("审核日期")
    organization = models.ForeignKey(
        "portal.Organization", verbose_name="审核单位", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        "portal.User",
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改审核"
        verbose_name_plural = "整改审核"
        ordering = ["finding", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.finding} · {self.get_outcome_display()}"

    @property
    def is_reopening(self) -> bool:
        return self.outcome == DecisionOutcome.REOPENED


def observation_upload_to(instance, filename: str) -> str:
    return f"supervision/observations/{instance.project.code}/{filename}"


class Observation(models.Model):
    """What the supervisor (监理) sees of the work-relief duties on its project's site: seed 000
    makes the organisation and pay of local workers part of the supervision."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="observations"
    )
    observed_on = models.DateField("观察日期")
    topic = models.CharField("类别", max_length=20, choices=FindingTopic.choices)
    text = models.TextField("观察记录")
    attachment = models.FileField(
        "照片或附件", upload_to=observation_upload_to, max_length=300, blank=True
    )
    organization = models.ForeignKey(
        "portal.Organization", verbose_name="监理单位", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "portal.User",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "监理观察记录"
        verbose_name_plural = "监理观察记录"
        ordering = ["-observed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_topic_display()}（{self.observed_on:%Y-%m-%d}）"
