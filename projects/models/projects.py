"""Key engineering projects (重点工程项目), their parties, ground and yearly forecasts."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.models import (
    CONTRACTOR_KINDS,
    GROUND_KINDS,
    OWNER_KINDS,
    REGION_WIDE_KINDS,
    SUPERVISOR_KINDS,
    OrganizationKind,
    RegionLevel,
)
from projects.models.directory import Category, Domain

NOT_NEGATIVE = MinValueValidator(0, "不能为负数。")

# The fields of a project that its proposer fills in: the form, the services, the API and the
# Excel import all take their list from here.
PROJECT_FIELDS = (
    "code",
    "name",
    "level",
    "project_type",
    "domain",
    "category",
    "department",
    "owner",
    "supervisor",
    "total_investment",
    "government_investment",
    "work_relief_funds",
    "planned_start",
    "planned_end",
    "pay_day",
    "requires_wage_account",
    "description",
)


class ProjectLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


class ProjectType(models.TextChoices):
    """Seed 001's information system covers key engineering projects and small and medium rural
    infrastructure; seed 004 adds work-relief special investment projects that build the
    supporting facilities of key projects (衔接配套)."""

    KEY = "key", "重点工程项目"
    RURAL_SMALL = "rural_small", "中小型农业农村基础设施项目"
    SPECIAL_INVESTMENT = "special_investment", "以工代赈专项投资项目"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "申报中"
    RESERVE = "reserve", "储备"
    LISTED = "listed", "列入清单"
    UNDER_CONSTRUCTION = "under_construction", "在建"
    COMPLETED = "completed", "已完工"
    EVALUATED = "evaluated", "已评价"
    WITHDRAWN = "withdrawn", "已退出"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """The office: its region; a department: what it supervises; a township (or a labour
        organisation): projects standing on its ground; owner, contractor, supervisor: projects
        they are party to. Subqueries, not joins, so no row is repeated."""
        if scope.organization is None:
            return self.none()
        org = scope.organization
        if scope.kind in REGION_WIDE_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        if scope.kind == OrganizationKind.DEPARTMENT:
            return self.filter(Q(department=org) | Q(proposed_by=org))
        if scope.kind in GROUND_KINDS:
            ground = scope.region
            if ground.level == RegionLevel.VILLAGE:
                ground = ground.parent
            on_ground = ProjectTownship.objects.filter(township__path__startswith=ground.path)
            return self.filter(Q(pk__in=on_ground.values("project")) | Q(proposed_by=org))
        if scope.kind in OWNER_KINDS:
            return self.filter(owner=org)
        if scope.kind in CONTRACTOR_KINDS:
            engaged = ProjectContractor.objects.filter(contractor=org)
            return self.filter(pk__in=engaged.values("project"))
        if scope.kind in SUPERVISOR_KINDS:
            return self.filter(supervisor=org)
        return self.none()


class ProjectPartQuerySet(models.QuerySet):
    """Records that belong to one project (its contracts, ground, forecasts, plans,
    checkpoints, evaluation): seen by whoever sees the project."""

    def visible_to(self, scope):
        return self.filter(project__in=Project.objects.visible_to(scope))


class Project(models.Model):
    """重点工程项目: a key engineering project that should hire local people."""

    code = models.CharField("项目编码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=200)
    level = models.CharField("项目层级", max_length=12, choices=ProjectLevel.choices)
    project_type = models.CharField(
        "项目类型",
        max_length=20,
        choices=ProjectType.choices,
        default=ProjectType.KEY,
        help_text="以工代赈专项投资项目须注明其衔接配套的重点工程项目。",
    )
    supports = models.ManyToManyField(
        "self",
        symmetrical=False,
        verbose_name="衔接配套的重点工程项目",
        related_name="supported_by",
        blank=True,
    )
    proposed_by = models.ForeignKey(
        "portal.Organization",
        verbose_name="申报单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_projects",
        help_text="谋划、申报该项目的行业主管部门或乡镇（街道）。",
    )
    region = models.ForeignKey(
        "portal.Region", verbose_name="所属区县", on_delete=models.PROTECT, related_name="projects"
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="建设领域",
        on_delete=models.PROTECT,
        error_messages={"null": "请选择建设领域。", "blank": "请选择建设领域。"},
    )
    category = models.ForeignKey(
        Category,
        verbose_name="具体类别",
        on_delete=models.PROTECT,
        error_messages={"null": "请选择具体类别。", "blank": "请选择具体类别。"},
    )
    department = models.ForeignKey(
        "portal.Organization",
        verbose_name="行业主管部门",
        on_delete=models.PROTECT,
        related_name="supervised_projects",
    )
    owner = models.ForeignKey(
        "portal.Organization",
        verbose_name="项目业主单位",
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    supervisor = models.ForeignKey(
        "portal.Organization",
        verbose_name="监理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervising_projects",
    )
    contractors = models.ManyToManyField(
        "portal.Organization",
        through="ProjectContractor",
        verbose_name="施工单位",
        related_name="contracted_projects",
        blank=True,
    )
    townships = models.ManyToManyField(
        "portal.Region",
        through="ProjectTownship",
        verbose_name="所在乡镇（街道）",
        related_name="township_projects",
        blank=True,
    )
    total_investment = models.DecimalField(
        "总投资（万元）", max_digits=14, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    government_investment = models.DecimalField(
        "政府投资（万元）", max_digits=14, decimal_places=2, default=0, validators=[NOT_NEGATIVE]
    )
    work_relief_funds = models.DecimalField(
        "其中以工代赈资金（万元）",
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[NOT_NEGATIVE],
    )
    planned_start = models.DateField("计划开工日期")
    planned_end = models.DateField("计划完工日期")
    status = models.CharField(
        "状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RESERVE
    )
    withdrawn_reason = models.CharField("退出原因", max_length=300, blank=True)
    pay_day = models.PositiveSmallIntegerField(
        "每月工资支付日",
        default=15,
        help_text="每月几号发放上月劳务报酬（1–28）。",
        validators=[
            MinValueValidator(1, "支付日应在1到28号之间。"),
            MaxValueValidator(28, "支付日应在1到28号之间。"),
        ],
    )
    requires_wage_account = models.BooleanField(
        "须开设农民工工资专用账户",
        default=True,
        help_text="达到规模标准的项目须开设专用账户并签署支付承诺书。",
    )
    description = models.TextField("建设内容", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "重点工程项目"
        verbose_name_plural = "重点工程项目"
        ordering = ["-created_at", "code"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["level"]),
            models.Index(fields=["project_type"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["-created_at", "code"], name="project_newest_first"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_overdue(self) -> bool:
        """Under construction past its planned completion date."""
        return (
            self.status == ProjectStatus.UNDER_CONSTRUCTION
            and self.planned_end < timezone.localdate()
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.domain_id and self.category_id and self.category.domain_id != self.domain_id:
            errors["category"] = f"具体类别「{self.category}」不属于建设领域「{self.domain}」。"
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = "计划完工日期不能早于计划开工日期。"
        total, government, relief = (
            self.total_investment,
            self.government_investment,
            self.work_relief_funds,
        )
        if total is not None and government is not None and government > total:
            errors["government_investment"] = "政府投资不能超过总投资。"
        if government is not None and relief is not None and relief > government:
            errors["work_relief_funds"] = "以工代赈资金不能超过政府投资。"
        expected_kinds = {
            "department": OrganizationKind.DEPARTMENT,
            "owner": OrganizationKind.OWNER,
            "supervisor": OrganizationKind.SUPERVISOR,
        }
        for field, kind in expected_kinds.items():
            organization = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if organization is not None and organization.kind != kind:
                label = self._meta.get_field(field).verbose_name
                errors[field] = (
                    f"{label}应为{OrganizationKind(kind).label}，「{organization}」不是。"
                )
        if self.status == ProjectStatus.WITHDRAWN and not self.withdrawn_reason:
            errors["withdrawn_reason"] = "退出项目须说明原因。"
        if errors:
            raise ValidationError(errors)


class ProjectContractor(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contracts")
    contractor = models.ForeignKey(
        "portal.Organization", verbose_name="施工单位", on_delete=models.PROTECT, related_name="+"
    )
    contract_date = models.DateField("合同签订日期", null=True, blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "施工合同"
        verbose_name_plural = "施工合同"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "contractor"], name="project_contractor_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.contractor}"


class ProjectTownship(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ground")
    township = models.ForeignKey(
        "portal.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "项目所在乡镇"
        verbose_name_plural = "项目所在乡镇"
        constraints = [
            models.UniqueConstraint(fields=["project", "township"], name="project_township_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.township}"


class ProjectForecast(models.Model):
    """研提数: what the project expects for a year, to be set against the year-end actual."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="forecasts")
    year = models.PositiveSmallIntegerField("年度")
    local_workers = models.PositiveIntegerField("预计吸纳当地务工人数")
    remuneration = models.DecimalField("预计发放劳务报酬（万元）", max_digits=14, decimal_places=2)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = "年度研提数"
        verbose_name_plural = "年度研提数"
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="forecast_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"
