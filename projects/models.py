"""Key engineering projects and the guidance directory they are classed by."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

NOT_NEGATIVE = MinValueValidator(0, "不能为负数。")


class StageKind(models.TextChoices):
    GENERAL_LABOR = "general_labor", "一般劳动环节"
    SUPPORT_SERVICE = "support_service", "服务保障环节"
    MAINTENANCE = "maintenance", "后期管护环节"


class DirectoryLevel(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


class DomainManager(models.Manager):
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


class DirectoryManager(models.Manager):
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

    class Meta:
        verbose_name = "指导目录采用"
        verbose_name_plural = "指导目录采用"

    def __str__(self) -> str:
        return f"{self.region} · {self.directory}"


class CategoryManager(models.Manager):
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


class WorkStageManager(models.Manager):
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


# --- projects ---------------------------------------------------------------------------------


class ProjectLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


class ProjectStatus(models.TextChoices):
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
        from portal.models import OrganizationKind

        if scope.organization is None:
            return self.none()
        org = scope.organization
        match scope.kind:
            case OrganizationKind.COORDINATION_OFFICE:
                return self.filter(region__path__startswith=scope.region.path)
            case OrganizationKind.DEPARTMENT:
                return self.filter(department=org)
            case OrganizationKind.TOWNSHIP | OrganizationKind.LABOR_ORG:
                ground = scope.region.path
                if scope.region.level == "village":
                    ground = scope.region.parent.path
                on_ground = ProjectTownship.objects.filter(township__path__startswith=ground)
                return self.filter(pk__in=on_ground.values("project"))
            case OrganizationKind.OWNER:
                return self.filter(owner=org)
            case OrganizationKind.CONTRACTOR:
                engaged = ProjectContractor.objects.filter(contractor=org)
                return self.filter(pk__in=engaged.values("project"))
            case OrganizationKind.SUPERVISOR:
                return self.filter(supervisor=org)
        return self.none()


class Project(models.Model):
    """重点工程项目: a key engineering project that should hire local people."""

    code = models.CharField("项目编码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=200)
    level = models.CharField("项目层级", max_length=12, choices=ProjectLevel.choices)
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
            models.Index(fields=["region", "status"]),
            models.Index(fields=["-created_at", "code"], name="project_newest_first"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from portal.models import OrganizationKind

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

    class Meta:
        verbose_name = "年度研提数"
        verbose_name_plural = "年度研提数"
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="forecast_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


# --- annual list and reserve -------------------------------------------------------------------


class AnnualList(models.Model):
    """年度项目清单: one per region, year and level; its entries are added and withdrawn
    during the year, so the list on any date can be shown."""

    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="annual_lists"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("项目层级", max_length=12, choices=ProjectLevel.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

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


# --- labour plans --------------------------------------------------------------------------


class LaborPlan(models.Model):
    """用工计划: jobs a project offers at one work stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labor_plans")
    stage = models.ForeignKey(WorkStage, verbose_name="用工环节", on_delete=models.PROTECT)
    kind = models.CharField("环节类型", max_length=20, choices=StageKind.choices)
    positions = models.PositiveIntegerField(
        "岗位数", validators=[MinValueValidator(1, "岗位数至少为1。")]
    )
    start = models.DateField("用工开始日期")
    end = models.DateField("用工结束日期")
    skills = models.CharField("技能要求", max_length=300, blank=True)
    daily_rate = models.DecimalField(
        "日工资（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "日工资应大于0。")],
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "用工计划"
        verbose_name_plural = "用工计划"
        ordering = ["project", "start", "id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.stage}（{self.positions}人）"

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "用工结束日期不能早于开始日期。"
        if self.stage_id and self.project_id and self.stage.category_id != self.project.category_id:
            errors["stage"] = (
                f"用工环节「{self.stage}」不属于本项目的类别「{self.project.category}」。"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PlanNotice(models.Model):
    """A published labour plan in a township's inbox, until the township acknowledges it."""

    plan = models.ForeignKey(LaborPlan, on_delete=models.CASCADE, related_name="notices")
    township = models.ForeignKey(
        "portal.Organization",
        verbose_name="乡镇（街道）",
        on_delete=models.CASCADE,
        related_name="plan_notices",
    )
    created_at = models.DateTimeField("推送时间", auto_now_add=True)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "portal.User",
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "用工计划推送"
        verbose_name_plural = "用工计划推送"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "township"], name="plan_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.township}"


# --- lifecycle checkpoints -----------------------------------------------------------------


class CheckpointKind(models.TextChoices):
    FEASIBILITY = "feasibility", "可研体现以工代赈"
    PRELIMINARY_DESIGN = "preliminary_design", "初设明确岗位"
    APPROVAL = "approval", "批复要求当地用工"
    CONTRACT = "contract", "合同约定用工和报酬"
    WAGE_ACCOUNT = "wage_account", "农民工工资专用账户"
    PAY_PLEDGE = "pay_pledge", "农民工工资支付承诺书"


BASE_CHECKPOINTS = (
    CheckpointKind.FEASIBILITY,
    CheckpointKind.PRELIMINARY_DESIGN,
    CheckpointKind.APPROVAL,
    CheckpointKind.CONTRACT,
)
ACCOUNT_CHECKPOINTS = (CheckpointKind.WAGE_ACCOUNT, CheckpointKind.PAY_PLEDGE)


def required_checkpoints(project: Project) -> tuple[str, ...]:
    if project.requires_wage_account:
        return BASE_CHECKPOINTS + ACCOUNT_CHECKPOINTS
    return BASE_CHECKPOINTS


def checkpoint_upload_to(instance, filename: str) -> str:
    return f"checkpoints/{instance.project.code}/{instance.kind}/{filename}"


class Checkpoint(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField("节点", max_length=20, choices=CheckpointKind.choices)
    date = models.DateField("日期")
    document = models.FileField("文件", upload_to=checkpoint_upload_to, max_length=300)
    note = models.CharField("说明", max_length=300, blank=True)
    bank = models.CharField("开户银行", max_length=100, blank=True)
    account = models.CharField("账号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        "portal.User", verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project", "date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="checkpoint_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"


# --- completion evaluation -----------------------------------------------------------------


class Judgement(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class CompletionEvaluation(models.Model):
    """综合评价 at completion: the figures as they stood, and the evaluator's judgement."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="evaluation")
    evaluated_on = models.DateField("评价日期")
    figures = models.JSONField("评价时的项目数据", default=dict)
    judgement = models.CharField("评价结论", max_length=12, choices=Judgement.choices)
    comments = models.TextField("评价意见")
    evaluator = models.ForeignKey(
        "portal.User", verbose_name="评价人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "以工代赈综合评价"
        verbose_name_plural = "以工代赈综合评价"

    def __str__(self) -> str:
        return f"{self.project} · {self.get_judgement_display()}"


# --- coordination meetings -----------------------------------------------------------------


class Meeting(models.Model):
    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    attendees = models.ManyToManyField(
        "portal.Organization", verbose_name="参会单位", related_name="meetings", blank=True
    )
    minutes = models.TextField("会议纪要", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "协调会议"
        verbose_name_plural = "协调会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ActionItemStatus(models.TextChoices):
    OPEN = "open", "办理中"
    DONE = "done", "已办结"


class ActionItem(models.Model):
    """议定事项: an action agreed at a meeting, owned by one organisation, due by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField("议定事项", max_length=300)
    owner = models.ForeignKey(
        "portal.Organization",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=8, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_on = models.DateField("办结日期", null=True, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name="相关项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


# --- Excel imports of annual lists -------------------------------------------------------------


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "正在导入"
    DONE = "done", "已导入"
    REJECTED = "rejected", "未导入（表中有错误）"
    FAILED = "failed", "导入失败"


def list_import_upload_to(instance: "ListImport", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "xlsx"
    return f"imports/lists/{instance.token}.{extension}"


class ListImport(models.Model):
    """One upload of an annual list in Excel, checked and written by a Celery worker.
    The file is kept, so what was imported can be read again."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "portal.Organization", verbose_name="导入单位", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        "portal.User", verbose_name="导入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField("清单年度")
    added_on = models.DateField("列入日期")
    file = models.FileField("文件", upload_to=list_import_upload_to, max_length=200)
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    errors = models.JSONField("错误", default=list, blank=True)
    summary = models.CharField("结果", max_length=300, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "清单导入"
        verbose_name_plural = "清单导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED}
