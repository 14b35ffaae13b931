"""Survey responses uploaded from Excel: every row checked first (the ID number and its HMAC
once per row, existing responses and workers looked up one query each), then written in one
transaction, or nothing at all. Re-uploading the same file changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from labor.id_numbers import parse_id_number
from labor.importers.reading import LaborImportRejected, cell_text, header_key, read_table
from labor.models import LaborSurvey, SurveyImport, SurveyResponse, Worker
from labor.selectors.surveys import survey_can_write, survey_villages
from labor.services.surveys import (
    RESPONSE_FIELDS,
    survey_groups_check,
    survey_months_parse,
    survey_person_check,
)
from portal.jobs import Outcome, job_enqueue
from portal.pii import blind_index
from portal.progress import Progress
from portal.rules import rules_for
from portal.scope import Scope
from portal.services import audit_record

MAX_ROWS = 20_000
PROGRESS_EVERY = 500
ALIASES: dict[str, tuple[str, ...]] = {
    name: tuple(header_key(alias) for alias in aliases)
    for name, aliases in {
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
        "name": ("姓名", "名字"),
        "village": ("村（社区）", "村", "村社区", "所在村", "村名", "所属村"),
        "willing": ("务工意愿", "有务工意愿", "是否有务工意愿", "是否愿意务工", "就业意愿"),
        "skills": ("技能", "技能特长", "技能水平", "掌握技能"),
        "certificates": ("证书", "技能证书", "职业资格证书", "持有证书"),
        "months": ("可务工月份", "务工月份", "可务工时间"),
        "preferred_work": ("意向工作", "意向岗位", "务工意向", "期望工作"),
        "travel_km": ("可接受通勤距离", "通勤距离", "可接受距离"),
        "priority_groups": ("重点群体", "群体类别"),
        "phone": ("联系电话", "电话", "手机号", "手机号码", "联系方式"),
    }.items()
}
YES = {"是", "有", "愿意", "1", "√", "✓", "Y", "YES", "TRUE"}
NO = {"否", "无", "不愿意", "0", "×", "N", "NO", "FALSE"}


@dataclass
class SurveyImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"新增 {self.created} 人，更新 {self.updated} 人，未变 {self.unchanged} 人。"


class SurveyImporter:
    """Checks every row of one survey's upload, then writes them all."""

    def __init__(self, *, scope: Scope, survey: LaborSurvey, progress: Progress | None = None):
        self.scope, self.survey = scope, survey
        self.progress = progress or (lambda done, total, phase="": None)
        self.errors: list[str] = []
        self.groups = rules_for(survey.township.region).priority_group_list
        self.villages = {}
        for village in survey_villages(survey.township):
            for name in (village.name, re.sub(r"(村|社区|居委会|村委会)$", "", village.name)):
                self.villages[header_key(name)] = village

    def parse(self, content: bytes) -> dict[str, dict]:
        """{blind index: the row's values} for every row, or LaborImportRejected naming each
        error's row and column."""
        table = read_table(content, ALIASES, required=("id_number", "name"))
        if len(table.rows) > MAX_ROWS:
            raise LaborImportRejected([f"一次最多导入 {MAX_ROWS} 人，请分批导入。"])
        if not table.rows:
            raise LaborImportRejected(["表中没有人员行。"])
        today = timezone.localdate()
        found: dict[str, dict] = {}
        first_row: dict[str, int] = {}
        for count, (number, cells) in enumerate(table.rows, start=1):
            if count % PROGRESS_EVERY == 0:
                self.progress(count, len(table.rows), "检查")
            values = self.parse_row(table, number, cells, today)
            if values is None:
                continue
            index = values.pop("index")
            if index in first_row:
                self.errors.append(
                    f"{table.where(number, 'id_number')}：与第{first_row[index]}行是同一人，"
                    "同一调查中每人只登记一行。"
                )
                continue
            first_row[index] = number
            found[index] = values
        if self.errors:
            raise LaborImportRejected(self.errors)
        return found

    def error(self, table, number: int, column: str, message: str) -> None:
        self.errors.append(f"{table.where(number, column)}：{message}")

    def parse_row(self, table, number: int, cells: list, today) -> dict | None:
        before = len(self.errors)
        raw_id = table.value(cells, "id_number")
        parsed = None
        try:
            parsed = parse_id_number(raw_id if isinstance(raw_id, float) else cell_text(raw_id))
            survey_person_check(parsed, on=today)
        except ValidationError as error:
            self.error(table, number, "id_number", error.messages[0])
        name = cell_text(table.value(cells, "name"))
        if not name:
            self.error(table, number, "name", "请填写姓名。")
        elif len(name) > 50:
            self.error(table, number, "name", "姓名不能超过50个字。")
        values = {"name": name}
        village_text = header_key(cell_text(table.value(cells, "village")))
        values["village"] = None
        if village_text:
            values["village"] = self.villages.get(village_text) or self.villages.get(
                re.sub(r"(村|社区|居委会|村委会)$", "", village_text)
            )
            if values["village"] is None:
                self.error(
                    table,
                    number,
                    "village",
                    f"“{village_text}”不是{self.survey.township}所辖的村（社区）。",
                )
        willing = cell_text(table.value(cells, "willing")).upper()
        if willing and willing not in YES | NO:
            self.error(table, number, "willing", f"“{willing}”应为“是”或“否”。")
        values["willing"] = willing not in NO
        for name in ("skills", "certificates", "preferred_work"):
            values[name] = cell_text(table.value(cells, name))
            limit = SurveyResponse._meta.get_field(name).max_length
            if len(values[name]) > limit:
                self.error(table, number, name, f"不能超过{limit}个字。")
        try:
            values["months_available"] = survey_months_parse(
                cell_text(table.value(cells, "months"))
            )
        except ValidationError as error:
            self.error(table, number, "months", error.messages[0])
        distance = cell_text(table.value(cells, "travel_km"))
        values["travel_km"] = None
        if distance:
            if not re.fullmatch(r"\d{1,4}(\.0+)?", distance) or float(distance) > 1000:
                self.error(table, number, "travel_km", f"“{distance}”应为0—1000之间的公里数。")
            else:
                values["travel_km"] = int(float(distance))
        try:
            values["priority_groups"] = survey_groups_check(
                cell_text(table.value(cells, "priority_groups")), self.groups
            )
        except ValidationError as error:
            self.error(table, number, "priority_groups", error.messages[0])
        values["phone"] = "".join(cell_text(table.value(cells, "phone")).split())
        if values["phone"] and not re.fullmatch(r"[\d\-+]{5,20}", values["phone"]):
            self.error(table, number, "phone", "联系电话只能包含数字和“-”。")
        if len(self.errors) > before or parsed is None:
            return None
        values.update(
            index=blind_index(parsed.number),
            id_number=parsed.number,
            birth_date=parsed.birth_date,
            sex=parsed.sex,
        )
        return values

    @transaction.atomic
    def write(self, rows: dict[str, dict]) -> SurveyImportResult:
        result = SurveyImportResult()
        existing = {
            response.id_number_index: response
            for response in SurveyResponse.objects.select_for_update()
            .filter(survey=self.survey, id_number_index__in=list(rows))
            .order_by("pk")
        }
        workers = dict(
            Worker.objects.filter(id_number_index__in=list(rows)).values_list(
                "id_number_index", "pk"
            )
        )
        new, changed, changed_fields = [], [], set()
        for index, values in rows.items():
            worker_id = workers.get(index)
            response = existing.get(index)
            if response is None:
                new.append(
                    SurveyResponse(
                        survey=self.survey,
                        id_number_index=index,
                        worker_id=worker_id,
                        recorded_by=self.scope.user,
                        **values,
                    )
                )
                continue
            fields = [name for name in RESPONSE_FIELDS if getattr(response, name) != values[name]]
            if response.worker_id != worker_id:
                fields.append("worker")
            if not fields:
                result.unchanged += 1
                continue
            for name in fields:
                if name != "worker":
                    setattr(response, name, values[name])
            response.worker_id = worker_id
            response.recorded_by = self.scope.user
            response.recorded_at = timezone.now()
            changed.append(response)
            changed_fields.update(fields)
        SurveyResponse.objects.bulk_create(new, batch_size=1000)
        if new:
            SurveyResponse.objects.filter(survey=self.survey).mark_latest()
        if changed:
            names = sorted(changed_fields | {"recorded_by", "recorded_at"})
            SurveyResponse.objects.bulk_update(changed, names, batch_size=1000)
        result.created, result.updated = len(new), len(changed)
        if new or changed:
            audit_record(
                scope=self.scope,
                action="survey.import",
                summary=f"从 Excel 导入摸底调查“{self.survey.title}”：{result.summary()}",
                target=self.survey,
                region=self.survey.township.region,
            )
        return result


def import_survey_responses(
    *, scope: Scope, survey: LaborSurvey, content: bytes, progress: Progress | None = None
) -> SurveyImportResult:
    """Check every row, then write them all in one transaction, or raise LaborImportRejected
    (nothing written)."""
    if not survey_can_write(scope=scope, survey=survey):
        raise PermissionDenied("只有开展该调查的乡镇（街道）的填报员可以导入调查对象。")
    importer = SurveyImporter(scope=scope, survey=survey, progress=progress)
    rows = importer.parse(content)
    return importer.write(rows)


def survey_import_start(*, scope: Scope, survey: LaborSurvey, upload) -> SurveyImport:
    """Keep the uploaded file and queue its import; the row records who uploaded what."""
    if not survey_can_write(scope=scope, survey=survey):
        raise PermissionDenied("只有开展该调查的乡镇（街道）的填报员可以导入调查对象。")
    job = SurveyImport.objects.create(
        organization=scope.organization,
        user=scope.user,
        survey=survey,
        file=upload,
        filename=upload.name[:200],
    )
    job_enqueue(job)
    return job


def survey_import_perform(job: SurveyImport, scope: Scope, progress: Progress) -> Outcome:
    """The work of a survey upload job (portal.jobs.job_run); idempotent."""
    with job.file.open("rb") as upload:
        content = upload.read()
    result = import_survey_responses(
        scope=scope, survey=job.survey, content=content, progress=progress
    )
    return Outcome(summary=result.summary())


__all__ = [
    "ALIASES",
    "SurveyImportResult",
    "import_survey_responses",
    "survey_import_perform",
    "survey_import_start",
]
