"""Labour organisations (劳务公司、劳务合作社、村集体经济组织): what form each takes, whether
it is at risk of falling back into poverty (存在"返薄"风险, seed 001: such collectives come first
wherever teams are proposed), and the teams they bring to projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from portal.models import REGION_WIDE_KINDS

if TYPE_CHECKING:
    from portal.scope import Scope


class LaborOrgForm(models.TextChoices):
    COMPANY = "company", "劳务公司"
    COOPERATIVE = "cooperative", "劳务合作社"
    COLLECTIVE = "collective", "村集体经济组织"


class LaborOrgProfileQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> LaborOrgProfileQuerySet:
        """Everyone of a region reads its labour organisations (they are proposed to
        contractors and townships); an organisation its own profile wherever it is."""
        if scope.organization is None:
            return self.none()
        return self.filter(
            models.Q(organization__region__path__startswith=scope.area.path)
            | models.Q(organization=scope.organization)
        )


class LaborOrgProfile(models.Model):
    """The labour side of an organisation: a labour organisation, or a village collective that
    bids as a contractor (seed 001 encourages it), with its 返薄 risk flag."""

    organization = models.OneToOneField(
        "portal.Organization",
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="labor_profile",
    )
    form = models.CharField("组织形式", max_length=20, choices=LaborOrgForm.choices)
    return_risk = models.BooleanField(
        "存在“返薄”风险",
        default=False,
        help_text="存在“返薄”风险的村集体经济组织，推荐施工队伍时优先考虑。",
    )
    village = models.ForeignKey(
        "portal.Region",
        verbose_name="所在村（社区）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = LaborOrgProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "劳务组织信息"
        verbose_name_plural = "劳务组织信息"
        # 返薄-risk collectives first, wherever the profiles are listed.
        ordering = ["-return_risk", "organization__name"]

    def __str__(self) -> str:
        return f"{self.organization}（{self.get_form_display()}）"


class TeamQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> TeamQuerySet:
        if scope.organization is None:
            return self.none()
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(organization__region__path__startswith=scope.region.path)
        return self.filter(organization=scope.organization)


class Team(models.Model):
    """A team (施工队伍/班组) a labour organisation brings to projects; its members are the
    engagements that name it."""

    organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="劳务组织",
        on_delete=models.CASCADE,
        related_name="teams",
    )
    name = models.CharField("队伍名称", max_length=100)
    leader_name = models.CharField("带班负责人", max_length=50, blank=True)
    trades = models.CharField("主要工种", max_length=200, blank=True)
    size = models.PositiveSmallIntegerField("可组织人数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "施工队伍"
        verbose_name_plural = "施工队伍"
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.name}"


__all__ = ["LaborOrgForm", "LaborOrgProfile", "Team"]
