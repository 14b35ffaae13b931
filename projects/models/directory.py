"""The guidance directory (指导目录): versions, domains, categories and work stages."""

from django.db import models
from django.db.models import Q


class ReferenceQuerySet(models.QuerySet):
    """Reference data every member reads alike (the seven domains)."""

    def visible_to(self, scope):
        return self if scope.organization is not None else self.none()


def _directories_visible_to(scope) -> Q:
    """Shipped versions (national, provincial, the default) and the versions of the regions
    the scope lies in; another district's own copy is not shown."""
    codes = [code for code in scope.region.path.split("/") if code]
    return (
        Q(region__isnull=True)
        | Q(region_id__in=codes)
        | Q(region__path__startswith=scope.region.path)
    )


class StageKind(models.TextChoices):
    GENERAL_LABOR = "general_labor", "一般劳动环节"
    SUPPORT_SERVICE = "support_service", "服务保障环节"
    MAINTENANCE = "maintenance", "后期管护环节"


class DirectoryLevel(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


class DomainManager(models.Manager.from_queryset(ReferenceQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Domain(models.Model):
    """建设领域: one of the seven fields of construction (交通, 水利, …)."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("建设领域", max_length=20, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = DomainManager()

    class Meta:
        verbose_name = "建设领域"
        verbose_name_plural = "建设领域"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.code,)


class DirectoryQuerySet(models.QuerySet):
    def visible_to(self, scope):
        if scope.organization is None:
            return self.none()
        return self.filter(_directories_visible_to(scope))


class DirectoryManager(models.Manager.from_queryset(DirectoryQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Directory(models.Model):
    """A version of the guidance directory (指导目录): national, provincial, municipal or district.

    A region may adopt one and extend it; `based_on` records where a version came from.
    """

    code = models.CharField("版本代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=200)
    level = models.CharField("层级", max_length=12, choices=DirectoryLevel.choices)
    region = models.ForeignKey(
        "portal.Region",
        verbose_name="适用区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directories",
    )
    based_on = models.ForeignKey(
        "self", verbose_name="依据版本", null=True, blank=True, on_delete=models.PROTECT
    )
    issued = models.DateField("发布日期", null=True, blank=True)
    source = models.CharField("出处", max_length=300, blank=True)

    objects = DirectoryManager()

    class Meta:
        verbose_name = "指导目录版本"
        verbose_name_plural = "指导目录版本"
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.code,)


class DirectoryAdoption(models.Model):
    """Which directory version a region uses. Extending an adopted version first copies it into
    the region's own version (copy on write), so the national or provincial text stays intact."""

    region = models.OneToOneField(
        "portal.Region",
        verbose_name="区划",
        on_delete=models.CASCADE,
        related_name="directory_adoption",
    )
    directory = models.ForeignKey(
        Directory, verbose_name="采用的指导目录", on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = models.DateField("采用日期")

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "指导目录采用"
        verbose_name_plural = "指导目录采用"

    def __str__(self) -> str:
        return f"{self.region} · {self.directory}"


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, scope):
        if scope.organization is None:
            return self.none()
        return self.filter(directory__in=Directory.objects.visible_to(scope))


class CategoryManager(models.Manager.from_queryset(CategoryQuerySet)):
    def get_by_natural_key(self, directory_code, number):
        return self.get(directory__code=directory_code, number=number)


class Category(models.Model):
    """具体类别 of a domain within one directory version, with its guiding department."""

    directory = models.ForeignKey(
        Directory, verbose_name="指导目录", on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField("序号")
    domain = models.ForeignKey(
        Domain, verbose_name="建设领域", on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField("具体类别", max_length=100)
    tasks = models.TextField("建设任务和用工环节（原文）")
    guiding_department = models.CharField("行业指导部门", max_length=50)

    objects = CategoryManager()

    class Meta:
        verbose_name = "具体类别"
        verbose_name_plural = "具体类别"
        ordering = ["directory", "number"]
        constraints = [
            models.UniqueConstraint(fields=["directory", "number"], name="category_number_unique"),
            models.UniqueConstraint(
                fields=["directory", "domain", "name"], name="category_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (*self.directory.natural_key(), self.number)

    natural_key.dependencies = ["projects.directory"]


class WorkStageQuerySet(models.QuerySet):
    def visible_to(self, scope):
        if scope.organization is None:
            return self.none()
        return self.filter(category__directory__in=Directory.objects.visible_to(scope))


class WorkStageManager(models.Manager.from_queryset(WorkStageQuerySet)):
    def get_by_natural_key(self, directory_code, category_number, order):
        return self.get(
            category__directory__code=directory_code,
            category__number=category_number,
            order=order,
        )


class WorkStage(models.Model):
    """建设任务和用工环节: one stage of a category where local people can be hired."""

    category = models.ForeignKey(
        Category, verbose_name="具体类别", on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("用工环节", max_length=100)
    kind = models.CharField("环节类型", max_length=20, choices=StageKind.choices)

    objects = WorkStageManager()

    class Meta:
        verbose_name = "用工环节"
        verbose_name_plural = "用工环节"
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["category", "name"], name="stage_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (*self.category.natural_key(), self.order)

    natural_key.dependencies = ["projects.category"]
