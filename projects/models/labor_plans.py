"""Labour plans (用工计划) and their notices in the townships' inboxes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from projects.models.directory import StageKind, WorkStage
from projects.models.projects import Project, ProjectPartQuerySet

# The fields of a labour plan its author fills in (the form and the service take them from here).
LABOR_PLAN_FIELDS = ("stage", "kind", "positions", "start", "end", "skills", "daily_rate")


class PlanNoticeQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """Notices addressed to the scope's organisation, and those of plans of projects it
        may see (the owner sees who signed for its plans)."""
        if scope.organization is None:
            return self.none()
        return self.filter(
            Q(township=scope.organization) | Q(plan__project__in=Project.objects.visible_to(scope))
        )


class LaborPlan(models.Model):
    """用工计划: jobs a project offers at one work stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labor_plans")
    stage = models.ForeignKey(WorkStage, verbose_name="用工环节", on_delete=models.PROTECT)
    kind = models.CharField("环节类型", max_length=20, choices=StageKind.choices)
    positions = models.PositiveIntegerField(
        "岗位数", validators=[MinValueValidator(1, "岗位数至少为1。")]
    )
    start = models.DateField("用工开始日期")
    end = models.DateField("用工结束日期")
    skills = models.CharField("技能要求", max_length=300, blank=True)
    daily_rate = models.DecimalField(
        "日工资（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "日工资应大于0。")],
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "用工计划"
        verbose_name_plural = "用工计划"
        ordering = ["project", "start", "id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.stage}（{self.positions}人）"

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "用工结束日期不能早于开始日期。"
        if self.project_id:
            errors.update(self._period_errors())
        if self.stage_id and self.project_id and self.stage.category_id != self.project.category_id:
            errors["stage"] = (
                f"用工环节「{self.stage}」不属于本项目的类别「{self.project.category}」。"
            )
        if errors:
            raise ValidationError(errors)

    def _period_errors(self) -> dict[str, str]:
        """The plan's period lies within the project's planned period."""
        project, errors = self.project, {}
        period = f"{project.planned_start:%Y-%m-%d} 至 {project.planned_end:%Y-%m-%d}"
        if self.start and self.start < project.planned_start:
            errors["start"] = f"用工开始日期不能早于项目计划开工日期：项目计划工期为 {period}。"
        if self.end and self.end > project.planned_end:
            errors["end"] = f"用工结束日期不能晚于项目计划完工日期：项目计划工期为 {period}。"
        return errors

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PlanNotice(models.Model):
    """A published labour plan in a township's inbox, until the township acknowledges it."""

    plan = models.ForeignKey(LaborPlan, on_delete=models.CASCADE, related_name="notices")
    township = models.ForeignKey(
        "portal.Organization",
        verbose_name="乡镇（街道）",
        on_delete=models.CASCADE,
        related_name="plan_notices",
    )
    created_at = models.DateTimeField("推送时间", auto_now_add=True)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "portal.User",
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PlanNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "用工计划推送"
        verbose_name_plural = "用工计划推送"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "township"], name="plan_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.township}"
