"""A project's lifecycle: checkpoints with their documents, and the completion evaluation."""

from django.core.exceptions import ValidationError
from django.db import models

from projects.models.projects import Project, ProjectPartQuerySet


class CheckpointKind(models.TextChoices):
    FEASIBILITY = "feasibility", "可研体现以工代赈"
    PRELIMINARY_DESIGN = "preliminary_design", "初设明确岗位"
    APPROVAL = "approval", "批复要求当地用工"
    CONTRACT = "contract", "合同约定用工和报酬"
    WAGE_ACCOUNT = "wage_account", "农民工工资专用账户"
    PAY_PLEDGE = "pay_pledge", "农民工工资支付承诺书"
    ACCEPTANCE = "acceptance", "工程验收"
    HANDOVER = "handover", "工程移交"
    SETTLEMENT = "settlement", "结算"
    FINAL_AUDIT = "final_audit", "决算审计"
    MAINTENANCE = "maintenance", "落实后期管护责任"


BASE_CHECKPOINTS = (
    CheckpointKind.FEASIBILITY,
    CheckpointKind.PRELIMINARY_DESIGN,
    CheckpointKind.APPROVAL,
    CheckpointKind.CONTRACT,
)
ACCOUNT_CHECKPOINTS = (CheckpointKind.WAGE_ACCOUNT, CheckpointKind.PAY_PLEDGE)


def required_checkpoints(project: Project) -> tuple[str, ...]:
    """The checkpoints a project must record: the base four, and the wage account and the pay
    pledge where the project is large enough to need a dedicated wage account."""
    if project.requires_wage_account:
        return BASE_CHECKPOINTS + ACCOUNT_CHECKPOINTS
    return BASE_CHECKPOINTS


def checkpoint_upload_to(instance, filename: str) -> str:
    return f"checkpoints/{instance.project.code}/{instance.kind}/{filename}"


class Checkpoint(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField("节点", max_length=20, choices=CheckpointKind.choices)
    date = models.DateField("日期")
    document = models.FileField("文件", upload_to=checkpoint_upload_to, max_length=300)
    note = models.CharField("说明", max_length=300, blank=True)
    bank = models.CharField("开户银行", max_length=100, blank=True)
    account = models.CharField("账号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project", "date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="checkpoint_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"


class Judgement(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class CompletionEvaluation(models.Model):
    """综合评价 at completion: one version of the evaluator's judgement. A revision is a new
    version with its reason; the earlier ones stay as they were. The project's figures are not
    stored here: they are read from the records whenever the evaluation is shown."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="evaluations")
    version = models.PositiveSmallIntegerField("版本", default=1)
    evaluated_on = models.DateField("评价日期")
    judgement = models.CharField("评价结论", max_length=12, choices=Judgement.choices)
    comments = models.TextField("评价意见")
    reason = models.CharField("修订原因", max_length=300, blank=True)
    evaluator = models.ForeignKey(
        "portal.User", verbose_name="评价人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "以工代赈综合评价"
        verbose_name_plural = "以工代赈综合评价"
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="evaluation_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_judgement_display()}（第{self.version}版）"

    def clean(self) -> None:
        if self.version > 1 and not self.reason.strip():
            raise ValidationError({"reason": "修订综合评价须说明修订原因。"})

    @property
    def is_revision(self) -> bool:
        return self.version > 1
