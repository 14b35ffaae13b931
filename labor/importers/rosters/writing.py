"""Writing a checked roster upload in one transaction, and what it did (`RosterResult`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from labor.importers.rosters.checking import RosterImporter
from labor.importers.rosters.columns import BATCH, RosterRow
from labor.importers.rosters.copying import copy_insert
from labor.models import Engagement, EngagementSource, Worker
from labor.services import roster_worker_build, survey_responses_join
from portal.services import audit_record

# The engagement's fields from the file that are related rows (written by their ids).
RELATED = frozenset({"stage", "team", "labor_organization"})


@dataclass
class RosterResult:
    workers_created: int = 0
    engagements_created: int = 0
    engagements_updated: int = 0
    unchanged: int = 0
    age_flagged: int = 0
    luhn_warnings: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.workers_created or self.engagements_created or self.engagements_updated)

    def summary(self) -> str:
        text = (
            f"新登记务工人员 {self.workers_created} 人，名册新增 {self.engagements_created} 人次，"
            f"更新 {self.engagements_updated} 人次，未变 {self.unchanged} 人次。"
        )
        if self.age_flagged:
            text += f"{self.age_flagged} 人超过本区提示年龄，已标记待复核。"
        if self.luhn_warnings:
            text += f"{self.luhn_warnings} 个银行卡号未通过校验，请与本人核对。"
        return text

    def as_dict(self) -> dict:
        return {
            "workers_created": self.workers_created,
            "engagements_created": self.engagements_created,
            "engagements_updated": self.engagements_updated,
            "unchanged": self.unchanged,
            "age_flagged": self.age_flagged,
            "luhn_warnings": self.luhn_warnings,
            "text": self.summary(),
        }


@transaction.atomic
def roster_write(
    importer: RosterImporter, rows: list[RosterRow], *, filename: str = ""
) -> RosterResult:
    """Write the checked rows in one transaction: new workers in one COPY (their numbers
    encrypted as the model's fields do), new engagements in one COPY, the engagements
    already on the roster completed from the file's non-blank cells; one audit entry, none
    when nothing changed."""
    result, user = RosterResult(), importer.scope.user
    fresh: dict[str, Worker] = {}
    for row in rows:
        if row.worker_id is not None or row.index in fresh:
            continue
        data = {k: v for k, v in row.worker_data.items() if k != "luhn_failed"}
        worker, flagged = roster_worker_build(
            parsed=row.parsed,
            name=row.name,
            area=importer.area,
            rules=importer.rules,
            first_day=row.fields["entry_date"],
            created_by=user,
            index=row.index,
            **data,
        )
        result.age_flagged += bool(flagged)
        result.luhn_warnings += row.worker_data["luhn_failed"]
        fresh[row.index] = worker
    ids = copy_insert(Worker, [vars(worker) for worker in fresh.values()], with_ids=True)
    worker_ids = dict(zip(fresh, ids, strict=True))
    result.workers_created = len(ids)
    survey_responses_join(list(fresh))
    importer.progress(len(rows) // 2, len(rows), "写入")
    new, changed, update_fields = [], [], set()
    common = {
        "project_id": importer.project.pk,
        "contractor_id": importer.contractor.pk,
        "source": EngagementSource.UPLOAD,
        "created_by_id": user.pk if user else None,
    }
    for row in rows:
        if row.existing is None:
            new.append(
                {
                    **common,
                    **_attnames(row.fields),
                    "worker_id": row.worker_id or worker_ids[row.index],
                }
            )
            continue
        differs = [key for key in row.given if _differs(row.existing, key, row.fields[key])]
        for key in differs:
            setattr(row.existing, key, row.fields[key])
        if differs:
            changed.append(row.existing)
            update_fields.update(differs)
        else:
            result.unchanged += 1
    copy_insert(Engagement, new)
    result.engagements_created = len(new)
    if changed:
        now = timezone.now()
        for engagement in changed:
            engagement.updated_at = now
        Engagement.objects.bulk_update(
            changed, [*sorted(update_fields), "updated_at"], batch_size=BATCH
        )
    result.engagements_updated = len(changed)
    importer.progress(len(rows), len(rows), "写入")
    if result.changed:
        audit_record(
            scope=importer.scope,
            action="roster.import",
            summary=f"导入用工名册{f'《{filename}》' if filename else ''}到{importer.project}："
            + result.summary(),
            target=importer.project,
            region=importer.project.region,
        )
    return result


def _attnames(fields: dict) -> dict:
    """An engagement's values from the file by column attname: a related row by its id."""
    return {
        (f"{key}_id" if key in RELATED else key): (
            value.pk if key in RELATED and value is not None else value
        )
        for key, value in fields.items()
    }


def _differs(engagement: Engagement, key: str, value) -> bool:
    """Whether the file changes `key` of an engagement on the roster (a related row compared
    by id, without loading it)."""
    if key in RELATED:
        return getattr(engagement, f"{key}_id") != (value.pk if value is not None else None)
    return getattr(engagement, key) != value
