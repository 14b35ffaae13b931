"""Upload of the common monthly attendance grid (考勤表): a row per worker (姓名, 身份证号),
then a column per day (1 … 31, also "1日" or "1号"), maybe a totals column (出勤天数, 合计),
under title rows and merged two-row headers. Every row is checked first — marks, days the
month lacks, ID numbers, the roster, the totals — and every error names its Excel row and
column; then the month is written by the one attendance service, in one transaction."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.core.exceptions import ValidationError
from django.utils import timezone

from labor.id_numbers import parse_id_number
from labor.importers.reading import (
    HEADER_SEARCH_ROWS,
    LaborImportRejected,
    Table,
    cell_text,
    header_key,
    is_blank_or_total,
    match_column,
)
from labor.models import Attendance, AttendanceImport, Mark, Worker, month_days
from labor.selectors import (
    attendance_can_write,
    attendance_roster_periods,
    attendance_taken_by_others,
)
from labor.services import AttendanceSaveResult, attendance_month_save, parse_mark
from labor.services.attendance import MARK_HELP
from portal import excel
from portal.jobs import Outcome, job_enqueue
from portal.models import CONTRACTOR_KINDS, Organization
from portal.pii import blind_index, mask_id_number
from portal.progress import Progress
from portal.scope import Scope
from projects.models import Project

__all__ = [
    "AttendanceImportResult",
    "attendance_import",
    "attendance_import_perform",
    "attendance_import_start",
]

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "工人姓名", "务工人员姓名", "人员姓名", "务工人员"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码"),
    "total": ("出勤天数", "合计", "合计天数", "出勤合计", "实际出勤天数", "出勤天数合计", "天数"),
}
DAY_HEADER = re.compile(r"^(\d{1,2})(?:\.0)?(?:日|号)?$")
MAX_WORKERS = 20_000
MIN_DAYS = 7  # a header row names at least a week of days
PROGRESS_EVERY = 500
NOT_ON_ROSTER = (
    "不在{contractor}{month:%Y年%m月}在本项目的用工名册上：请先在用工名册中登记，再导入考勤。"
)


def _day_columns(row: list) -> dict[int, int]:
    """{day: column position} of the header cells that name a day of the month; none when
    the row names fewer than MIN_DAYS days (a data row's 序号 and "1" marks are not days)."""
    days: dict[int, int] = {}
    for position, cell in enumerate(row):
        if isinstance(cell, datetime.date):  # a date as the header, shown as its day
            days.setdefault(cell.day, position)
            continue
        match = DAY_HEADER.match(header_key(cell))
        if match and 1 <= int(match[1]) <= 31:
            days.setdefault(int(match[1]), position)
    return days if len(days) >= MIN_DAYS else {}


def _base_columns(row: list) -> tuple[dict[str, int], dict[str, str]]:
    columns, labels = {}, {}
    for position, cell in enumerate(row):
        if (name := match_column(cell, ALIASES)) and name not in columns:
            columns[name], labels[name] = position, header_key(cell)
    return columns, labels


def read_grid(content: bytes) -> tuple[Table, dict[int, int]]:
    """The sheet as a Table (name, ID and totals columns, rows under the header) and the
    column of each day. The header is the row of the first 15 naming 姓名 and 身份证号 (the
    most known columns); the days are on that row or, under a merged group header such as
    “出勤情况”, on the row below (and the other columns may be split the same way)."""
    try:
        sheet = excel.read_first_sheet(content)
    except excel.ExcelRefused as refused:
        raise LaborImportRejected([refused.message]) from None
    if not any(any(cell not in (None, "") for cell in row) for row in sheet):
        raise LaborImportRejected(["文件是空的：第一个工作表中没有任何内容。"])
    found = [
        (len(_base_columns(row)[0]), len(_day_columns(row)) > 0, -index)
        for index, row in enumerate(sheet[:HEADER_SEARCH_ROWS])
    ]
    best = max(found)
    if best[0] < 2:
        raise LaborImportRejected(
            [
                f"没有找到表头：前 {HEADER_SEARCH_ROWS} 行中应有“姓名”“身份证号”和日期（1、2……31）等列名。"
            ]
        )
    index = -best[2]
    columns, labels = _base_columns(sheet[index])
    days = _day_columns(sheet[index])
    start = index + 1
    if start < len(sheet):
        below_days = _day_columns(sheet[start])
        below, below_labels = _base_columns(sheet[start])
        fresh = {name: col for name, col in below.items() if name not in columns}
        if len(below_days) > len(days) or fresh:
            for day, position in below_days.items():
                days.setdefault(day, position)
            columns.update(fresh)
            labels.update({name: below_labels[name] for name in fresh})
            start += 1
    missing = [ALIASES[name][0] for name in ("name", "id_number") if name not in columns]
    if missing:
        raise LaborImportRejected([f"第{index + 1}行的表头缺少必填列：{'、'.join(missing)}。"])
    if not days:
        raise LaborImportRejected(
            [f"第{index + 1}行的表头中没有日期列：应有 1、2……31（或“1日”“1号”）等列名。"]
        )
    for day, position in days.items():
        columns[f"d{day}"] = position
        labels[f"d{day}"] = f"{day}日"
        for header in (sheet[index], sheet[start - 1]):
            cell = header[position] if position < len(header) else None
            if not isinstance(cell, datetime.date) and DAY_HEADER.match(header_key(cell)):
                labels[f"d{day}"] = header_key(cell_text(cell))
    rows = [
        (number + 1, row)
        for number, row in enumerate(sheet[start:], start=start)
        if not _blank_or_total(row)
    ]
    return Table(columns, labels, index + 1, rows), days


def _blank_or_total(row: list) -> bool:
    """`is_blank_or_total` on the row's first three filled cells only: a grid row has thirty
    more, and the check runs on every row."""
    return is_blank_or_total(list(islice((cell for cell in row if cell not in (None, "")), 3)))


@dataclass
class GridLine:
    row: int
    name: str
    index: str  # the blind index of the ID number
    masked: str
    marks: str


@dataclass
class AttendanceImportResult:
    rows: int = 0
    saved: AttendanceSaveResult = field(default_factory=AttendanceSaveResult)

    def summary(self) -> str:
        return f"共 {self.rows} 人：{self.saved.summary()}"


def _parse_line(table: Table, days: dict[int, int], row: int, cells: list, month, errors):
    """One worker's line, or None with its errors appended (each naming row and column)."""
    name = cell_text(table.value(cells, "name"))
    line_errors = []
    if not name:
        line_errors.append(f"{table.where(row, 'name')}：请填写姓名。")
    try:
        parsed = parse_id_number(table.value(cells, "id_number"))
    except ValidationError as error:
        line_errors.append(f"{table.where(row, 'id_number')}：{'；'.join(error.messages)}")
        parsed = None
    length = month_days(month)
    marks = [Mark.NONE] * length
    today = timezone.localdate()
    for day, position in sorted(days.items()):
        value = cells[position] if position < len(cells) else None
        mark = parse_mark(value)
        where = table.where(row, f"d{day}")
        if mark is None:
            line_errors.append(f"{where}：无法识别的考勤标记“{cell_text(value)}”。{MARK_HELP}。")
        elif day > length and mark != Mark.NONE:
            line_errors.append(
                f"{where}：{month:%Y年%m月}只有{length}天，没有{day}日，该列不应有考勤标记。"
            )
        elif day <= length and mark != Mark.NONE and month.replace(day=day) > today:
            line_errors.append(
                f"{where}：{month:%Y年%m月}{day}日还没有到，考勤只能记录已经过去的日子。"
            )
        elif day <= length:
            marks[day - 1] = mark
    text = "".join(marks)
    total = _number(table.value(cells, "total"))
    if not line_errors and total is not None:
        counted = Attendance.count_days(text)
        if counted != total:
            line_errors.append(
                f"{table.where(row, 'total')}：填写的 {cell_text(total)} 天与逐日标记合计的"
                f" {counted.normalize():f} 天不符，请核对。"
            )
    if line_errors:
        errors.extend(line_errors)
        return None
    return GridLine(row, name, blind_index(parsed.number), mask_id_number(parsed.number), text)


def attendance_import(
    *,
    scope: Scope,
    project: Project,
    contractor: Organization,
    month: datetime.date,
    content: bytes,
    filename: str = "",
    progress: Progress | None = None,
) -> AttendanceImportResult:
    """Check every line of the grid, then save the month in one transaction, or raise
    LaborImportRejected with every error (nothing written). The same file twice changes
    nothing the second time. Workers are found by blind index, one query for the file."""
    progress = progress or (lambda done, total, phase="": None)
    if not attendance_can_write(scope=scope, project=project, contractor=contractor):
        raise LaborImportRejected(["只有参建该项目的施工单位可以导入其用工名册人员的考勤。"])
    table, days = read_grid(content)
    if len(table.rows) > MAX_WORKERS:
        raise LaborImportRejected([f"一次最多导入 {MAX_WORKERS} 人的考勤，请分批导入。"])
    errors: list[str] = []
    lines: list[GridLine] = []
    for done, (row, cells) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done, len(table.rows), "检查")
        if line := _parse_line(table, days, row, cells, month, errors):
            lines.append(line)
    if not lines and not errors:
        raise LaborImportRejected(["表中没有务工人员的考勤行。"])
    first_row: dict[str, int] = {}
    for line in lines:
        if line.index in first_row:
            errors.append(
                f"{table.where(line.row, 'id_number')}：{line.name}（{line.masked}）"
                f"在第{first_row[line.index]}行已经出现，同一人每月只能有一行考勤。"
            )
        else:
            first_row[line.index] = line.row
    workers, names = {}, {}
    for index, pk, name in Worker.objects.filter(id_number_index__in=list(first_row)).values_list(
        "id_number_index", "pk", "name"
    ):
        workers[index], names[pk] = pk, name
    periods = attendance_roster_periods(project=project, contractor=contractor, month=month)
    taken = attendance_taken_by_others(
        project=project, contractor=contractor, month=month, worker_ids=set(workers.values())
    )
    grid: dict[int, str] = {}
    for line in lines:
        worker_id = workers.get(line.index)
        where = table.where(line.row, "id_number")
        if worker_id is None or worker_id not in periods:
            errors.append(
                f"{where}：{line.name}（{line.masked}）"
                + NOT_ON_ROSTER.format(contractor=contractor, month=month)
            )
        elif "".join(names[worker_id].split()) != "".join(line.name.split()):
            errors.append(
                f"{table.where(line.row, 'name')}：姓名“{line.name}”与身份证号{line.masked}"
                f"登记的姓名“{names[worker_id]}”不符，请核对。"
            )
        elif worker_id in taken:
            errors.append(f"{where}：{line.name}本月在该项目的考勤已由其他施工单位登记。")
        elif first_row[line.index] == line.row:
            grid[worker_id] = line.marks
    if errors:
        raise LaborImportRejected(sorted(errors, key=_row_of))
    progress(len(table.rows), len(table.rows), "写入")
    try:
        saved = attendance_month_save(
            scope=scope,
            project=project,
            contractor=contractor,
            month=month,
            grid=grid,
            source=f"导入考勤表“{filename}”" if filename else "导入考勤表",
        )
    except ValidationError as error:  # checked above; kept so a race cannot write half
        raise LaborImportRejected(error.messages) from None
    return AttendanceImportResult(rows=len(grid), saved=saved)


def _number(value) -> Decimal | None:
    """A totals cell as a number; None when blank or not a number (then it is not checked)."""
    if isinstance(value, bool):
        return None
    try:
        return Decimal(cell_text(value)) if cell_text(value) else None
    except InvalidOperation:
        return None


def _row_of(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match[1]) if match else 0


def attendance_import_start(
    *, scope: Scope, project: Project, month: datetime.date, upload
) -> AttendanceImport:
    """Keep the uploaded grid and queue its import for the scope's contractor."""
    scope.require_write(CONTRACTOR_KINDS, "只有施工单位可以导入考勤。")
    if not attendance_can_write(scope=scope, project=project, contractor=scope.organization):
        raise ValidationError({"project": "只能导入本单位参建项目的考勤。"})
    job = AttendanceImport.objects.create(
        organization=scope.organization,
        user=scope.user,
        project=project,
        month=month,
        file=upload,
        filename=upload.name[:200],
    )
    job_enqueue(job)
    return job


def attendance_import_perform(job: AttendanceImport, scope: Scope, progress: Progress) -> Outcome:
    """The work of an attendance upload (portal.jobs.job_run); run twice, it writes once."""
    with job.file.open("rb") as upload:
        content = upload.read()
    result = attendance_import(
        scope=scope,
        project=job.project,
        contractor=job.organization,
        month=job.month,
        content=content,
        filename=job.filename,
        progress=progress,
    )
    return Outcome(summary=result.summary())
