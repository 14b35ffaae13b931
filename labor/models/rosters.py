"""The roster (用工名册) and its contracts: an Engagement is a worker on a project for a
contractor, at a work stage, from his entry to his exit. Roster uploads are jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from labor.models.organizations import Team
from labor.models.workers import Worker, worker_part_q
from portal.models import Job
from projects.models.imports import ImportStatus

if TYPE_CHECKING:
    from portal.scope import Scope


class StaffCategory(models.TextChoices):
    WORKER = "worker", "务工人员"
    MANAGER = "manager", "管理人员"
    TECHNICIAN = "technician", "技术人员"
    ORGANIZER = "organizer", "劳务组织者"


# Only these are work-relief workers: the others' pay is not labour remuneration (DOMAIN.md).
WORK_RELIEF_CATEGORIES = frozenset({StaffCategory.WORKER})


class EngagementSource(models.TextChoices):
    UPLOAD = "upload", "名册导入"
    PAGE = "page", "页面录入"
    REFERRAL = "referral", "乡镇推荐录用"


class WorkerPartQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        q = worker_part_q(scope)
        return self.none() if q is None else self.filter(q)


def contract_upload_to(instance: Engagement, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"labor/contracts/{instance.project_id}/{instance.worker_id}-{instance.pk or 'new'}.{extension}"


# What a roster row, the roster form and the API carry of an engagement (besides the worker).
ENGAGEMENT_FIELDS = (
    "stage",
    "trade",
    "staff_category",
    "team",
    "labor_organization",
    "contract_signed_on",
    "contract_end",
    "entry_date",
    "exit_date",
    "daily_pay",
)


class Engagement(models.Model):
    """A worker on a project's roster for a contractor (劳动合同 and 用工名册)."""

    worker = models.ForeignKey(
        Worker, verbose_name="务工人员", on_delete=models.PROTECT, related_name="engagements"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    contractor = models.ForeignKey(
        "portal.Organization", verbose_name="施工单位", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(
        "projects.WorkStage",
        verbose_name="用工环节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="尚未分配环节的可以留空。",
    )
    trade = models.CharField("工种", max_length=50, blank=True)
    staff_category = models.CharField(
        "人员类别", max_length=12, choices=StaffCategory.choices, default=StaffCategory.WORKER
    )
    team = models.ForeignKey(
        Team,
        verbose_name="施工队伍",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
    )
    labor_organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="劳务组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contract_signed_on = models.DateField("劳动合同签订日期", null=True, blank=True)
    contract_end = models.DateField("合同截止日期", null=True, blank=True)
    contract_scan = models.FileField(
        "劳动合同扫描件", upload_to=contract_upload_to, blank=True, max_length=200
    )
    entry_date = models.DateField("进场日期")
    exit_date = models.DateField("退场日期", null=True, blank=True)
    daily_pay = models.DecimalField(
        "日工资（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(
        "来源", max_length=10, choices=EngagementSource.choices, default=EngagementSource.PAGE
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkerPartQuerySet.as_manager()

    class Meta:
        verbose_name = "用工名册"
        verbose_name_plural = "用工名册"
        ordering = ["project", "contractor", "worker__name", "pk"]
        indexes = [
            models.Index(fields=["project", "contractor"]),
            models.Index(fields=["worker", "project"]),
        ]

    def __str__(self) -> str:
        return f"{self.worker.name} · {self.project}"

    @property
    def is_work_relief(self) -> bool:
        return self.staff_category in WORK_RELIEF_CATEGORIES


def labor_import_upload_to(instance: Job, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "xlsx"
    return f"imports/labor/{instance.token}.{extension}"


class LaborImport(Job):
    """An upload of a labour sheet (a roster, an attendance grid, survey responses): the
    kept file and the import's statuses as the annual lists' imports name them; the
    organisation that uploaded it alone sees it."""

    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    file = models.FileField("文件", upload_to=labor_import_upload_to, max_length=200)
    filename = models.CharField("文件名", max_length=200)

    failed_message = "导入时发生系统错误，未写入任何数据。请稍后重新上传，或联系协调机制办公室。"

    class Meta(Job.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"


class RosterImport(LaborImport):
    """One upload of a contractor's roster for a project."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    entry_date = models.DateField("默认进场日期")

    class Meta(LaborImport.Meta):
        verbose_name = "名册导入"
        verbose_name_plural = "名册导入"
