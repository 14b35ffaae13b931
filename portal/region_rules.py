"""The model of each region's own rules (DOMAIN.md, "Per-region settings and their defaults"),
with their defaults. Code reads the rules through `portal.rules.rules_for(region)`, never from
here: a region without rules of its own follows its nearest ancestor's.

A module of its own so that portal/models.py stays readable; portal/models.py imports it, so
Django registers the model with the `portal` app. It names the shell's models by their label,
which keeps it free of imports from portal/models.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def _between(low, high, message: str) -> list:
    return [MinValueValidator(low, message), MaxValueValidator(high, message)]


DAY_OF_MONTH = _between(1, 28, "应在1到28号之间。")
PERCENT = _between(Decimal("0.01"), 100, "应在0到100之间。")
FLAG_AGE = _between(17, 100, "应在17到100岁之间。")


# The rules an office sets, in the order its page shows them (the form, the service and the
# reader take the list from here).
RULE_FIELDS = (
    "labor_pay_share_target",
    "wage_account_threshold",
    "monthly_minimum_wage",
    "pay_day",
    "public_notice_days",
    "monthly_report_day",
    "quarterly_report_day",
    "age_flag_men",
    "age_flag_women",
    "forecast_deviation",
    "document_retention_years",
    "priority_groups",
    "neighbouring_townships",
)

# DOMAIN.md: the seeds' lists joined; a region keeps its own, one group a line.
DEFAULT_PRIORITY_GROUPS = (
    "返乡农民工",
    "脱贫人口",
    "防止返贫监测对象",
    "受灾群众（因灾需救助群体）",
    "城镇低收入人口",
    "就业困难人员",
    "增收能力有限的群体",
    "因不可抗力无法外出务工劳动力",
)


class RegionRules(models.Model):
    """The rules a region (a district, a city or a province) sets for itself."""

    region = models.OneToOneField(
        "portal.Region", verbose_name="区划", on_delete=models.CASCADE, related_name="rules"
    )
    labor_pay_share_target = models.DecimalField(
        "劳务报酬占比目标（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal(30),
        validators=PERCENT,
        help_text="以工代赈专项投资项目中，劳务报酬占中央资金的最低比例。",
    )
    wage_account_threshold = models.DecimalField(
        "须开设工资专用账户的项目总投资（万元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "不能为负数。")],
        help_text="总投资达到该数额（含）的项目须开设农民工工资专用账户、由施工单位签署工资"
        "支付承诺书；留空表示所有项目都须开设（默认）。",
    )
    monthly_minimum_wage = models.DecimalField(
        "月最低工资标准（元）",
        max_digits=14,
        decimal_places=2,
        default=Decimal(2000),
        validators=[MinValueValidator(Decimal("0.01"), "应大于0。")],
        help_text="用工计划的日工资不得低于最低日工资，即月最低工资标准 ÷ 21.75。",
    )
    pay_day = models.PositiveSmallIntegerField(
        "默认工资支付日",
        default=15,
        validators=DAY_OF_MONTH,
        help_text="次月几号前发放上月劳务报酬（1–28）；新登记的项目取此值，项目可另行设定。",
    )
    public_notice_days = models.PositiveSmallIntegerField(
        "公示天数",
        default=7,
        validators=_between(1, 60, "应在1到60天之间。"),
        help_text="工资发放台账发放前在村和乡镇公示的最少天数。",
    )
    monthly_report_day = models.PositiveSmallIntegerField(
        "月报截止日",
        default=10,
        validators=DAY_OF_MONTH,
        help_text="次月几号前报送上月的务工人数和劳务报酬（1–28）。",
    )
    quarterly_report_day = models.PositiveSmallIntegerField(
        "季报截止日",
        default=10,
        validators=DAY_OF_MONTH,
        help_text="季度结束后的下一个月几号前报送季度进展（1–28）。",
    )
    age_flag_men = models.PositiveSmallIntegerField(
        "男性务工人员提示年龄",
        default=60,
        validators=FLAG_AGE,
        help_text="超过该年龄的男性务工人员可以登记，但标记待复核。"
        "未满16周岁的一律不得登记（法定，不可设置）。",
    )
    age_flag_women = models.PositiveSmallIntegerField(
        "女性务工人员提示年龄",
        default=50,
        validators=FLAG_AGE,
        help_text="超过该年龄的女性务工人员可以登记，但标记待复核。",
    )
    forecast_deviation = models.DecimalField(
        "研提数偏差扣分线（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=PERCENT,
        help_text="年末实际数偏离研提数超过该比例的，考核扣分，并在研提数与实际数对比中标出。",
    )
    document_retention_years = models.PositiveSmallIntegerField(
        "项目档案保存年限（年）",
        default=3,
        validators=_between(3, 30, "应在3到30年之间：劳务报酬发放台账至少保存3年。"),
        help_text="项目竣工验收后，其档案（含劳务报酬发放档案）至少保存的年数；期满前任何文件不得删除。",
    )
    priority_groups = models.TextField(
        "重点群体",
        default="\n".join(DEFAULT_PRIORITY_GROUPS),
        help_text="本区认定的重点群体，一行一个；务工人员的重点群体从中选择。",
    )
    neighbouring_townships = models.TextField(
        "相邻乡镇（街道）",
        blank=True,
        default="",
        help_text="一行一个乡镇：“乡镇：相邻乡镇、相邻乡镇”，相邻关系双向有效。为用工计划匹配人员时，"
        "先推荐本乡镇的，再推荐相邻乡镇的。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "区域以工代赈规则"
        verbose_name_plural = "区域以工代赈规则"

    def __str__(self) -> str:
        return f"{self.region}的以工代赈规则"
