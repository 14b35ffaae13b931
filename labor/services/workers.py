"""Writes of the worker registry. Personal numbers reach the audit log masked only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from labor.id_numbers import (
    Sex,
    age_on,
    bank_card_error,
    luhn_valid,
    normalise_bank_card,
    parse_id_number,
)
from labor.models import WORKER_FIELDS, SurveyResponse, Worker, WorkerPriorityGroup
from labor.selectors import worker_can_reveal
from portal.models import LABOR_ORG_KINDS, OFFICE_KINDS, RegionLevel
from portal.pii import blind_index, mask_bank_card, mask_phone
from portal.rules import MIN_WORKER_AGE, rules_for
from portal.scope import Scope
from portal.services import assign_changes, audit_record, check_not_future, labelled

REGISTRAR_KINDS = OFFICE_KINDS | LABOR_ORG_KINDS
MASKS = {"bank_card": mask_bank_card, "phone": mask_phone}
GROUPS_LABEL = "重点群体"


@dataclass(frozen=True)
class PriorityGroupEntry:
    """A worker's membership of one priority group as a form hands it in."""

    group: str
    source: str
    recorded_on: datetime.date


@dataclass
class WorkerResult:
    """The worker written, and what the user should look at (a Luhn failure, an age flag)."""

    worker: Worker
    warnings: list[str] = field(default_factory=list)


def _clean_numbers(data: dict[str, Any], warnings: list[str]) -> None:
    """Normalise the bank card and the phone in `data`; refuse a malformed card, warn on a
    Luhn failure (some cards do not follow it)."""
    if "bank_card" in data:
        card = normalise_bank_card(data["bank_card"])
        if card:
            if error := bank_card_error(card):
                raise ValidationError({"bank_card": error})
            if not luhn_valid(card):
                warnings.append("银行卡号未通过校验（Luhn），请与本人核对卡号。")
        data["bank_card"] = card
    if "phone" in data:
        data["phone"] = "".join(str(data["phone"] or "").split())


def _check_places(worker: Worker) -> None:
    township, village = worker.household_township, worker.household_village
    if township is not None and township.level != RegionLevel.TOWNSHIP:
        raise ValidationError({"household_township": "请选择乡镇（街道）。"})
    if village is not None and (township is None or village.parent_id != township.pk):
        raise ValidationError({"household_village": "户籍村（社区）应属于所选的户籍乡镇。"})
    if worker.labor_organization is not None and worker.labor_organization.kind not in (
        LABOR_ORG_KINDS
    ):
        raise ValidationError({"labor_organization": "请选择劳务组织。"})


def _shown(changes: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
    return {
        name: tuple(MASKS[name](value or "") for value in change) if name in MASKS else change
        for name, change in changes.items()
    }


def _groups_text(entries: list[PriorityGroupEntry] | list[WorkerPriorityGroup]) -> str:
    return "、".join(f"{e.group}（{e.source}，{e.recorded_on:%Y-%m-%d}）" for e in entries) or "无"


def _check_groups(region, entries: list[PriorityGroupEntry]) -> None:
    allowed = rules_for(region).priority_group_list
    seen: set[str] = set()
    for entry in entries:
        if entry.group not in allowed:
            raise ValidationError({"priority_groups": f"“{entry.group}”不在本区的重点群体名单中。"})
        if entry.group in seen:
            raise ValidationError({"priority_groups": f"“{entry.group}”重复填写了。"})
        if not entry.source.strip():
            raise ValidationError({"priority_groups": f"请填写“{entry.group}”的认定来源。"})
        check_not_future(
            entry.recorded_on, field="priority_groups", label=f"“{entry.group}”的认定日期"
        )
        seen.add(entry.group)


def _set_groups(worker: Worker, entries: list[PriorityGroupEntry]) -> tuple[str, str] | None:
    """Make the worker's priority groups exactly `entries` (already checked); (old, new) as
    the audit log shows them, or None when nothing changed. A constant number of queries."""
    current = {row.group: row for row in worker.priority_groups.all()}
    wanted = {entry.group: entry for entry in entries}
    before = _groups_text(sorted(current.values(), key=lambda row: row.group))
    gone = [row.pk for group, row in current.items() if group not in wanted]
    changed, added = [], []
    for group, entry in wanted.items():
        row = current.get(group)
        if row is None:
            added.append(
                WorkerPriorityGroup(
                    worker=worker,
                    group=group,
                    source=entry.source.strip(),
                    recorded_on=entry.recorded_on,
                )
            )
        elif (row.source, row.recorded_on) != (entry.source.strip(), entry.recorded_on):
            row.source, row.recorded_on = entry.source.strip(), entry.recorded_on
            changed.append(row)
    if not (gone or changed or added):
        return None
    WorkerPriorityGroup.objects.filter(pk__in=gone).delete()
    WorkerPriorityGroup.objects.bulk_update(changed, ["source", "recorded_on"])
    WorkerPriorityGroup.objects.bulk_create(added)
    after = _groups_text(sorted(entries, key=lambda entry: entry.group))
    return before, after


def survey_responses_join(indexes: list[str]) -> int:
    """Join the townships' survey responses not yet joined to the workers registered with
    these blind indexes (whoever registered them: the office, a labour organisation, a
    contractor's roster, a referral), so that the township keeps seeing its people. One
    UPDATE whatever the number; returns the responses joined."""
    if not indexes:
        return 0
    owner = Worker.objects.filter(id_number_index=OuterRef("id_number_index")).values("pk")[:1]
    return SurveyResponse.objects.filter(id_number_index__in=indexes, worker__isnull=True).update(
        worker=Subquery(owner)
    )


@transaction.atomic
def worker_register(
    *,
    scope: Scope,
    id_number: str,
    name: str,
    first_work_day: datetime.date | None = None,
    priority_groups: list[PriorityGroupEntry] | None = None,
    **data: Any,
) -> WorkerResult:
    """Register a person once. Guarantees: a valid GB 11643 number, not yet registered
    (looked up by its blind index); nobody under MIN_WORKER_AGE on `first_work_day` (today
    when not given); past the region's age limit registered but flagged for review; a labour
    organisation registers its own members; priority groups only from the region's list, each
    with its source and date; the townships' survey responses of the same number that joined
    no worker yet are joined to him (one UPDATE); the audit entry holds masked numbers only."""
    scope.require_write(REGISTRAR_KINDS, "只有协调机制办公室和劳务组织可以登记务工人员。")
    warnings: list[str] = []
    try:
        parsed = parse_id_number(id_number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    index = blind_index(parsed.number)
    if Worker.objects.filter(id_number_index=index).exists():
        raise ValidationError({"id_number": "该身份证号已经登记过，请在务工人员名单中查找。"})
    day = first_work_day or timezone.localdate()
    age = age_on(parsed.birth_date, day)
    if age < MIN_WORKER_AGE:
        raise ValidationError(
            {"id_number": f"{day:%Y年%m月%d日}该人员未满{MIN_WORKER_AGE}周岁，不得招用。"}
        )
    area = scope.area
    rules = rules_for(area)
    limit = rules.age_flag_men if parsed.sex == Sex.MALE else rules.age_flag_women
    if age > limit:
        warnings.append(f"该人员已满{age}周岁，超过本区提示年龄{limit}岁，已标记待复核。")
    _clean_numbers(data, warnings)
    if scope.kind in LABOR_ORG_KINDS:
        data["labor_organization"] = scope.organization
    worker = Worker(
        name=name.strip(),
        id_number=parsed.number,
        id_number_index=index,
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        region=area,
        needs_age_review=age > limit,
        created_by=scope.user,
        **{key: value for key, value in data.items() if key in WORKER_FIELDS},
    )
    _check_places(worker)
    worker.full_clean(exclude=["id_number_index"])
    entries = list(priority_groups or [])
    _check_groups(area, entries)
    worker.save()
    WorkerPriorityGroup.objects.bulk_create(
        WorkerPriorityGroup(
            worker=worker, group=e.group, source=e.source.strip(), recorded_on=e.recorded_on
        )
        for e in entries
    )
    joined = survey_responses_join([index])
    summary = f"登记了务工人员{worker}"
    if entries:
        summary += f"，重点群体：{_groups_text(entries)}"
    if joined:
        summary += f"；关联了{joined}条乡镇摸底调查登记"
    audit_record(
        scope=scope,
        action="worker.register",
        summary=summary,
        target=worker,
        region=area,
    )
    return WorkerResult(worker, warnings)


@transaction.atomic
def worker_update(
    *,
    scope: Scope,
    worker: Worker,
    data: dict[str, Any],
    priority_groups: list[PriorityGroupEntry] | None = None,
) -> WorkerResult:
    """Change a worker's name, contact, household, bank or labour organisation (not the ID
    number: a wrong one is a different person), and, when `priority_groups` is given, make
    his priority groups exactly those. The audit entry shows numbers masked."""
    if not worker_can_edit(scope=scope, worker=worker):
        raise PermissionDenied("您无权修改该务工人员的信息。")
    warnings: list[str] = []
    data = dict(data)
    _clean_numbers(data, warnings)
    if scope.kind in LABOR_ORG_KINDS:
        data.pop("labor_organization", None)
    changes = assign_changes(worker, data, WORKER_FIELDS)
    if changes:
        _check_places(worker)
        worker.full_clean(exclude=["id_number_index"])
    group_change = None
    if priority_groups is not None:
        _check_groups(worker.region, priority_groups)
        group_change = _set_groups(worker, priority_groups)
    if not changes and group_change is None:
        return WorkerResult(worker, warnings)
    if changes:
        worker.save(update_fields=[*changes, "updated_at"])
    shown = labelled(Worker, _shown(changes))
    if group_change is not None:
        shown[GROUPS_LABEL] = group_change
    audit_record(
        scope=scope,
        action="worker.update",
        summary=f"修改了务工人员{worker}的信息",
        target=worker,
        region=worker.region,
        changes=shown,
    )
    return WorkerResult(worker, warnings)


def worker_can_edit(*, scope: Scope, worker: Worker) -> bool:
    """The office of the worker's region and the worker's labour organisation, as editors."""
    if not scope.may_write(REGISTRAR_KINDS):
        return False
    if scope.kind in LABOR_ORG_KINDS:
        return worker.labor_organization_id == scope.organization.pk
    return worker.region.path.startswith(scope.region.path)


@transaction.atomic
def worker_priority_group_add(
    *, scope: Scope, worker: Worker, group: str, source: str, recorded_on: datetime.date
) -> WorkerPriorityGroup:
    """Record that a worker belongs to one of his region's priority groups."""
    if not worker_can_edit(scope=scope, worker=worker):
        raise PermissionDenied("您无权修改该务工人员的信息。")
    groups = rules_for(worker.region).priority_group_list
    if group not in groups:
        raise ValidationError({"group": f"“{group}”不在本区的重点群体名单中。"})
    row = WorkerPriorityGroup(worker=worker, group=group, source=source, recorded_on=recorded_on)
    row.full_clean()
    row.save()
    audit_record(
        scope=scope,
        action="worker.priority_group",
        summary=f"认定务工人员{worker}为{group}（{source}）",
        target=worker,
        region=worker.region,
    )
    return row


@transaction.atomic
def worker_reveal(*, scope: Scope, worker: Worker) -> dict[str, str]:
    """The whole ID number, bank card and phone, for those `worker_can_reveal` allows;
    each reveal is written to the audit log (the entry itself holds nothing unmasked)."""
    if not worker_can_reveal(scope=scope, worker=worker):
        raise PermissionDenied(
            "只有保管该人员记录的单位的填报员、管理员和协调机制办公室的管理员可以查看完整号码。"
        )
    audit_record(
        scope=scope,
        action="worker.reveal",
        summary=f"查看了务工人员{worker}的完整身份证号、银行卡号和电话",
        target=worker,
        region=worker.region,
    )
    return {"id_number": worker.id_number, "bank_card": worker.bank_card, "phone": worker.phone}


__all__ = [
    "REGISTRAR_KINDS",
    "PriorityGroupEntry",
    "WorkerResult",
    "survey_responses_join",
    "worker_can_edit",
    "worker_priority_group_add",
    "worker_register",
    "worker_reveal",
    "worker_update",
]
