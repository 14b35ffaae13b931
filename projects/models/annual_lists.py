"""Annual lists of key projects (年度项目清单) and their entries, added and withdrawn during the year."""

from django.db import models
from django.db.models import Q

from projects.models.projects import Project, ProjectLevel


class AnnualListQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """The lists of the scope's region and below, and any list carrying a project the
        scope may see (a department reads the city's list its projects are on)."""
        if scope.organization is None:
            return self.none()
        on_it = AnnualListEntry.objects.filter(project__in=Project.objects.visible_to(scope))
        return self.filter(
            Q(region__path__startswith=scope.region.path) | Q(pk__in=on_it.values("annual_list"))
        )


class AnnualListEntryQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """Entries of projects the scope may see (on lists it may see, which follows)."""
        return self.filter(project__in=Project.objects.visible_to(scope))


class AnnualList(models.Model):
    """年度项目清单: one per region, year and level; its entries are added and withdrawn
    during the year, so the list on any date can be shown."""

    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="annual_lists"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("项目层级", max_length=12, choices=ProjectLevel.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = AnnualListQuerySet.as_manager()

    class Meta:
        verbose_name = "年度项目清单"
        verbose_name_plural = "年度项目清单"
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "level"], name="annual_list_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年{self.get_level_display()}以工代赈重点工程项目清单"


class AnnualListEntry(models.Model):
    annual_list = models.ForeignKey(AnnualList, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="list_entries")
    added_on = models.DateField("列入日期")
    added_reason = models.CharField("列入说明", max_length=300, blank=True)
    withdrawn_on = models.DateField("退出日期", null=True, blank=True)
    withdrawn_reason = models.CharField("退出原因", max_length=300, blank=True)

    objects = AnnualListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "清单项目"
        verbose_name_plural = "清单项目"
        ordering = ["annual_list", "added_on", "id"]
        constraints = [
            # A project is on a list at most once at a time: a re-added project gets a new entry
            # only after the previous one was withdrawn.
            models.UniqueConstraint(
                fields=["annual_list", "project"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="annual_list_entry_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.annual_list} · {self.project}"
