"""A project's archive: every document it keeps, each in its versions, and the maintenance
responsibility recorded with the last checkpoint (后期管护).

Seed 001: once works are complete the project unit keeps the archives of tender,
construction, supervision, finance and acceptance, and the labour-pay records. A document is
never overwritten: replacing it adds a version and the earlier ones stay in storage and can
still be opened. A document is deleted only after its retention ends, and then only marked
deleted (the row and its files stay).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from projects.models.lifecycle import CheckpointKind
from projects.models.projects import NOT_NEGATIVE, Project, ProjectPartQuerySet


class ArchiveKind(models.TextChoices):
    """The archives seed 001 names, each a kind of document the project keeps."""

    TENDER = "archive_tender", "招标档案"
    CONSTRUCTION = "archive_construction", "施工档案"
    SUPERVISION = "archive_supervision", "监理档案"
    FINANCE = "archive_finance", "财务档案"
    ACCEPTANCE = "archive_acceptance", "验收档案"
    LABOR_PAY = "archive_labor_pay", "劳务报酬发放档案"


class ReportKind(models.TextChoices):
    EVALUATION_REPORT = "evaluation_report", "以工代赈综合评价报告"


# A document is a checkpoint's (its kind is the checkpoint's), an archive's, or the report of
# the completion evaluation.
DOCUMENT_KIND_CHOICES = [*CheckpointKind.choices, *ArchiveKind.choices, *ReportKind.choices]
DOCUMENT_KIND_LABELS = dict(DOCUMENT_KIND_CHOICES)
# Kinds of which a project keeps one document (its versions are the replacements).
SINGLE_DOCUMENT_KINDS = frozenset({*CheckpointKind.values, *ReportKind.values})


def document_kind_label(kind: str) -> str:
    return DOCUMENT_KIND_LABELS.get(kind, kind)


class DocumentQuerySet(ProjectPartQuerySet):
    def kept(self):
        """The documents not marked deleted."""
        return self.filter(deleted_at__isnull=True)


class ProjectDocument(models.Model):
    """One document of a project (a checkpoint's, an archive's, the evaluation report): its
    kind and title; the files are its versions."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("类别", max_length=30, choices=DOCUMENT_KIND_CHOICES)
    title = models.CharField("文件名称", max_length=200)
    created_by = models.ForeignKey(
        "portal.User",
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    deleted_by = models.ForeignKey(
        "portal.User",
        verbose_name="删除人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_reason = models.CharField("删除原因", max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "项目档案文件"
        verbose_name_plural = "项目档案文件"
        ordering = ["project", "kind", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=models.Q(deleted_at__isnull=True)
                & models.Q(kind__in=sorted(SINGLE_DOCUMENT_KINDS)),
                name="project_document_single_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.get_kind_display()} · {self.title}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def document_upload_to(instance: DocumentVersion, filename: str) -> str:
    document = instance.document
    return f"documents/{document.project.code}/{document.kind}/v{instance.number}-{filename}"


class DocumentVersionQuerySet(models.QuerySet):
    def visible_to(self, scope):
        return self.filter(document__project__in=Project.objects.visible_to(scope))


class DocumentVersion(models.Model):
    """One version of a document: the file as uploaded, never replaced in storage."""

    document = models.ForeignKey(ProjectDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    file = models.FileField("文件", upload_to=document_upload_to, max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        "portal.User",
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "档案文件版本"
        verbose_name_plural = "档案文件版本"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}版"

    @property
    def extension(self) -> str:
        name = self.original_name or self.file.name
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class MaintenanceResponsibility(models.Model):
    """落实后期管护责任: who looks after the works once handed over, from when, and how many
    local people it plans to keep on as maintenance workers (零工变长工). The labour app records
    who they are; the number here is the plan."""

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="maintenance_responsibility"
    )
    unit = models.ForeignKey(
        "portal.Organization",
        verbose_name="管护责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective_name = models.CharField(
        "村集体名称",
        max_length=100,
        blank=True,
        help_text="由村集体经济组织管护、且它不是平台中的单位时，填写它的名称。",
    )
    since = models.DateField("管护起始日期")
    planned_workers = models.PositiveSmallIntegerField(
        "计划留用当地管护人员（人）", validators=[NOT_NEGATIVE]
    )
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "portal.User",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "后期管护责任"
        verbose_name_plural = "后期管护责任"

    def __str__(self) -> str:
        return f"{self.project} · {self.responsible}"

    @property
    def responsible(self) -> str:
        return self.unit.name if self.unit_id else self.collective_name

    def clean(self) -> None:
        if bool(self.unit_id) == bool(self.collective_name.strip()):
            raise ValidationError({"unit": "请选择管护责任单位，或填写村集体名称（二者填一项）。"})
