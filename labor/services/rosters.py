"""Writes of the roster (用工名册) and its contracts. `engagement_add` is the one way a worker
joins a project's roster from a page or a referral; the roster upload writes in bulk with the
same checks (`labor.importers.rosters`), built from the pieces named here (`roster_worker_build`,
`engagement_rule_errors`, `engagement_conflicts`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from labor.id_numbers import (
    IdNumber,
    Sex,
    age_on,
    bank_card_error,
    luhn_valid,
    normalise_bank_card,
    parse_id_number,
)
from labor.models import (
    ENGAGEMENT_FIELDS,
    Engagement,
    EngagementSource,
    StaffCategory,
    Worker,
)
from labor.services.workers import survey_responses_join
from portal.models import CONTRACTOR_KINDS, Organization, Region, RegionLevel
from portal.pii import blind_index
from portal.rules import MIN_WORKER_AGE, Rules, rules_for
from portal.scope import Scope
from portal.services import assign_changes, audit_record, check_not_future, labelled
from projects.models import Project, ProjectContractor
from projects.services.archives import document_check

__all__ = [
    "engagement_add",
    "engagement_conflicts",
    "engagement_contract_record",
    "engagement_rule_errors",
    "engagement_update",
    "roster_can_write",
    "roster_lock",
    "roster_person_add",
    "roster_worker_build",
]

FAR_FUTURE = datetime.date(9999, 12, 31)
NOT_PARTY = "只有参建该项目的施工单位可以登记其用工名册。"


def roster_lock(project: Project) -> None:
    """Hold the project's row until the transaction ends: rosters of one project are checked
    and written one at a time (a double submit, two uploads, an accept beside an upload), so
    an overlap check cannot pass twice. Call inside `transaction.atomic`."""
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True))


def roster_can_write(*, scope: Scope, project: Project, contractor: Organization) -> bool:
    """A contractor's editors keep its own roster on projects it is party to."""
    return (
        scope.may_write(CONTRACTOR_KINDS)
        and scope.organization.pk == contractor.pk
        and ProjectContractor.objects.filter(project=project, contractor=contractor).exists()
    )


def period_text(entry: datetime.date, exit: datetime.date | None) -> str:
    return f"{entry:%Y-%m-%d} 至 {exit:%Y-%m-%d}" if exit else f"{entry:%Y-%m-%d} 起"


def overlaps(
    entry: datetime.date,
    exit: datetime.date | None,
    other_entry: datetime.date,
    other_exit: datetime.date | None,
) -> bool:
    return entry <= (other_exit or FAR_FUTURE) and other_entry <= (exit or FAR_FUTURE)


def conflict_message(
    worker_name: str,
    other: Engagement,
    contractor_pk: int,
    stage_id: int | None,
    contractor_name: str = "",
) -> str | None:
    """Why `other` (an engagement of the same worker on the same project, overlapping in
    time) keeps a new one out, or None when it does not (same contractor, another stage)."""
    period = period_text(other.entry_date, other.exit_date)
    if other.contractor_id != contractor_pk:
        name = contractor_name or str(other.contractor)
        return f"{worker_name}已在{name}的名册上（{period}），同一项目的用工时间不能重叠。"
    if other.stage_id == stage_id:
        return f"{worker_name}已在本单位该环节的名册上（{period}）。"
    return None


def engagement_conflicts(
    *,
    worker: Worker,
    project: Project,
    contractor: Organization,
    stage_id: int | None,
    entry: datetime.date,
    exit: datetime.date | None,
    exclude_pk: int | None = None,
) -> list[str]:
    """Why this engagement may not be added: the worker is already on another contractor's
    roster on the same project for overlapping days, or on this contractor's for the same
    work stage and overlapping days. One query."""
    overlapping = Engagement.objects.filter(
        worker=worker, project=project, entry_date__lte=exit or FAR_FUTURE
    ).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=entry))
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    problems = []
    for other in overlapping.select_related("contractor"):
        if message := conflict_message(worker.name, other, contractor.pk, stage_id):
            problems.append(message)
    return problems


def engagement_rule_errors(engagement: Engagement, *, birth_date: datetime.date) -> dict:
    """The rules of one engagement that need no query beyond its stage: the age on entry,
    the order of the dates, the stage of the project's category, the pay; {field: message}."""
    errors: dict[str, str] = {}
    entry = engagement.entry_date
    if age_on(birth_date, entry) < MIN_WORKER_AGE:
        errors["entry_date"] = (
            f"{entry:%Y年%m月%d日}{engagement.worker.name}未满{MIN_WORKER_AGE}周岁，不得招用。"
        )
    if engagement.exit_date and engagement.exit_date < entry:
        errors["exit_date"] = "退场日期不能早于进场日期。"
    signed, end = engagement.contract_signed_on, engagement.contract_end
    if signed and end and end < signed:
        errors["contract_end"] = "合同截止日期不能早于劳动合同签订日期。"
    if engagement.stage_id and engagement.stage.category_id != engagement.project.category_id:
        errors["stage"] = f"用工环节「{engagement.stage}」不属于本项目的类别。"
    if engagement.daily_pay is not None and engagement.daily_pay < Decimal(0):
        errors["daily_pay"] = "日工资不能为负数。"
    return errors


def _check(engagement: Engagement, *, exclude_pk: int | None = None) -> None:
    worker = engagement.worker
    errors = engagement_rule_errors(engagement, birth_date=worker.birth_date)
    if errors:
        raise ValidationError(errors)
    check_not_future(
        engagement.contract_signed_on, field="contract_signed_on", label="劳动合同签订日期"
    )
    if problems := engagement_conflicts(
        worker=worker,
        project=engagement.project,
        contractor=engagement.contractor,
        stage_id=engagement.stage_id,
        entry=engagement.entry_date,
        exit=engagement.exit_date,
        exclude_pk=exclude_pk,
    ):
        raise ValidationError({"worker": problems})
    engagement.full_clean(exclude=["contract_scan"])


@transaction.atomic
def engagement_add(
    *,
    scope: Scope,
    project: Project,
    contractor: Organization,
    worker: Worker,
    entry_date: datetime.date,
    source: str = EngagementSource.PAGE,
    **fields: Any,
) -> Engagement:
    """Put a worker on a contractor's roster for a project. Guarantees: the contractor is
    party to the project and the scope writes for it; nobody under MIN_WORKER_AGE on his
    entry date; no overlap with another contractor's roster on the project, nor with his own
    on the same stage; dates in order, the stage of the project's category; the staff
    category defaults to 务工人员; one audit entry."""
    if not roster_can_write(scope=scope, project=project, contractor=contractor):
        raise PermissionDenied(NOT_PARTY)
    roster_lock(project)
    data = {key: value for key, value in fields.items() if key in ENGAGEMENT_FIELDS}
    if not data.get("staff_category"):
        data["staff_category"] = StaffCategory.WORKER
    engagement = Engagement(
        worker=worker,
        project=project,
        contractor=contractor,
        entry_date=entry_date,
        source=source,
        created_by=scope.user,
        **{key: value for key, value in data.items() if key != "entry_date"},
    )
    _check(engagement)
    engagement.save()
    audit_record(
        scope=scope,
        action="engagement.add",
        summary=f"将{worker}登记到{project}的用工名册（{engagement.get_source_display()}）",
        target=engagement,
        region=project.region,
    )
    return engagement


@transaction.atomic
def engagement_update(*, scope: Scope, engagement: Engagement, data: dict[str, Any]) -> Engagement:
    """Change an engagement's stage, trade, category, team, labour organisation, contract
    dates, entry and exit, and pay (the worker, project and contractor stay). The same rules
    as `engagement_add`, the engagement itself left out of the overlap; one audit entry with
    what changed, nothing when nothing did."""
    if not roster_can_write(
        scope=scope, project=engagement.project, contractor=engagement.contractor
    ):
        raise PermissionDenied(NOT_PARTY)
    data = dict(data)
    if "staff_category" in data and not data["staff_category"]:
        data["staff_category"] = StaffCategory.WORKER
    changes = assign_changes(engagement, data, ENGAGEMENT_FIELDS)
    if not changes:
        return engagement
    _check(engagement, exclude_pk=engagement.pk)
    engagement.save(update_fields=[*changes, "updated_at"])
    audit_record(
        scope=scope,
        action="engagement.update",
        summary=f"修改了{engagement.worker}在{engagement.project}用工名册中的信息",
        target=engagement,
        region=engagement.project.region,
        changes=labelled(Engagement, changes),
    )
    return engagement


@transaction.atomic
def engagement_contract_record(
    *,
    scope: Scope,
    engagement: Engagement,
    signed_on: datetime.date,
    scan: UploadedFile | None = None,
) -> Engagement:
    """Record that the labour contract was signed on `signed_on`, with the signed contract's
    scan (checked by its content, as every document of the archive; a new scan replaces the
    old one). Not after today, not after the contract's end. One audit entry."""
    if not roster_can_write(
        scope=scope, project=engagement.project, contractor=engagement.contractor
    ):
        raise PermissionDenied(NOT_PARTY)
    check_not_future(signed_on, field="contract_signed_on", label="劳动合同签订日期")
    if engagement.contract_end and engagement.contract_end < signed_on:
        raise ValidationError({"contract_signed_on": "劳动合同签订日期不能晚于合同截止日期。"})
    if scan is None and not engagement.contract_scan:
        raise ValidationError({"contract_scan": "请上传签订的劳动合同扫描件。"})
    fields = ["contract_signed_on", "updated_at"]
    engagement.contract_signed_on = signed_on
    if scan is not None:
        document_check(scan, field="contract_scan")
        engagement.contract_scan.save(scan.name, scan, save=False)
        fields.append("contract_scan")
    engagement.save(update_fields=fields)
    audit_record(
        scope=scope,
        action="engagement.contract",
        summary=(
            f"登记了{engagement.worker}在{engagement.project}的劳动合同"
            f"（{signed_on:%Y-%m-%d}签订{'，上传扫描件' if scan is not None else ''}）"
        ),
        target=engagement,
        region=engagement.project.region,
    )
    return engagement


# --- a person joins the roster: registered first when new -------------------------------------


def roster_worker_build(
    *,
    parsed: IdNumber,
    name: str,
    area: Region,
    rules: Rules,
    first_day: datetime.date,
    created_by=None,
    index: str = "",
    **data: Any,
) -> tuple[Worker, list[str]]:
    """An unsaved Worker for a person a contractor puts on its roster (the page and the
    upload, which saves them in bulk): his district's record, flagged for review past the
    region's age limit on his first day; with the warnings to show (a Luhn failure, the
    flag). The caller has checked he is not registered and not under age; `index` is the
    number's blind index when the caller has it already (the HMAC once per row)."""
    warnings: list[str] = []
    age = age_on(parsed.birth_date, first_day)
    limit = rules.age_flag_men if parsed.sex == Sex.MALE else rules.age_flag_women
    if age > limit:
        warnings.append(f"{name}已满{age}周岁，超过本区提示年龄{limit}岁，已标记待复核。")
    worker = Worker(
        name=name.strip(),
        id_number=parsed.number,
        id_number_index=index or blind_index(parsed.number),
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        region=area,
        needs_age_review=age > limit,
        created_by=created_by,
        **data,
    )
    return worker, warnings


WORKER_DATA = ("phone", "household_township", "household_village", "bank_name", "bank_card")


def _worker_data(data: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The contact, household and bank of a new worker, numbers normalised: a malformed
    card refused, a Luhn failure a warning (some cards do not follow it); the village must
    lie in the township."""
    data = {key: value for key, value in data.items() if key in WORKER_DATA and value}
    if "bank_card" in data:
        card = normalise_bank_card(data["bank_card"])
        if error := bank_card_error(card):
            raise ValidationError({"bank_card": error})
        if not luhn_valid(card):
            warnings.append("银行卡号未通过校验（Luhn），请与本人核对卡号。")
        data["bank_card"] = card
    if "phone" in data:
        data["phone"] = "".join(str(data["phone"]).split())
    township, village = data.get("household_township"), data.get("household_village")
    if township is not None and township.level != RegionLevel.TOWNSHIP:
        raise ValidationError({"household_township": "请选择乡镇（街道）。"})
    if village is not None and (township is None or village.parent_id != township.pk):
        raise ValidationError({"household_village": "户籍村（社区）应属于所选的户籍乡镇。"})
    return data


@transaction.atomic
def roster_person_add(
    *,
    scope: Scope,
    project: Project,
    contractor: Organization,
    id_number: str,
    name: str,
    entry_date: datetime.date,
    worker_data: dict[str, Any] | None = None,
    **fields: Any,
) -> tuple[Engagement, list[str]]:
    """Put a person on the contractor's roster by his ID number: found by its blind index
    when registered (the name must match the record), registered first when new (with the
    contact, household and bank given; audited, numbers masked); then `engagement_add`.
    Returns the engagement and the warnings to show."""
    if not roster_can_write(scope=scope, project=project, contractor=contractor):
        raise PermissionDenied(NOT_PARTY)
    try:
        parsed = parse_id_number(id_number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    name = (name or "").strip()
    worker = Worker.objects.filter(id_number_index=blind_index(parsed.number)).first()
    warnings: list[str] = []
    if worker is not None:
        if name and worker.name != name:
            raise ValidationError(
                {"name": f"该身份证号已登记为“{worker.name}”，与填写的姓名不一致，请核对。"}
            )
    else:
        if not name:
            raise ValidationError({"name": "请填写姓名。"})
        if age_on(parsed.birth_date, entry_date) < MIN_WORKER_AGE:
            raise ValidationError(
                {
                    "id_number": f"{entry_date:%Y年%m月%d日}该人员未满{MIN_WORKER_AGE}周岁，不得招用。"
                }
            )
        data = _worker_data(worker_data or {}, warnings)
        area = project.region.enclosing_area()
        worker, flagged = roster_worker_build(
            parsed=parsed,
            name=name,
            area=area,
            rules=rules_for(project.region),
            first_day=entry_date,
            created_by=scope.user,
            **data,
        )
        warnings += flagged
        worker.full_clean(exclude=["id_number_index"])
        worker.save()
        survey_responses_join([worker.id_number_index])
        audit_record(
            scope=scope,
            action="worker.register",
            summary=f"登记了务工人员{worker}（{project}用工名册）",
            target=worker,
            region=area,
        )
    engagement = engagement_add(
        scope=scope,
        project=project,
        contractor=contractor,
        worker=worker,
        entry_date=entry_date,
        **fields,
    )
    return engagement, warnings
