"""Checking a roster upload in full (its columns in `columns`): each row's values, the same
person twice in the file, and the registry and the project's roster it meets (looked up one
query a batch). Every error names its Excel row and the file's own column name."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from labor.id_numbers import (
    age_on,
    bank_card_error,
    luhn_valid,
    normalise_bank_card,
    parse_id_number,
)
from labor.importers.reading import (
    LaborImportRejected,
    Table,
    cell_date,
    cell_decimal,
    cell_text,
    read_table,
)
from labor.importers.rosters.columns import (
    ALIASES,
    BATCH,
    CATEGORIES,
    DATES,
    ENGAGEMENT_READ,
    MAX_ROWS,
    PHONE,
    PROGRESS_EVERY,
    REQUIRED,
    UPDATABLE,
    RosterImportRejected,
    RosterRow,
)
from labor.models import Engagement, StaffCategory, Team, Worker
from labor.services.rosters import conflict_message, overlaps
from portal.models import LABOR_ORG_KINDS, Organization, Region, RegionLevel
from portal.pii import blind_index
from portal.progress import Progress
from portal.rules import MIN_WORKER_AGE, rules_for
from portal.scope import Scope
from projects.models import Project, ProjectContractor, WorkStage


def _names(organizations) -> dict[str, Organization]:
    found = {}
    for organization in organizations:
        found[organization.name] = organization
        if organization.short_name:
            found[organization.short_name] = organization
    return found


class RosterImporter:
    """Checks every row of one contractor's roster for one project (`parse`); the rows it
    returns are written by `labor.importers.rosters.writing.roster_write`."""

    def __init__(
        self,
        *,
        scope: Scope,
        project: Project,
        entry_date: datetime.date,
        progress: Progress | None = None,
    ):
        self.scope, self.project, self.entry_date = scope, project, entry_date
        self.contractor = scope.organization
        self.progress = progress or (lambda done, total, phase="": None)
        self.found: list[tuple[int, str, str]] = []
        self.table: Table | None = None
        self.today = timezone.localdate()
        self.area = project.region.enclosing_area()
        self.rules = rules_for(project.region)
        self.stages = {
            stage.name: stage for stage in WorkStage.objects.filter(category=project.category_id)
        }
        townships = list(
            Region.objects.filter(level=RegionLevel.TOWNSHIP, path__startswith=self.area.path)
        )
        self.townships = {
            name: township
            for township in townships
            for name in {township.name, re.sub(r"(镇|乡|街道|街道办事处)$", "", township.name)}
        }
        self.villages = {
            (village.parent_id, name): village
            for village in Region.objects.filter(
                level=RegionLevel.VILLAGE, path__startswith=self.area.path
            )
            for name in {village.name, re.sub(r"(村|社区|居委会)$", "", village.name)}
        }
        labor_orgs = Organization.objects.filter(
            kind__in=LABOR_ORG_KINDS, region__path__startswith=self.area.path, is_active=True
        )
        self.labor_orgs = _names(labor_orgs)
        self.teams: dict[str, list[Team]] = {}
        # A date or an amount as written is parsed once per upload, not once per row.
        self.dates: dict[str, datetime.date | ValueError | None] = {}
        self.amounts: dict = {}
        for team in Team.objects.filter(organization__in=labor_orgs).select_related("organization"):
            self.teams.setdefault(team.name, []).append(team)

    # --- errors ---------------------------------------------------------------------------

    def error(self, row: int, column: str, message: str) -> None:
        self.found.append((row, column, message))

    def items(self) -> list[dict]:
        """Every error by row, then by the sheet's column order, each naming its column."""
        table = self.table
        columns = table.columns if table else {}
        ordered = sorted(self.found, key=lambda e: (e[0], columns.get(e[1], 999)))
        return [
            {
                "row": row,
                "column": table.labels.get(column, "") if table else "",
                "message": f"{table.where(row, column) if table else f'第{row}行'}：{message}",
            }
            for row, column, message in ordered
        ]

    def reject(self) -> None:
        items = self.items()
        raise RosterImportRejected([item["message"] for item in items], items)

    # --- checking -------------------------------------------------------------------------

    def parse(self, content: bytes) -> list[RosterRow]:
        if not ProjectContractor.objects.filter(
            project=self.project, contractor=self.contractor
        ).exists():
            raise LaborImportRejected(
                [
                    f"{self.contractor}不是项目“{self.project.name}”的施工单位，不能导入该项目的用工名册。"
                ]
            )
        self.table = table = read_table(content, ALIASES, required=REQUIRED)
        if len(table.rows) > MAX_ROWS:
            raise LaborImportRejected(
                [
                    f"一次最多导入 {MAX_ROWS:,} 行（本表 {len(table.rows):,} 行），请分成几个文件上传。"
                ]
            )
        rows: list[RosterRow] = []
        total = len(table.rows)
        columns = list(table.columns.items())
        for done, (number, cells) in enumerate(table.rows, start=1):
            if done % PROGRESS_EVERY == 0:
                self.progress(done, total, "检查")
            width = len(cells)
            values = {name: cells[at] if at < width else None for name, at in columns}
            # Each cell as text once: the checks below read `texts`, the raw `values` only
            # where the type matters (an ID number typed as a number, a date cell).
            texts = {name: cell_text(value) for name, value in values.items()}
            # A numbered template row left empty (only its 序号) is no person.
            if not any(text for name, text in texts.items() if name != "sex"):
                continue
            row = self.parse_row(number, values, texts)
            if row is not None:
                rows.append(row)
        if not rows and not self.found:
            raise LaborImportRejected(["表中没有人员行：表头下面应逐行填写姓名和身份证号。"])
        self.check_file(rows)
        self.check_registry(rows)
        return rows

    def parse_row(self, number: int, values: dict, texts: dict) -> RosterRow | None:
        ok = True
        name = texts.get("name", "")
        if not name:
            self.error(number, "name", "请填写姓名")
            ok = False
        elif len(name) > 50:
            self.error(number, "name", "姓名不能超过50个字")
            ok = False
        raw = values.get("id_number")
        try:
            parsed = parse_id_number(
                raw if isinstance(raw, float) else texts.get("id_number", ""), today=self.today
            )
        except ValidationError as error:
            self.error(number, "id_number", error.messages[0].rstrip("。"))
            parsed, ok = None, False
        project_text = texts.get("project", "")
        if project_text and project_text not in (self.project.name, self.project.code):
            self.error(
                number,
                "project",
                f"本行是项目“{project_text}”的人员，本次导入的是“{self.project.name}”的名册："
                f"{self.contractor}不能在本项目名册中登记其他项目的人员",
            )
            ok = False
        fields = self.engagement_fields(number, values, texts)
        worker_data = self.worker_data(number, texts)
        if fields is None or worker_data is None or not ok:
            return None
        given = {key for key in UPDATABLE if texts.get(key) and fields.get(key) is not None}
        if texts.get("entry_date"):
            given.add("entry_date")  # never changes a line: a line is found by it
        row = RosterRow(
            number, name, parsed, blind_index(parsed.number), worker_data, fields, given
        )
        if age_on(parsed.birth_date, fields["entry_date"]) < MIN_WORKER_AGE:
            self.error(
                number,
                "id_number",
                f"{fields['entry_date']:%Y年%m月%d日}进场时{name}未满{MIN_WORKER_AGE}周岁，不得招用",
            )
            return None
        return row

    def engagement_fields(self, number: int, values: dict, texts: dict) -> dict | None:
        before = len(self.found)
        fields: dict = {"trade": texts.get("trade", "")}
        if len(fields["trade"]) > 50:
            self.error(number, "trade", "工种不能超过50个字")
        category = texts.get("staff_category", "")
        fields["staff_category"] = CATEGORIES.get(category) if category else StaffCategory.WORKER
        if fields["staff_category"] is None:
            self.error(
                number,
                "staff_category",
                f"“{category}”不是人员类别：应为{'、'.join(StaffCategory.labels)}之一，空白为务工人员",
            )
        stage = texts.get("stage", "")
        fields["stage"] = self.stages.get(stage) if stage else None
        if stage and fields["stage"] is None:
            known = "、".join(list(self.stages)[:12]) or "（本项目类别没有用工环节）"
            self.error(number, "stage", f"“{stage}”不是本项目类别的用工环节（{known}），或留空")
        labor_org = texts.get("labor_organization", "")
        fields["labor_organization"] = self.labor_orgs.get(labor_org) if labor_org else None
        if labor_org and fields["labor_organization"] is None:
            self.error(number, "labor_organization", f"“{labor_org}”不是本区登记的劳务组织")
        fields["team"] = self.team(number, texts.get("team", ""), fields)
        for key in ("contract_signed_on", "contract_end", "entry_date", "exit_date"):
            date = self.date(values.get(key))
            if isinstance(date, ValueError):
                self.error(number, key, str(date))
            else:
                fields[key] = date
        if fields.get("entry_date") is None and "entry_date" not in self.failed_keys(before):
            fields["entry_date"] = self.entry_date
        signed = fields.get("contract_signed_on")
        if signed and signed > self.today:
            self.error(number, "contract_signed_on", "劳动合同签订日期不能晚于今天")
        pay = self.amount(values.get("daily_pay"))
        if isinstance(pay, ValueError):
            self.error(number, "daily_pay", str(pay))
            pay = None
        if pay is not None and not (Decimal(0) <= pay < Decimal("100000000")):
            self.error(number, "daily_pay", "日工资应为不小于0的金额")
        fields["daily_pay"] = pay
        if len(self.found) > before:
            return None
        self.check_dates(number, fields)
        return None if len(self.found) > before else fields

    def date(self, value) -> datetime.date | ValueError | None:
        """`cell_date` of a cell, or the ValueError it raised; the same text parsed once."""
        if value is None:
            return None
        key = (type(value), value)
        if key not in self.dates:
            try:
                self.dates[key] = cell_date(value)
            except ValueError as error:
                self.dates[key] = error
        return self.dates[key]

    def amount(self, value) -> Decimal | ValueError | None:
        """`cell_decimal` of a cell, or the ValueError it raised; the same text parsed once."""
        if value is None:
            return None
        key = (type(value), value)
        if key not in self.amounts:
            try:
                self.amounts[key] = cell_decimal(value)
            except ValueError as error:
                self.amounts[key] = error
        return self.amounts[key]

    def check_dates(self, number: int, values: dict) -> None:
        """The order of an engagement's dates (`engagement_rule_errors`' rules, without
        building a model a row: the stage is one of the project's category already)."""
        if values["exit_date"] and values["exit_date"] < values["entry_date"]:
            self.error(number, "exit_date", "退场日期不能早于进场日期")
        signed, end = values["contract_signed_on"], values["contract_end"]
        if signed and end and end < signed:
            self.error(number, "contract_end", "合同截止日期不能早于劳动合同签订日期")

    def failed_keys(self, before: int) -> set[str]:
        return {column for _, column, _ in self.found[before:]}

    def team(self, number: int, name: str, fields: dict) -> Team | None:
        if not name:
            return None
        candidates = self.teams.get(name, [])
        organization = fields.get("labor_organization")
        if organization is not None:
            candidates = [team for team in candidates if team.organization_id == organization.pk]
        if not candidates:
            where = f"{organization}的" if organization else "本区劳务组织的"
            self.error(number, "team", f"“{name}”不是{where}施工队伍（班组）")
            return None
        if len(candidates) > 1:
            self.error(number, "team", f"有多个劳务组织的队伍名为“{name}”，请同时填写“劳务组织”列")
            return None
        if organization is None:
            fields["labor_organization"] = candidates[0].organization
        return candidates[0]

    def worker_data(self, number: int, texts: dict) -> dict | None:
        before = len(self.found)
        data: dict = {"bank_name": texts.get("bank_name", "")[:100]}
        phone = "".join(texts.get("phone", "").split())
        if phone and not PHONE.fullmatch(phone):
            # Not quoted: the cell is personal data and the message is kept with the job.
            self.error(number, "phone", "不是有效的电话号码（应为手机号或带区号的固定电话）")
        data["phone"] = phone
        card = normalise_bank_card(texts.get("bank_card", ""))
        if card and (problem := bank_card_error(card)):
            self.error(number, "bank_card", problem.rstrip("。"))
        data["bank_card"] = card
        data["luhn_failed"] = bool(card) and not luhn_valid(card)
        township_name = texts.get("household_township", "")
        township = self.townships.get(township_name) if township_name else None
        if township_name and township is None:
            self.error(
                number,
                "household_township",
                f"“{township_name}”不是{self.area}的乡镇（街道）；外区人员请将此格留空",
            )
        village_name = texts.get("household_village", "")
        village = None
        if village_name and township is not None:
            village = self.villages.get((township.pk, village_name))
            if village is None:
                self.error(
                    number, "household_village", f"“{village_name}”不是{township}的村（社区）"
                )
        elif village_name and not township_name:
            self.error(number, "household_village", "填写户籍村时请同时填写户籍乡镇")
        data["household_township"], data["household_village"] = township, village
        return None if len(self.found) > before else data

    def check_file(self, rows: list[RosterRow]) -> None:
        """The same person twice: under another name, or at the same stage for overlapping days."""
        seen: dict[str, list[RosterRow]] = {}
        for row in rows:
            for earlier in seen.get(row.index, []):
                if earlier.name != row.name:
                    self.error(
                        row.number,
                        "id_number",
                        f"与第{earlier.number}行的身份证号相同，姓名却是“{earlier.name}”，请核对",
                    )
                    break
                same_stage = earlier.fields["stage"] == row.fields["stage"]
                if same_stage and overlaps(
                    row.fields["entry_date"],
                    row.fields["exit_date"],
                    earlier.fields["entry_date"],
                    earlier.fields["exit_date"],
                ):
                    self.error(
                        row.number,
                        "id_number",
                        f"{row.name}在第{earlier.number}行已登记在同一用工环节，用工时间重叠",
                    )
                    break
            seen.setdefault(row.index, []).append(row)

    def check_registry(self, rows: list[RosterRow]) -> None:
        """Who is registered (by blind index, one query a batch), whether the registered name
        matches, and the engagements of this project each row meets (one query a batch)."""
        indexes = list({row.index for row in rows})
        workers: dict[str, tuple[int, str]] = {}
        for start in range(0, len(indexes), BATCH):
            batch = indexes[start : start + BATCH]
            # No ordering: the rows go into a dict, and an ordered query sorts (and joins).
            for pk, name, index in (
                Worker.objects.filter(id_number_index__in=batch)
                .order_by()
                .values_list("pk", "name", "id_number_index")
            ):
                workers[index] = (pk, name)
        worker_ids = [pk for pk, _ in workers.values()]
        engagements: dict[int, list[Engagement]] = {}
        for start in range(0, len(worker_ids), BATCH):
            for engagement in (
                Engagement.objects.filter(
                    project=self.project, worker_id__in=worker_ids[start : start + BATCH]
                )
                .order_by()
                .only(*ENGAGEMENT_READ)
            ):
                engagements.setdefault(engagement.worker_id, []).append(engagement)
        # The other contractors' names for the messages: one query, not a join a row.
        others = {
            engagement.contractor_id
            for found in engagements.values()
            for engagement in found
            if engagement.contractor_id != self.contractor.pk
        }
        names = dict(Organization.objects.filter(pk__in=others).values_list("pk", "name"))
        for row in rows:
            worker_id, registered = workers.get(row.index, (None, ""))
            if worker_id is None:
                continue
            if registered != row.name:
                self.error(
                    row.number,
                    "name",
                    f"该身份证号已登记为“{registered}”，与表中姓名“{row.name}”不一致，请核对",
                )
                continue
            row.worker_id = worker_id
            stage_id = row.fields["stage"].pk if row.fields["stage"] else None
            entry_given = "entry_date" in row.given
            for other in engagements.get(worker_id, []):
                if other.contractor_id != self.contractor.pk or other.stage_id != stage_id:
                    continue
                # The same line: by its entry date when the file gives one; otherwise the
                # line still open on the upload's day (the same file uploaded again later).
                if (
                    other.entry_date == row.fields["entry_date"]
                    if entry_given
                    else overlaps(row.fields["entry_date"], None, other.entry_date, other.exit_date)
                ):
                    row.existing = other
            exit = row.fields["exit_date"] or (row.existing.exit_date if row.existing else None)
            for other in engagements.get(worker_id, []):
                if other is row.existing or not overlaps(
                    row.fields["entry_date"], exit, other.entry_date, other.exit_date
                ):
                    continue
                message = conflict_message(
                    row.name,
                    other,
                    self.contractor.pk,
                    stage_id,
                    contractor_name=names.get(other.contractor_id, ""),
                )
                if message:
                    self.error(row.number, "id_number", message.rstrip("。"))
                    break
            if row.existing is not None:
                self.check_merged(row)

    def check_merged(self, row: RosterRow) -> None:
        """An engagement the row completes keeps its rules with the values it will have."""
        existing = row.existing
        merged = {key: getattr(existing, key) for key in DATES}
        merged |= {key: row.fields[key] for key in row.given if key in DATES}
        self.check_dates(row.number, {**merged, "entry_date": existing.entry_date})
