"""Import of an annual list prepared in Excel by a department.

Real lists are messy: a title row or two, a two-row header with merged group cells, units in
the headers, a totals row, notes under the table. The reader finds the header by its names,
skips what is not a project row, and checks every row before anything is written. Any error
rejects the whole file with the row and column named; a file imported twice changes nothing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from portal import excel
from portal.jobs import JobRejected, Outcome, job_enqueue
from portal.models import OVERSEEING_KINDS, Organization, OrganizationKind, Region, RegionLevel
from portal.progress import Progress
from portal.scope import Scope
from projects import services
from projects.models import PROJECT_FIELDS, Domain, ListImport, Project, ProjectLevel
from projects.selectors import directory_in_use

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
SKIP_MARKERS = ("合计", "总计", "小计", "填报说明", "说明：", "注：", "注:", "备注：")
LEVELS = {label: value for value, label in ProjectLevel.choices} | {
    "国家": ProjectLevel.NATIONAL,
    "省级": ProjectLevel.PROVINCIAL,
    "省": ProjectLevel.PROVINCIAL,
    "市": ProjectLevel.MUNICIPAL,
    "区": ProjectLevel.DISTRICT,
    "县级": ProjectLevel.DISTRICT,
}


class ImportRejected(JobRejected):
    """The file was not imported; `errors` says why, row by row."""


@dataclass
class ListRow:
    number: int  # the row number the user sees in Excel
    values: dict
    townships: list[Region] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    listed: int = 0
    already_listed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"新登记项目 {self.created} 个，列入清单 {self.listed} 个，"
            f"原已在清单中 {self.already_listed} 个。"
        )


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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value) -> Decimal | None:
    text = _text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
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


class ListImporter:
    """Checks every row against the directory and the district's organisations, then writes."""

    def __init__(self, *, scope: Scope, year: int, progress: Progress | None = None):
        self.scope, self.year = scope, year
        self.progress = progress or (lambda done, total, phase="": None)
        self.found: list[tuple[int, str, str]] = []  # (row, column, message)
        self.columns: dict[str, int] = {}
        district = scope.area
        self.directory = directory_in_use(scope=scope)
        self.domains = {d.name: d for d in Domain.objects.all()}
        self.categories = {c.name: c for c in self.directory.categories.all()}
        organizations = Organization.objects.filter(
            region__path__startswith=district.path, is_active=True
        )
        self.departments = self._by_names(organizations, OrganizationKind.DEPARTMENT)
        self.owners = self._by_names(organizations, OrganizationKind.OWNER)
        self.townships = {
            name: region
            for region in Region.objects.filter(
                level=RegionLevel.TOWNSHIP, path__startswith=district.path
            )
            for name in (region.name, region.name.removesuffix("镇").removesuffix("乡"))
        }
        self.district = district

    @staticmethod
    def _by_names(organizations, kind) -> dict[str, Organization]:
        found = {}
        for organization in organizations.filter(kind=kind):
            found[organization.name] = organization
            if organization.short_name:
                found[organization.short_name] = organization
        return found

    def error(self, row: int, column: str, message: str) -> None:
        self.found.append((row, column, message))

    @property
    def errors(self) -> list[str]:
        """Every error of the file, by row and then by column as the sheet orders them (a
        column the header lacks after those it has), each naming its row and column."""
        after = max(self.columns.values(), default=0) + 1
        order = {name: self.columns.get(name, after + n) for n, name in enumerate(ALIASES)}
        return [
            f"第 {row} 行「{LABELS.get(column, column)}」：{message}"
            for row, column, message in sorted(
                self.found, key=lambda error: (error[0], order.get(error[1], after))
            )
        ]

    def parse(self, content: bytes) -> list[ListRow]:
        """Check the whole file in one pass: the header's missing columns, and every row for
        the columns the header has (a row is not faulted for a column the header lacks)."""
        sheet = read_rows(content)
        columns, raw_rows, self.columns = sheet.columns, sheet.rows, sheet.columns
        for name in REQUIRED:
            if name not in columns:
                self.error(sheet.header_row, name, "表头缺少这一必需的列")
        rows: list[ListRow] = []
        for index, (number, raw) in enumerate(raw_rows, start=1):
            if index % PROGRESS_EVERY == 0:
                self.progress(index, len(raw_rows), "检查")
            cells = {name: raw[pos] if pos < len(raw) else None for name, pos in columns.items()}
            texts = [_text(c) for c in raw]
            if not any(texts):
                continue
            first = next(t for t in texts if t)
            if first.startswith(SKIP_MARKERS) or _text(cells.get("code")).startswith(SKIP_MARKERS):
                continue
            rows.append(self.parse_row(number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportRejected([f"一次最多导入 {MAX_ROWS} 个项目，请分批导入。"])
        if not rows and not self.found:
            raise ImportRejected(["表中没有项目行。"])
        self.check_duplicates(rows)
        codes = [row.values["code"] for row in rows if row.values["code"]]
        existing = {p.code: p for p in Project.objects.filter(code__in=codes)}
        for row in rows:
            self.check_project(row, existing.get(row.values["code"]))
        return rows

    def parse_row(self, number: int, cells: dict) -> ListRow:
        values: dict = {}
        for name in REQUIRED:
            if name in cells and not _text(cells[name]):
                self.error(number, name, "不能为空")
        values["code"] = _text(cells.get("code"))
        values["name"] = _text(cells.get("name"))
        values["note"] = _text(cells.get("note"))[:300]
        self._lookup(
            number, cells, values, "level", LEVELS, "不是有效的项目层级（国家级、省级、市级、区级）"
        )
        self._lookup(number, cells, values, "domain", self.domains, "不是指导目录中的建设领域")
        self._lookup(number, cells, values, "category", self.categories, "不是指导目录中的具体类别")
        self._lookup(
            number, cells, values, "department", self.departments, "不是本区的行业主管部门"
        )
        self._lookup(number, cells, values, "owner", self.owners, "不是本区登记的项目业主单位")
        for name in (
            "total_investment",
            "government_investment",
            "work_relief_funds",
            "remuneration",
        ):
            try:
                values[name] = _decimal(cells.get(name))
            except ValueError as error:
                self.error(number, name, str(error))
        if values.get("work_relief_funds") is None:
            values["work_relief_funds"] = Decimal("0.00")
        for name in ("planned_start", "planned_end"):
            try:
                values[name] = _date(cells.get(name))
            except ValueError as error:
                self.error(number, name, str(error))
        try:
            workers = _decimal(cells.get("local_workers"))
        except ValueError as error:
            self.error(number, "local_workers", str(error))
            workers = None
        if workers is not None and (workers != workers.to_integral() or workers < 0):
            self.error(number, "local_workers", "应为不小于 0 的整数")
        values["local_workers"] = int(workers) if workers is not None else None
        row = ListRow(number, values)
        for name in re.split(r"[、，,;；\s]+", _text(cells.get("townships"))):
            if not name:
                continue
            if name in self.townships:
                row.townships.append(self.townships[name])
            else:
                self.error(number, "townships", f"“{name}”不是本区的乡镇（街道）")
        if self.scope.kind == OrganizationKind.DEPARTMENT and values.get("department") not in (
            None,
            self.scope.organization,
        ):
            self.error(number, "department", "只能申报本部门主管的项目")
        return row

    def _lookup(self, number, cells, values, name, table, message) -> None:
        text = _text(cells.get(name))
        if not text:
            values[name] = None
            return
        values[name] = table.get(text)
        if values[name] is None:
            self.error(number, name, f"“{text}”{message}")

    def check_project(self, row: ListRow, existing: Project | None) -> None:
        """The model's own rules (category within domain, dates, investments), per field,
        without a query: the related objects are already looked up. A value that is empty,
        absent or wrong was reported already; the rules between the others are still checked."""
        values = row.values
        if existing is not None:
            if existing.region_id != self.district.pk:
                self.error(row.number, "code", f"项目编码“{values['code']}”已被其他地区使用")
            elif values["name"] and existing.name != values["name"]:
                self.error(
                    row.number,
                    "name",
                    f"项目编码“{values['code']}”在平台中是“{existing.name}”，与表中名称不一致",
                )
            elif existing.status in services.CLOSED_STATUSES and self.scope.is_office:
                self.error(
                    row.number,
                    "code",
                    f"项目“{existing.name}”当前为「{existing.get_status_display()}」，不能列入清单",
                )
            return
        project = Project(
            region=self.district,
            **{name: values[name] for name in PROJECT_FIELDS if values.get(name) is not None},
        )
        unchecked = [name for name in PROJECT_FIELDS if values.get(name) in (None, "")]
        try:
            project.full_clean(
                exclude=["region", "domain", "category", "department", "owner", *unchecked],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    column = name if name in LABELS else "code"
                    self.error(row.number, column, message.rstrip("。"))

    def check_duplicates(self, rows: list[ListRow]) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            code = row.values["code"]
            if not code:
                continue
            if code in seen:
                self.error(row.number, "code", f"项目编码“{code}”与第 {seen[code]} 行重复")
            else:
                seen[code] = row.number

    @transaction.atomic
    def write(self, rows: list[ListRow], *, on: datetime.date) -> ImportResult:
        result = ImportResult()
        codes = [row.values["code"] for row in rows]
        existing = {p.code: p for p in Project.objects.filter(code__in=codes)}
        listed = set(
            Project.objects.filter(
                code__in=codes,
                list_entries__annual_list__year=self.year,
                list_entries__withdrawn_on__isnull=True,
            ).values_list("code", flat=True)
        )
        office = self.scope.is_office
        for index, row in enumerate(rows, start=1):
            if index % PROGRESS_EVERY == 0:
                self.progress(index, len(rows), "写入")
            values = row.values
            project = existing.get(values["code"])
            if project is None:
                project = services.project_create(
                    scope=self.scope,
                    data={k: values[k] for k in PROJECT_FIELDS if k in values},
                    townships=row.townships,
                    forecasts=self._forecast(values),
                )
                result.created += 1
            if not office:
                continue
            if project.code in listed:
                result.already_listed += 1
                continue
            try:
                services.annual_list_add(
                    scope=self.scope, project=project, year=self.year, on=on, reason=values["note"]
                )
            except ValidationError as error:  # a rule only the service knows: name the row
                raise ImportRejected(
                    [f"第 {row.number} 行：{message}" for message in error.messages]
                ) from error
            result.listed += 1
        return result

    def _forecast(self, values: dict) -> dict[int, tuple[int, Decimal]] | None:
        if values.get("local_workers") is None:
            return None
        return {self.year: (values["local_workers"], values.get("remuneration") or Decimal("0"))}


def import_annual_list(
    *,
    scope: Scope,
    year: int,
    content: bytes,
    on: datetime.date,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row, then write them all in one transaction, or raise ImportRejected.
    `progress(done, total, phase)` is called as rows are checked and written."""
    importer = ListImporter(scope=scope, year=year, progress=progress)
    rows = importer.parse(content)
    if importer.errors:
        raise ImportRejected(importer.errors)
    try:
        return importer.write(rows, on=on)
    except ValidationError as error:  # a rule only the services know; nothing was kept
        raise ImportRejected(error.messages) from error


def list_import_start(*, scope: Scope, year: int, added_on: datetime.date, upload) -> ListImport:
    """Keep the uploaded file and queue its import. The ListImport row is the record of who
    uploaded what and when; each project the import writes is audited by the services."""
    scope.require_write(OVERSEEING_KINDS)
    list_import = ListImport.objects.create(
        organization=scope.organization,
        user=scope.user,
        year=year,
        added_on=added_on,
        file=upload,
        filename=upload.name[:200],
    )
    job_enqueue(list_import)
    return list_import


def list_import_perform(list_import: ListImport, scope: Scope, progress: Progress) -> Outcome:
    """The work of a list import job (portal.jobs.job_run). A job delivered again after a
    crash runs again: nothing was committed, and the import is idempotent."""
    with list_import.file.open("rb") as upload:
        content = upload.read()
    result = import_annual_list(
        scope=scope,
        year=list_import.year,
        content=content,
        on=list_import.added_on,
        progress=progress,
    )
    return Outcome(summary=result.summary())
