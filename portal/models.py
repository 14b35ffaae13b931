"""The shell every app plugs into: regions, organisations, users, memberships and the audit log."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

# The per-region rules are a module of their own (read through portal/rules.py); importing the
# model here registers it with the app and lets code import it from here like every other.
from portal.region_rules import RegionRules  # noqa: F401

if TYPE_CHECKING:
    from portal.scope import Scope


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation through `membership`."""

    full_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    DISTRICT = "district", "区县"
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"


# The official division codes: 6 digits down to the district, 12 digits for townships and
# villages (GB/T 2260 and the statistical division codes built on it).
REGION_CODE_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.DISTRICT: 6,
    RegionLevel.TOWNSHIP: 12,
    RegionLevel.VILLAGE: 12,
}
REGION_PARENT_LEVEL = {
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.DISTRICT: RegionLevel.CITY,
    RegionLevel.TOWNSHIP: RegionLevel.DISTRICT,
    RegionLevel.VILLAGE: RegionLevel.TOWNSHIP,
}

# Levels whose offices keep annual lists, a directory and meetings of their own.
AREA_LEVELS = frozenset({RegionLevel.DISTRICT, RegionLevel.CITY, RegionLevel.PROVINCE})


class RegionQuerySet(models.QuerySet):
    def within(self, region: Region) -> RegionQuerySet:
        """The region and every node below it."""
        return self.filter(path__startswith=region.path)

    def visible_to(self, scope: Scope) -> RegionQuerySet:
        if scope.organization is None:
            return self.none()
        return self.within(scope.region)


class Region(models.Model):
    """A node of the division tree: province → city → district → township → village."""

    code = models.CharField(
        "区划代码",
        max_length=12,
        primary_key=True,
        validators=[RegexValidator(r"^(\d{6}|\d{12})$", "区划代码应为6位或12位数字。")],
    )
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("440000/440300/440305/"): subtree queries are one indexed
    # prefix match instead of a recursive walk.
    path = models.CharField("路径", max_length=120, unique=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        expected = REGION_CODE_LENGTH.get(self.level)
        if expected and len(self.code or "") != expected:
            raise ValidationError(
                {"code": f"{self.get_level_display()}的区划代码应为{expected}位数字。"}
            )
        parent_level = REGION_PARENT_LEVEL.get(self.level)
        if parent_level is None and self.parent_id:
            raise ValidationError({"parent": "省级区划没有上级区划。"})
        if parent_level is not None:
            if self.parent is None:
                raise ValidationError({"parent": f"{self.get_level_display()}必须有上级区划。"})
            if self.parent.level != parent_level:
                expected_parent = RegionLevel(parent_level).label
                raise ValidationError(
                    {"parent": f"{self.get_level_display()}的上级应为{expected_parent}。"}
                )

    def enclosing_area(self) -> Region:
        """The district (or city, or province) this region lies in, itself if it is one:
        the area whose office keeps the lists, the directory and the meetings."""
        region = self
        while region.level not in AREA_LEVELS and region.parent_id is not None:
            region = region.parent
        return region


class OrganizationKind(models.TextChoices):
    COORDINATION_OFFICE = "coordination_office", "协调机制办公室"
    DEPARTMENT = "department", "行业主管部门"
    TOWNSHIP = "township", "乡镇（街道）"
    OWNER = "owner", "项目业主单位"
    CONTRACTOR = "contractor", "施工单位"
    SUPERVISOR = "supervisor", "监理单位"
    LABOR_ORG = "labor_org", "劳务组织"
    MEMBER_UNIT = "member_unit", "成员单位"


# The sets of organisation kinds that pages, services and menus name. Each set is spelled once,
# here; code names the set, never a bare kind string.
OFFICE_KINDS = frozenset({OrganizationKind.COORDINATION_OFFICE})
# Kinds that oversee a whole region rather than their own affairs; they also propose projects.
OVERSEEING_KINDS = frozenset({OrganizationKind.COORDINATION_OFFICE, OrganizationKind.DEPARTMENT})
TOWNSHIP_KINDS = frozenset({OrganizationKind.TOWNSHIP})
# Kinds that see the projects standing on their ground (a township, the labour organisations).
GROUND_KINDS = frozenset({OrganizationKind.TOWNSHIP, OrganizationKind.LABOR_ORG})
# Member units without a domain (人社, 财政, 应急, 审计, 民政, 行政审批 …): they read the whole
# region, take part in pre-review, inspections and meetings, and own no project.
MEMBER_UNIT_KINDS = frozenset({OrganizationKind.MEMBER_UNIT})
# Kinds that see every project of their region (the office writes; a member unit reads).
REGION_WIDE_KINDS = OFFICE_KINDS | MEMBER_UNIT_KINDS
# Kinds that read the region's lists, directory and figures.
REGION_READER_KINDS = OVERSEEING_KINDS | MEMBER_UNIT_KINDS
# Parties to a project's contracts.
OWNER_KINDS = frozenset({OrganizationKind.OWNER})
CONTRACTOR_KINDS = frozenset({OrganizationKind.CONTRACTOR})
LABOR_ORG_KINDS = frozenset({OrganizationKind.LABOR_ORG})
SUPERVISOR_KINDS = frozenset({OrganizationKind.SUPERVISOR})


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> OrganizationQuerySet:
        """The office and departments see every organisation of their region; others their own."""
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_READER_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        return self.filter(pk=scope.organization.pk)


class Organization(models.Model):
    code = models.CharField(
        "单位编码",
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9_-]+$", "单位编码只能包含字母、数字、下划线和连字符。")
        ],
    )
    name = models.CharField("单位名称", max_length=200)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("单位类型", max_length=20, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="organizations"
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9A-HJ-NPQRTUWXY]{18}$", "统一社会信用代码应为18位数字或大写字母。")
        ],
    )
    address = models.CharField("地址", max_length=200, blank=True)
    is_co_lead = models.BooleanField(
        "共同牵头单位",
        default=False,
        help_text="与发展改革部门共同牵头的行业主管部门（如农业农村局）：其用户与协调机制办公室"
        "看到和办理的相同。",
    )
    is_active = models.BooleanField("启用", default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    EDITOR = "editor", "填报员"
    VIEWER = "viewer", "查阅者"


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


class Membership(models.Model):
    """A user's one organisation and role in it."""

    user = models.OneToOneField(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="单位", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = "成员"
        verbose_name_plural = "成员"

    def __str__(self) -> str:
        return f"{self.user}（{self.organization}，{self.get_role_display()}）"


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> AuditEntryQuerySet:
        """The office and departments read their region's log; others their organisation's."""
        if scope.organization is None:
            return self.none()
        if scope.kind in OVERSEEING_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        return self.filter(organization=scope.organization)


class AuditEntry(models.Model):
    """Who did what, written by services in words a user can read. Never edited."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="操作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The region the record belongs to, so overseers of that region can read the entry.
    region = models.ForeignKey(
        Region, verbose_name="所属区划", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=64, db_index=True)
    summary = models.CharField("说明", max_length=300)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.summary}"


# --- background jobs ------------------------------------------------------------------------


class JobStatus(models.TextChoices):
    """Where a background job stands. Each kind of job may relabel these values (an import is
    "正在导入", an export "正在生成"), never add to them: `portal.jobs` moves every job alike."""

    PENDING = "pending", "排队中"
    RUNNING = "running", "正在处理"
    DONE = "done", "已完成"
    REJECTED = "rejected", "未通过检查"
    FAILED = "failed", "处理失败"


FINISHED_JOB_STATUSES = frozenset({JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED})


class OwnOrganizationQuerySet(models.QuerySet):
    """Records that belong to one organisation and are seen by it alone (its uploads, its
    exports): anyone else, the office included, gets a 404."""

    def visible_to(self, scope: Scope) -> OwnOrganizationQuerySet:
        if scope.organization is None:
            return self.none()
        return self.filter(organization=scope.organization)


class Job(models.Model):
    """A piece of heavy work done by a Celery worker for one organisation and its user: an
    import, an export, a report build. `portal.jobs.job_run` moves it through its statuses;
    its progress while it runs is in the cache under `progress_key` (portal.progress)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        User, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    errors = models.JSONField("错误", default=list, blank=True)
    summary = models.CharField("结果", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = OwnOrganizationQuerySet.as_manager()

    # What the user reads when the system failed (the details go to the log).
    failed_message = "处理时发生系统错误，未写入任何数据。请稍后重试，或联系协调机制办公室。"

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_JOB_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status == JobStatus.RUNNING

    @property
    def succeeded(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def was_rejected(self) -> bool:
        return self.status == JobStatus.REJECTED

    @property
    def progress_key(self) -> str:
        return f"job-progress:{self._meta.label_lower}:{self.token}"

    def progress(self) -> dict | None:
        """How far the worker is ({"phase", "done", "total", "percent"}), None when finished
        or not started."""
        from portal import progress

        return None if self.is_finished else progress.read(self.progress_key)


class ExportStatus(models.TextChoices):
    PENDING = JobStatus.PENDING.value, "排队中"
    RUNNING = JobStatus.RUNNING.value, "正在生成"
    DONE = JobStatus.DONE.value, "已生成"
    FAILED = JobStatus.FAILED.value, "生成失败"


def export_upload_to(instance: Export, filename: str) -> str:
    return f"exports/{instance.created_at:%Y/%m}/{instance.token}.xlsx"


class Export(Job):
    """A file built for download by a Celery worker (an Excel list today, reports later).
    It belongs to the organisation that asked for it; its builder is looked up by `kind`."""

    status = models.CharField(
        "状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    kind = models.CharField("类型", max_length=50)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("条件", default=dict, blank=True)
    file = models.FileField("文件", upload_to=export_upload_to, max_length=200, blank=True)
    filename = models.CharField("下载文件名", max_length=200, blank=True)
    rows = models.PositiveIntegerField("行数", default=0)

    failed_message = "生成文件时发生系统错误，请稍后重试。"

    class Meta(Job.Meta):
        verbose_name = "导出文件"
        verbose_name_plural = "导出文件"

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"
