"""The real-name worker registry (实名制): one Worker per person across every project, keyed
by the blind index of the resident ID number. ID number, bank card and phone are stored only
encrypted (`portal.pii.EncryptedTextField`); pages, exports and the audit log show them masked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from labor.id_numbers import Sex
from portal.models import (
    LABOR_ORG_KINDS,
    REGION_WIDE_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
    Region,
    RegionLevel,
)
from portal.pii import EncryptedTextField, mask_bank_card, mask_id_number, mask_phone

if TYPE_CHECKING:
    from portal.scope import Scope

# What a worker's form, the services and (later) the import and the API take.
WORKER_FIELDS = (
    "name",
    "phone",
    "household_township",
    "household_village",
    "bank_name",
    "bank_card",
    "labor_organization",
)


def township_ground(scope: Scope) -> Region:
    """The township Region a township (or a village-level organisation) stands on."""
    ground = scope.region
    return ground.parent if ground.level == RegionLevel.VILLAGE else ground


class WorkerQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> WorkerQuerySet:
        """The office and the member units (人社 among them) their region's workers; a labour
        organisation its members; a township its own people (household, survey) and those
        working on its ground; the parties to a project and its department the workers of
        their rosters (`worker_part_q`)."""
        from labor.models.rosters import Engagement
        from labor.models.surveys import SurveyResponse

        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        if scope.kind in LABOR_ORG_KINDS:
            return self.filter(labor_organization=scope.organization)
        engaged = Engagement.objects.visible_to(scope).values("worker")
        if scope.kind in TOWNSHIP_KINDS:
            ground = township_ground(scope)
            surveyed = SurveyResponse.objects.visible_to(scope).filter(worker__isnull=False)
            return self.filter(
                Q(household_township__path__startswith=ground.path)
                | Q(pk__in=engaged)
                | Q(pk__in=surveyed.values("worker"))
            )
        return self.filter(pk__in=engaged)


class Worker(models.Model):
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField("身份证号", editable=False)
    # HMAC-SHA256 of the normalised ID number (portal.pii.blind_index): one worker per person.
    id_number_index = models.CharField("身份证号索引", max_length=64, unique=True, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    sex = models.CharField("性别", max_length=6, choices=Sex.choices, editable=False)
    phone = EncryptedTextField("联系电话", blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name="登记区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="登记该务工人员的区县：其协调机制办公室管理这条记录。",
    )
    household_township = models.ForeignKey(
        Region,
        verbose_name="户籍乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household_village = models.ForeignKey(
        Region,
        verbose_name="户籍村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_card = EncryptedTextField("银行卡号", blank=True)
    labor_organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="劳务组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": OrganizationKind.LABOR_ORG},
    )
    needs_age_review = models.BooleanField(
        "年龄待复核", default=False, help_text="超过本区提示年龄：可以登记，但须复核身体条件。"
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

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = "务工人员"
        verbose_name_plural = "务工人员"
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_bank_card(self) -> str:
        return mask_bank_card(self.bank_card)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def is_local(self, region: Region) -> bool:
        """DOMAIN.md: local when the household township (from this record, not the ID's area
        code) lies in `region`, the project's district; no township recorded is not local."""
        if self.household_township_id is None:
            return False
        return self.household_township.path.startswith(region.path)


class WorkerPriorityGroup(models.Model):
    """A worker's membership of one of the region's priority groups (重点群体), with where
    it comes from and when it was recorded."""

    worker = models.ForeignKey(
        Worker, verbose_name="务工人员", on_delete=models.CASCADE, related_name="priority_groups"
    )
    group = models.CharField("重点群体", max_length=50)
    source = models.CharField(
        "认定来源", max_length=100, help_text="如：民政部门名单、乡镇摸底调查、本人申报并核实。"
    )
    recorded_on = models.DateField("认定日期")

    class Meta:
        verbose_name = "务工人员重点群体"
        verbose_name_plural = "务工人员重点群体"
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "group"], name="worker_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.group}"
