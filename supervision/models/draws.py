"""The office's random draw of projects for spot checks (抽查), stored so anyone can redo it."""

import random

from django.core.exceptions import ValidationError
from django.db import models

from portal.models import REGION_READER_KINDS


def draw_sample(seed: int, population: list[str], size: int) -> list[str]:
    """The draw itself: `size` project codes from the sorted population, by a generator started
    from `seed`. Anyone with the three can rerun it and get the same codes in the same order."""
    return random.Random(seed).sample(sorted(population), size)  # noqa: S311 - reproducible on purpose


class SpotCheckDrawQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """The office, the departments and the member units of the region read its draws."""
        if scope.organization is None or scope.kind not in REGION_READER_KINDS:
            return self.none()
        return self.filter(region__path__startswith=scope.region.path)


class SpotCheckDraw(models.Model):
    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("名称", max_length=100)
    drawn_on = models.DateField("抽签日期")
    seed = models.PositiveBigIntegerField("随机种子")
    # The filters that chose the population, as the user read them ({label: value}).
    criteria = models.JSONField("抽取范围", default=dict, blank=True)
    population = models.JSONField("总体（项目编码，已排序）", default=list)
    size = models.PositiveIntegerField("抽取数量")
    result = models.JSONField("抽中项目（按抽中顺序）", default=list)
    organization = models.ForeignKey(
        "portal.Organization", verbose_name="抽签单位", on_delete=models.PROTECT, related_name="+"
    )
    drawn_by = models.ForeignKey(
        "portal.User",
        verbose_name="抽签人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = SpotCheckDrawQuerySet.as_manager()

    class Meta:
        verbose_name = "抽查抽签"
        verbose_name_plural = "抽查抽签"
        ordering = ["-drawn_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.population != sorted(self.population):
            raise ValidationError({"population": "总体须按项目编码排序保存。"})
        if not 1 <= (self.size or 0) <= len(self.population):
            raise ValidationError(
                {"size": f"抽取数量应在 1 到 {len(self.population)}（总体项目数）之间。"}
            )

    def reproduce(self) -> list[str]:
        """The draw rerun from what is stored."""
        return draw_sample(self.seed, self.population, self.size)

    @property
    def reproduces(self) -> bool:
        return self.reproduce() == self.result
