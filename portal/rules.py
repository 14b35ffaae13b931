"""Each region's rules (DOMAIN.md, "Per-region settings and their defaults"), read from one
place: `rules_for(region)`.

A region that has no rules of its own follows its nearest ancestor that has (a district those
of its city, a city those of its province), and where none has, the defaults declared on
`portal.models.RegionRules`. Only the office's admin changes its area's rules
(`region_rules_update`), and each change is in the audit log with its old and new values.
The projects app reads the wage-account threshold, the default pay day and the minimum daily
rate; the labour and wage apps will read the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.models import OFFICE_KINDS, Region, Role
from portal.region_rules import RULE_FIELDS, RegionRules
from portal.scope import Scope
from portal.services import assign_changes, audit_record, labelled

# Not a setting: nobody under 16 may be engaged, wherever the project is.
MIN_WORKER_AGE = 16
# The statutory average of working days in a month: a monthly wage ÷ 21.75 is its daily wage.
WORKING_DAYS_PER_MONTH = Decimal("21.75")


def daily_wage(monthly: Decimal) -> Decimal:
    """A monthly wage ÷ 21.75, to the fen."""
    return (monthly / WORKING_DAYS_PER_MONTH).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    """30.00 → "30", 12.50 → "12.5"; no thousands separator, as the portal writes numbers."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Rules:
    """The rules in force in a region, and where they come from (`source`: the region whose
    own rules they are, None for the defaults)."""

    labor_pay_share_target: Decimal
    wage_account_threshold: Decimal | None
    monthly_minimum_wage: Decimal
    pay_day: int
    public_notice_days: int
    monthly_report_day: int
    quarterly_report_day: int
    age_flag_men: int
    age_flag_women: int
    forecast_deviation: Decimal
    document_retention_years: int
    priority_groups: str
    neighbouring_townships: str
    source: Region | None = None

    @property
    def priority_group_list(self) -> list[str]:
        """The region's priority groups, in its order."""
        return [line.strip() for line in self.priority_groups.splitlines() if line.strip()]

    @property
    def neighbours(self) -> dict[str, list[str]]:
        """Each township's neighbours by name, both ways, in the order first written."""
        pairs: dict[str, list[str]] = {}
        for township, others in parse_neighbours(self.neighbouring_townships):
            for one, other in [(township, o) for o in others] + [(o, township) for o in others]:
                if other not in pairs.setdefault(one, []):
                    pairs[one].append(other)
        return pairs

    @property
    def minimum_daily_rate(self) -> Decimal:
        """The least daily rate a labour plan may offer."""
        return daily_wage(self.monthly_minimum_wage)

    def requires_wage_account(self, total_investment: Decimal | None) -> bool:
        """Whether a project of this total investment (万元) needs a dedicated wage account
        and the contractor's pay pledge: every project unless the region set a threshold."""
        if self.wage_account_threshold is None or total_investment is None:
            return True
        return total_investment >= self.wage_account_threshold

    @property
    def wage_account_rule(self) -> str:
        """The threshold in words, for help texts."""
        if self.wage_account_threshold is None:
            return "按本区规则，所有项目都须开设农民工工资专用账户并由施工单位签署工资支付承诺书。"
        return (
            f"按本区规则，总投资达到 {_number(self.wage_account_threshold)} 万元（含）的项目须开设"
            "农民工工资专用账户并由施工单位签署工资支付承诺书。"
        )

    @property
    def minimum_daily_rate_rule(self) -> str:
        return (
            f"不得低于本区最低日工资 {self.minimum_daily_rate:.2f} 元"
            f"（月最低工资标准 {_number(self.monthly_minimum_wage)} 元 ÷ {WORKING_DAYS_PER_MONTH}）。"
        )

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RULE_FIELDS}


def _rules(row: RegionRules | None) -> Rules:
    """The rules of a region's row; without one, the model's defaults (an unsaved row)."""
    source = row.region if row is not None else None
    row = row or RegionRules()
    return Rules(**{name: getattr(row, name) for name in RULE_FIELDS}, source=source)


def parse_neighbours(text: str) -> list[tuple[str, list[str]]]:
    """ "乡镇：相邻乡镇、相邻乡镇" lines as (township, [neighbours]); separators may be full- or
    half-width (：:, 、,，;；), blank lines are skipped."""
    parsed = []
    for line in text.splitlines():
        township, _, rest = line.replace(":", "：").partition("：")
        township = township.strip()
        if township:
            others = [name.strip() for name in re.split(r"[、,，;；\s]+", rest) if name.strip()]
            parsed.append((township, others))
    return parsed


def default_rules() -> Rules:
    """The rules of a region that neither it nor any ancestor has set."""
    return _rules(None)


def rules_for(region: Region) -> Rules:
    """The rules in force in `region`: its own, else its nearest ancestor's, else the
    defaults. One query (the region's path names its ancestors)."""
    codes = [code for code in region.path.split("/") if code]
    row = (
        RegionRules.objects.filter(region_id__in=codes)
        .select_related("region")
        .order_by("-region__path")
        .first()
    )
    return _rules(row)


def rule_text(name: str, value: Any) -> str:
    """A rule's value in words, as its page shows it."""
    match name:
        case "labor_pay_share_target" | "forecast_deviation":
            return f"{_number(value)}%"
        case "wage_account_threshold":
            return "所有项目" if value is None else f"总投资 {_number(value)} 万元及以上的项目"
        case "monthly_minimum_wage":
            return f"{_number(value)} 元/月（最低日工资 {daily_wage(value):.2f} 元）"
        case "pay_day":
            return f"次月 {value} 日"
        case "public_notice_days":
            return f"{value} 天"
        case "monthly_report_day":
            return f"次月 {value} 日前"
        case "quarterly_report_day":
            return f"季度结束后次月 {value} 日前"
        case "age_flag_men" | "age_flag_women":
            return f"超过 {value} 周岁提示复核"
        case "document_retention_years":
            return f"竣工验收后 {value} 年"
        case "priority_groups":
            return "、".join(line.strip() for line in value.splitlines() if line.strip())
        case "neighbouring_townships":
            lines = [f"{one}：{'、'.join(others)}" for one, others in parse_neighbours(value)]
            return "；".join(lines) or "未设置"
    return str(value)


def rule_rows(rules: Rules) -> list[dict[str, Any]]:
    """Each rule with its Chinese name, its value and its default in words, and what it
    means, for the rules page."""
    defaults = default_rules()
    return [
        {
            "name": name,
            "label": RegionRules._meta.get_field(name).verbose_name,
            "value": rule_text(name, getattr(rules, name)),
            "default": rule_text(name, getattr(defaults, name)),
            "is_default": getattr(rules, name) == getattr(defaults, name),
            "help": RegionRules._meta.get_field(name).help_text,
        }
        for name in RULE_FIELDS
    ]


def _shown(name: str, change: tuple[Any, Any]) -> tuple[Any, Any]:
    """A change as the log shows it: an empty threshold means every project."""
    if name == "wage_account_threshold":
        return tuple("不设门槛（所有项目）" if value is None else value for value in change)
    return change


@transaction.atomic
def region_rules_update(*, scope: Scope, data: dict[str, Any]) -> Rules:
    """Set the rules of the office's own area. Guarantees: only an admin of a coordination
    office changes them, and only its own area's; the values are valid; the first change
    gives the area rules of its own (until then it followed an ancestor or the defaults);
    and the audit entry lists each changed rule with the value in force before and after."""
    if not (scope.may_write(OFFICE_KINDS) and scope.has_role(Role.ADMIN)):
        raise PermissionDenied("只有协调机制办公室的管理员可以修改本区规则。")
    area = scope.area
    row = RegionRules.objects.select_for_update().filter(region=area).first()
    if row is None:
        # Compared with what was in force, so the log says what the change changed.
        row = RegionRules(region=area, **rules_for(area).values())
    changes = assign_changes(row, data, RULE_FIELDS)
    if not changes:
        return rules_for(area)
    row.updated_by = scope.user
    row.full_clean()
    row.save()
    audit_record(
        scope=scope,
        action="region_rules.update",
        summary=f"修改了{area.name}的以工代赈规则",
        target=row,
        region=area,
        changes=labelled(
            RegionRules, {name: _shown(name, old_new) for name, old_new in changes.items()}
        ),
    )
    return rules_for(area)
