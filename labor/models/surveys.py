"""Townships' labour-force surveys (劳动力状况摸底调查) and policy briefings (政策宣讲)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import RowNumber

from labor.id_numbers import Sex
from labor.models.rosters import LaborImport
from labor.models.workers import Worker
from portal.models import REGION_WIDE_KINDS, TOWNSHIP_KINDS
from portal.pii import EncryptedTextField, mask_id_number, mask_phone

if TYPE_CHECKING:
    from portal.scope import Scope

MONTHS = 12
NO_MONTHS = "0" * MONTHS


class TownshipRecordQuerySet(models.QuerySet):
    """A township's own records (its surveys, its briefings): the township sees them, the
    office and the member units (人社 guides the surveys) their region's."""

    def visible_to(self, scope: Scope):
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(township__region__path__startswith=scope.region.path)
        if scope.kind in TOWNSHIP_KINDS:
            return self.filter(township=scope.organization)
        return self.none()


class LaborSurvey(models.Model):
    """A township's survey campaign of one year."""

    township = models.ForeignKey(
        "portal.Organization",
        verbose_name="乡镇（街道）",
        on_delete=models.PROTECT,
        related_name="labor_surveys",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("调查名称", max_length=100)
    opened_on = models.DateField("开始日期")
    closed_on = models.DateField("结束日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TownshipRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动力状况摸底调查"
        verbose_name_plural = "劳动力状况摸底调查"
        ordering = ["-year", "township", "-opened_on"]

    def __str__(self) -> str:
        return f"{self.township} · {self.title}"


# A person's responses, latest first: the latest year's survey, then the latest opened.
LATEST_ORDER = [
    F("survey__year").desc(),
    F("survey__opened_on").desc(),
    F("survey_id").desc(),
    F("pk").desc(),
]


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        return self.filter(survey__in=LaborSurvey.objects.visible_to(scope))

    def mark_latest(self) -> None:
        """Set `is_latest` on every response of the people these responses record: true on
        each one's latest response (LATEST_ORDER), false on the others. Called by whatever
        adds responses (a page, an upload, the demo), in its transaction; one UPDATE, ranked
        by a window so that it runs on SQLite (the demo) as on PostgreSQL.

        On PostgreSQL each person is first locked for the transaction (an advisory lock, in
        one order): two townships adding the same person at once mark him one after the
        other, the second seeing the first's response, rather than each keeping its own."""
        people = self.order_by().values("id_number_index")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(person)) FROM "
                    "(SELECT DISTINCT person FROM unnest(%s::text[]) AS person ORDER BY person) "
                    "AS people",
                    [list(people.values_list("id_number_index", flat=True).distinct())],
                )
        theirs = self.model._base_manager.filter(id_number_index__in=people)
        latest = (
            theirs.order_by()
            .annotate(
                rank=Window(RowNumber(), partition_by=F("id_number_index"), order_by=LATEST_ORDER)
            )
            .filter(rank=1)
            .values("pk")
        )
        theirs.update(is_latest=Case(When(pk__in=latest, then=Value(True)), default=Value(False)))


class SurveyResponse(models.Model):
    """One person as the township's officials recorded him. Joins the Worker record of the
    same ID number (by the blind index) when there is one, or when one is registered later."""

    survey = models.ForeignKey(
        LaborSurvey, verbose_name="调查", on_delete=models.CASCADE, related_name="responses"
    )
    worker = models.ForeignKey(
        Worker,
        verbose_name="务工人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    id_number = EncryptedTextField("身份证号", editable=False)
    id_number_index = models.CharField("身份证号索引", max_length=64, editable=False, db_index=True)
    name = models.CharField("姓名", max_length=50)
    birth_date = models.DateField("出生日期", editable=False)
    sex = models.CharField("性别", max_length=6, choices=Sex.choices, editable=False)
    village = models.ForeignKey(
        "portal.Region",
        verbose_name="村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    willing = models.BooleanField("有务工意愿", default=True)
    # His latest response anywhere (`mark_latest`): the pool and the matching read only these,
    # each surveyed person once, without ranking his responses on every read.
    is_latest = models.BooleanField("最近一次登记", default=True, editable=False)
    skills = models.CharField("技能", max_length=200, blank=True)
    certificates = models.CharField("证书", max_length=200, blank=True)
    # One character a month, January first: "1" available, "0" not.
    months_available = models.CharField("可务工月份", max_length=MONTHS, default="1" * MONTHS)
    preferred_work = models.CharField("意向工作", max_length=100, blank=True)
    travel_km = models.PositiveSmallIntegerField("可接受通勤距离（公里）", null=True, blank=True)
    # The region's priority groups he belongs to, one a line.
    priority_groups = models.TextField("重点群体", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "摸底调查登记"
        verbose_name_plural = "摸底调查登记"
        ordering = ["survey", "village", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "id_number_index"], name="survey_person_once")
        ]
        indexes = [
            models.Index(
                fields=["survey", "village"],
                condition=models.Q(is_latest=True, willing=True),
                name="survey_pool",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def group_list(self) -> list[str]:
        return [line for line in self.priority_groups.splitlines() if line]

    def available_in(self, month: int) -> bool:
        return self.months_available[month - 1] == "1"


class PolicyBriefing(models.Model):
    """A policy briefing (政策宣讲) a township held in one of its villages."""

    township = models.ForeignKey(
        "portal.Organization",
        verbose_name="乡镇（街道）",
        on_delete=models.PROTECT,
        related_name="briefings",
    )
    held_on = models.DateField("宣讲日期")
    village = models.ForeignKey(
        "portal.Region",
        verbose_name="村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField("宣讲主题", max_length=200)
    people_reached = models.PositiveIntegerField("覆盖人数")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = TownshipRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "政策宣讲"
        verbose_name_plural = "政策宣讲"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.township} · {self.held_on:%Y-%m-%d} · {self.topic}"


def briefing_photo_upload_to(instance: BriefingPhoto, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"labor/briefings/{instance.briefing_id}/{instance.sha256[:16]}.{extension}"


class BriefingPhotoQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope):
        return self.filter(briefing__in=PolicyBriefing.objects.visible_to(scope))


class BriefingPhoto(models.Model):
    briefing = models.ForeignKey(PolicyBriefing, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to=briefing_photo_upload_to, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = BriefingPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "宣讲照片"
        verbose_name_plural = "宣讲照片"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class SurveyImport(LaborImport):
    """One upload of survey responses from Excel."""

    survey = models.ForeignKey(
        LaborSurvey, verbose_name="调查", on_delete=models.CASCADE, related_name="+"
    )

    class Meta(LaborImport.Meta):
        verbose_name = "摸底调查导入"
        verbose_name_plural = "摸底调查导入"
