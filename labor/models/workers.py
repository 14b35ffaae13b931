"""The real-name worker registry (实名制): one Worker per person across every project, keyed
by the blind index of the resident ID number. ID number, bank card and phone are stored only
encrypted (`portal.pii.EncryptedTextField`); pages, exports and the audit log show them masked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from labor.id_numbers import Sex, age_on
from portal.models import (
    CONTRACTOR_KINDS,
    LABOR_ORG_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    SUPERVISOR_KINDS,
    TOWNSHIP_KINDS,
    OrganizationKind,
    Region,
    RegionLevel,
)
from portal.pii import EncryptedTextField, mask_bank_card, mask_id_number, mask_phone
from projects.models import ProjectTownship

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


def worker_part_q(scope: Scope, via: str = "") -> Q | None:
    """Who sees a record of a worker's work on a project (an engagement, a month of
    attendance: both carry `worker`, `project` and `contractor`; `via` reaches them from
    another model, e.g. "engagements__"): the office and the member units their region; a
    department the projects it supervises; owner, contractor and supervisor what they are
    party to; a township the work on its ground and its own people's work anywhere; a labour
    organisation its members' work. None: nothing."""
    if scope.organization is None:
        return None
    org, kind = scope.organization, scope.kind

    def q(**lookups) -> Q:
        return Q(**{f"{via}{name}": value for name, value in lookups.items()})

    if kind in REGION_WIDE_KINDS:
        return q(project__region__path__startswith=scope.region.path)
    if kind == OrganizationKind.DEPARTMENT:
        return q(project__department=org)
    if kind in OWNER_KINDS:
        return q(project__owner=org)
    if kind in CONTRACTOR_KINDS:
        return q(contractor=org)
    if kind in SUPERVISOR_KINDS:
        return q(project__supervisor=org)
    if kind in TOWNSHIP_KINDS:
        # Projects on its ground and people of its household by subqueries on the ground
        # alone: the row is neither joined to the regions nor repeated for a project that
        # lies in several of its villages.
        regions = Region.objects.filter(path__startswith=township_ground(scope).path)
        on_ground = ProjectTownship.objects.filter(township__in=regions.values("code"))
        return q(project__in=on_ground.values("project_id")) | q(
            worker__household_township__in=regions.values("code")
        )
    if kind in LABOR_ORG_KINDS:
        return q(worker__labor_organization=org)
    return None


class WorkerQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> WorkerQuerySet:
        """The office and the member units (人社 among them) their region's workers; a labour
        organisation its members; a township its own people (household, its surveys) and
        those working on its ground; the parties to a project and its department the workers
        of its rosters (`worker_part_q` through the engagements)."""
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        if scope.kind in LABOR_ORG_KINDS:
            return self.filter(labor_organization=scope.organization)
        # One semi-join per path (ids of engagements, of survey responses): the planner uses
        # the worker indexes, where one OR over joined tables would scan them all.
        engagement = self.model._meta.get_field("engagements").related_model
        seen = worker_part_q(scope)
        if seen is None:
            return self.none()
        engaged = Q(pk__in=engagement.objects.filter(seen).values("worker_id"))
        if scope.kind in TOWNSHIP_KINDS:
            # Its own people by their household (no join through the engagements for them),
            # those working on its ground, those its surveys recorded.
            ground = township_ground(scope)
            response = self.model._meta.get_field("survey_responses").related_model
            surveyed = response.objects.filter(survey__township=scope.organization)
            on_ground = engagement.objects.filter(
                project__ground__township__path__startswith=ground.path
            )
            return self.filter(
                Q(household_township__path__startswith=ground.path)
                | Q(pk__in=on_ground.values("worker_id"))
                | Q(pk__in=surveyed.values("worker_id"))
            )
        return self.filter(engaged)


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
        indexes = [
            models.Index(fields=["region", "name"]),
            # The list's order: a page is read from the index, not sorted from every row.
            models.Index(fields=["name", "id"], name="labor_worker_name_id"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def age(self) -> int:
        """His age today; pages show it rather than the birth date, which with the masked
        number's eight digits would leave a handful of candidates for the whole number."""
        return age_on(self.birth_date, timezone.localdate())

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
