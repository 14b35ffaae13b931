"""Checking an annual list's rows against the directory, the district's organisations and
the rules of 衔接配套, then writing them all in one transaction."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.jobs import Outcome, job_enqueue
from portal.models import OVERSEEING_KINDS, Organization, OrganizationKind, Region, RegionLevel
from portal.progress import Progress
from portal.scope import Scope
from projects import services
from projects.importers.reading import (
    ALIASES,
    LABELS,
    LEVELS,
    MAX_ROWS,
    PROGRESS_EVERY,
    REQUIRED,
    SKIP_MARKERS,
    TYPE_NAMES,
    TYPES,
    ImportRejected,
    cell_date,
    cell_decimal,
    cell_text,
    read_rows,
)
from projects.models import PROJECT_FIELDS, Domain, ListImport, Project, ProjectType
from projects.selectors import directory_in_use


@dataclass
class ListRow:
    number: int  # the row number the user sees in Excel
    values: dict
    townships: list[Region] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)  # codes of the key projects supported


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
            texts = [cell_text(c) for c in raw]
            if not any(texts):
                continue
            first = next(t for t in texts if t)
            if first.startswith(SKIP_MARKERS) or cell_text(cells.get("code")).startswith(
                SKIP_MARKERS
            ):
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
        self.check_supports(rows, existing)
        return rows

    def check_supports(self, rows: list[ListRow], existing: dict[str, Project]) -> None:
        """衔接配套 (seed 004): a new special investment project names the key projects it
        supports, registered in the district and seen by the importer or new in this file;
        no other type names any, and none supports itself. A row of a project already
        registered is listed as it is, so its links are not read."""
        named = {code for row in rows for code in row.supports}
        registered = {
            project.code: project.project_type
            for project in Project.objects.visible_to(self.scope).filter(
                code__in=named, region=self.district
            )
        }
        in_file = {
            row.values["code"]: row.values.get("project_type")
            for row in rows
            if row.values["code"] not in existing
        }
        for row in rows:
            code, kind = row.values["code"], row.values.get("project_type")
            if code in existing or kind is None:
                continue
            if kind != ProjectType.SPECIAL_INVESTMENT:
                if row.supports:
                    self.error(
                        row.number,
                        "supports",
                        f"只有以工代赈专项投资项目才填写衔接配套的重点工程项目，本行是"
                        f"「{ProjectType(kind).label}」：请清空此格或改项目类型",
                    )
                continue
            if not row.supports:
                self.error(
                    row.number, "supports", "以工代赈专项投资项目须填写所衔接配套的重点工程项目编码"
                )
            for other in row.supports:
                other_type = registered.get(other) or in_file.get(other)
                if other == code:
                    self.error(row.number, "supports", "项目不能与自身衔接配套")
                elif other_type is None:
                    self.error(
                        row.number, "supports", f"“{other}”不是本区已登记或本表中的重点工程项目"
                    )
                elif other_type != ProjectType.KEY:
                    self.error(row.number, "supports", f"“{other}”不是重点工程项目，不能衔接配套")

    def parse_row(self, number: int, cells: dict) -> ListRow:
        values: dict = {}
        for name in REQUIRED:
            if name in cells and not cell_text(cells[name]):
                self.error(number, name, "不能为空")
        values["code"] = cell_text(cells.get("code"))
        values["name"] = cell_text(cells.get("name"))
        values["note"] = cell_text(cells.get("note"))[:300]
        kind = cell_text(cells.get("project_type"))
        values["project_type"] = TYPES.get(kind) if kind else ProjectType.KEY
        if values["project_type"] is None:
            self.error(number, "project_type", f"“{kind}”不是有效的项目类型（{TYPE_NAMES}）")
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
                values[name] = cell_decimal(cells.get(name))
            except ValueError as error:
                self.error(number, name, str(error))
        if values.get("work_relief_funds") is None:
            values["work_relief_funds"] = Decimal("0.00")
        for name in ("planned_start", "planned_end"):
            try:
                values[name] = cell_date(cells.get(name))
            except ValueError as error:
                self.error(number, name, str(error))
        try:
            workers = cell_decimal(cells.get("local_workers"))
        except ValueError as error:
            self.error(number, "local_workers", str(error))
            workers = None
        if workers is not None and (workers != workers.to_integral() or workers < 0):
            self.error(number, "local_workers", "应为不小于 0 的整数")
        values["local_workers"] = int(workers) if workers is not None else None
        row = ListRow(number, values)
        row.supports = [
            code for code in re.split(r"[、，,;；\s]+", cell_text(cells.get("supports"))) if code
        ]
        for name in re.split(r"[、，,;；\s]+", cell_text(cells.get("townships"))):
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
        text = cell_text(cells.get(name))
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
        # The key projects a special investment project supports: registered, or registered
        # by this file before it (special investment projects come last).
        named = {code for row in rows for code in row.supports}
        key_projects = {p.code: p for p in Project.objects.filter(code__in=named)}
        ordered = sorted(
            rows, key=lambda row: row.values["project_type"] == ProjectType.SPECIAL_INVESTMENT
        )
        for index, row in enumerate(ordered, start=1):
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
                    supports=[key_projects[code] for code in row.supports],
                )
                key_projects[project.code] = project
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
