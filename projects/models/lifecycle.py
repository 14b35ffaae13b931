"""A project's lifecycle: checkpoints (their documents are kept in versions in
`projects.models.archives`), and the completion evaluation with its participants and scores."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from projects.models.projects import NOT_NEGATIVE, Project, ProjectPartQuerySet, ProjectStatus


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
# After the contract (seed 001): once works are complete, in this order.
AFTER_CONTRACT_CHECKPOINTS = (
    CheckpointKind.ACCEPTANCE,
    CheckpointKind.HANDOVER,
    CheckpointKind.SETTLEMENT,
    CheckpointKind.FINAL_AUDIT,
    CheckpointKind.MAINTENANCE,
)
# The checkpoint each of them follows, by record and by date: handover, settlement and the
# final audit one after the other from acceptance; maintenance once the works are handed over.
CHECKPOINT_PREDECESSOR = {
    CheckpointKind.ACCEPTANCE: CheckpointKind.CONTRACT,
    CheckpointKind.HANDOVER: CheckpointKind.ACCEPTANCE,
    CheckpointKind.SETTLEMENT: CheckpointKind.HANDOVER,
    CheckpointKind.FINAL_AUDIT: CheckpointKind.SETTLEMENT,
    CheckpointKind.MAINTENANCE: CheckpointKind.HANDOVER,
}
# Statuses of a project whose works are complete: the after-contract checkpoints are due.
WORKS_COMPLETE_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)


def required_checkpoints(project: Project) -> tuple[str, ...]:
    """The checkpoints a project must record: the base four, the wage account and the pay
    pledge where the project is large enough to need a dedicated wage account, and once its
    works are complete acceptance, handover, settlement, final audit and maintenance."""
    required = BASE_CHECKPOINTS
    if project.requires_wage_account:
        required += ACCOUNT_CHECKPOINTS
    if project.status in WORKS_COMPLETE_STATUSES:
        required += AFTER_CONTRACT_CHECKPOINTS
    return required


def checkpoint_upload_to(instance, filename: str) -> str:
    """Where checkpoint documents were stored before they were kept in versions (migrations
    0001-0008 name it)."""
    return f"checkpoints/{instance.project.code}/{instance.kind}/{filename}"


class Checkpoint(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField("节点", max_length=20, choices=CheckpointKind.choices)
    date = models.DateField("日期")
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
    evaluating_unit = models.ForeignKey(
        "portal.Organization",
        verbose_name="评价单位（竣工验收单位）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        "portal.Organization",
        verbose_name="参与评价的单位",
        related_name="+",
        blank=True,
        help_text="区直相关部门、业主单位、施工单位和项目所在乡镇（街道）。",
    )
    report = models.ForeignKey(
        "projects.DocumentVersion",
        verbose_name="评价报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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


# The criteria an evaluation scores unless the evaluator changes them, with their full scores.
DEFAULT_CRITERIA = (
    ("吸纳当地务工", Decimal(30)),
    ("劳务报酬发放", Decimal(30)),
    ("技能培训", Decimal(15)),
    ("资金使用", Decimal(15)),
    ("档案管理", Decimal(10)),
)


class EvaluationScore(models.Model):
    """One criterion an evaluation scored: its score out of its full score."""

    evaluation = models.ForeignKey(
        CompletionEvaluation, on_delete=models.CASCADE, related_name="scores"
    )
    order = models.PositiveSmallIntegerField("序号", default=0)
    criterion = models.CharField("评价指标", max_length=100)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, validators=[NOT_NEGATIVE])
    full_score = models.DecimalField(
        "满分", max_digits=5, decimal_places=1, validators=[NOT_NEGATIVE]
    )

    class Meta:
        verbose_name = "综合评价得分"
        verbose_name_plural = "综合评价得分"
        ordering = ["evaluation", "order"]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score}/{self.full_score}"

    def clean(self) -> None:
        if self.score is not None and self.full_score is not None and self.score > self.full_score:
            raise ValidationError(
                {"score": f"「{self.criterion}」得分 {self.score} 超过满分 {self.full_score}。"}
            )
