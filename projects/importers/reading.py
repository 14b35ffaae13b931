"""Reading a department's sheet: the columns it may name (and what it may call them), the
header found among the first rows, and the values of its cells as people type them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from portal import excel
from portal.jobs import JobRejected
from projects.models import PROJECT_FIELDS, ProjectLevel, ProjectType

MAX_ROWS = 5000
PROGRESS_EVERY = 20

# What each column may be called in a department's sheet (after units and spaces are removed).
ALIASES = {
    "code": ("项目编码", "项目代码", "编码", "项目编号"),
    "name": ("项目名称", "名称"),
    "level": ("项目层级", "层级", "项目级别", "级别"),
    "domain": ("建设领域", "领域"),
    "category": ("具体类别", "项目类别", "类别"),
    "department": ("行业主管部门", "主管部门"),
    "owner": ("项目业主单位", "项目业主", "业主单位"),
    "townships": ("所在乡镇（街道）", "所在乡镇", "涉及乡镇", "乡镇（街道）", "乡镇"),
    "total_investment": ("总投资",),
    "government_investment": ("政府投资",),
    "work_relief_funds": ("其中以工代赈资金", "其中：以工代赈资金", "以工代赈资金"),
    "planned_start": ("计划开工日期", "计划开工时间", "计划开工", "开工时间"),
    "planned_end": ("计划完工日期", "计划完工时间", "计划完工", "完工时间"),
    "local_workers": ("预计吸纳当地务工人数", "预计当地务工人数", "吸纳当地务工人数"),
    "remuneration": ("预计发放劳务报酬", "预计劳务报酬", "发放劳务报酬"),
    "note": ("备注", "列入说明"),
    "project_type": ("项目类型", "类型", "项目性质"),
    "supports": (
        "衔接配套重点工程项目编码",
        "衔接配套的重点工程项目",
        "衔接配套重点工程项目",
        "衔接配套项目编码",
        "衔接配套项目",
    ),
}
# Every project field a department's sheet must carry: all the project's own fields but those
# the office completes later (or that have a default).
COMPLETED_LATER = {
    "project_type",
    "supervisor",
    "work_relief_funds",
    "pay_day",
    "requires_wage_account",
    "description",
}
REQUIRED = tuple(field for field in PROJECT_FIELDS if field not in COMPLETED_LATER)
LABELS = {key: names[0] for key, names in ALIASES.items()}
SKIP_MARKERS = (
    "合计",
    "总计",
    "小计",
    "填报说明",
    "说明：",
    "注：",
    "注:",
    "备注：",
    "填报人",  # the line under the table of the list as it is sent upward
    "联系电话",
    "填报日期",
)
LEVELS = {label: value for value, label in ProjectLevel.choices} | {
    "国家": ProjectLevel.NATIONAL,
    "省级": ProjectLevel.PROVINCIAL,
    "省": ProjectLevel.PROVINCIAL,
    "市": ProjectLevel.MUNICIPAL,
    "区": ProjectLevel.DISTRICT,
    "县级": ProjectLevel.DISTRICT,
}


# A project's type as people write it; an empty cell is a key project (most are).
TYPES = {label: value for value, label in ProjectType.choices} | {
    "重点工程": ProjectType.KEY,
    "重点项目": ProjectType.KEY,
    "中小型农业农村基础设施": ProjectType.RURAL_SMALL,
    "中小型项目": ProjectType.RURAL_SMALL,
    "农业农村基础设施项目": ProjectType.RURAL_SMALL,
    "以工代赈专项投资": ProjectType.SPECIAL_INVESTMENT,
    "以工代赈专项": ProjectType.SPECIAL_INVESTMENT,
    "专项投资项目": ProjectType.SPECIAL_INVESTMENT,
    "专项项目": ProjectType.SPECIAL_INVESTMENT,
}
TYPE_NAMES = "、".join(ProjectType.labels)


class ImportRejected(JobRejected):
    """The file was not imported; `errors` says why, row by row."""


def _header_key(text) -> str:
    text = re.sub(r"\s+", "", str(text or ""))
    text = re.sub(r"[（(](万元|元|人|个|年月日|单位[:：].*)[)）]$", "", text)
    return text.rstrip("*")


def _match(text) -> str | None:
    key = _header_key(text)
    for name, aliases in ALIASES.items():
        if key in aliases:
            return name
    return None


HEADER_MIN_NAMES = 3  # a row naming fewer known columns is a title or a note, not the header


@dataclass
class Sheet:
    """The first sheet as read: the column of each field found in the header, the header's
    Excel row number, and the rows under it with their Excel row numbers."""

    columns: dict[str, int]
    header_row: int
    rows: list[tuple[int, list]]


def _header_columns(row: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(row):
        if (name := _match(cell)) and name not in columns:
            columns[name] = position
    return columns


def read_rows(content: bytes) -> Sheet:
    """Find the header (one or two rows): of the first 15 rows, the one naming the most known
    columns, so that a header lacking a required column is still found and the rest checked."""
    try:
        sheet = excel.read_first_sheet(content)
    except excel.ExcelRefused as refused:
        raise ImportRejected([refused.message]) from None
    found = [(len(_header_columns(row)), -index) for index, row in enumerate(sheet[:15])]
    if not found or max(found)[0] < HEADER_MIN_NAMES:
        raise ImportRejected(["没有找到表头：前 15 行中应有“项目编码”“项目名称”等列名。"])
    index = -max(found)[1]
    columns, start = _header_columns(sheet[index]), index + 1
    # A merged group header ("投资（万元）") puts the real names on the next row.
    if start < len(sheet):
        for position, cell in enumerate(sheet[start]):
            if (name := _match(cell)) and name not in columns:
                columns[name] = position
                start = index + 2
    rows = [(n + 1, r) for n, r in enumerate(sheet[start:], start=start)]
    return Sheet(columns, index + 1, rows)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_decimal(value) -> Decimal | None:
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None


def cell_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)", text
    )
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"“{text}”不是日期，请写成 2026-03-01 的格式")
