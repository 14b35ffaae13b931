"""Writes of the townships' labour-force surveys (劳动力就业意愿和技能水平摸底调查) and policy
briefings (政策宣讲). Personal numbers reach the audit log masked only."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from labor.id_numbers import IdNumber, age_on, parse_id_number
from labor.models import (
    MONTHS,
    BriefingPhoto,
    LaborSurvey,
    PolicyBriefing,
    SurveyResponse,
    Worker,
)
from labor.selectors.surveys import survey_can_write, survey_response_can_reveal, survey_villages
from portal.models import TOWNSHIP_KINDS, Organization, Region
from portal.pii import blind_index, mask_phone
from portal.rules import MIN_WORKER_AGE, rules_for
from portal.scope import Scope
from portal.services import assign_changes, audit_record, labelled

# What a response carries besides the person's ID number (the form, the upload and the
# service take it from here).
RESPONSE_FIELDS = (
    "name",
    "village",
    "willing",
    "skills",
    "certificates",
    "months_available",
    "preferred_work",
    "travel_km",
    "priority_groups",
    "phone",
)
ALL_MONTHS = "1" * MONTHS
MONTHS_HELP = "写成“3-11”“1-3,9-12”或“全年”（1—12月）。"
PHOTO_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 9


# --- parsing shared by the page and the upload ---------------------------------------------


def survey_months_parse(text: str) -> str:
    """ "3-11", "1-3,9-12", "3、5、7", "全年" as the 12-character "0"/"1" string, January
    first; ValidationError (a message without the field) for anything else."""
    text = re.sub(r"\s+", "", str(text or "")).translate(
        str.maketrans("－—～~，、；;至到", "----,,,,--")
    )
    text = text.replace("月", "")
    if text in ("", "全年", "1-12"):
        return ALL_MONTHS
    if text in ("无", "0", "不可"):
        return "0" * MONTHS
    chosen = set()
    for part in filter(None, text.split(",")):
        match = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", part)
        if not match:
            raise ValidationError(f"无法识别可务工月份“{text}”：{MONTHS_HELP}")
        first, last = int(match[1]), int(match[2] or match[1])
        if not (1 <= first <= MONTHS and 1 <= last <= MONTHS) or last < first:
            raise ValidationError(f"可务工月份“{part}”不在1—12月之间或起止颠倒：{MONTHS_HELP}")
        chosen.update(range(first, last + 1))
    return "".join("1" if month in chosen else "0" for month in range(1, MONTHS + 1))


def survey_months_text(months: str) -> str:
    """The 12-character string back as "3-11" or "1-3,9-12" (全年 when all)."""
    if months == ALL_MONTHS:
        return "全年"
    spans, start = [], None
    for month in range(1, MONTHS + 2):
        on = month <= MONTHS and months[month - 1] == "1"
        if on and start is None:
            start = month
        elif not on and start is not None:
            spans.append(f"{start}" if start == month - 1 else f"{start}-{month - 1}")
            start = None
    return ",".join(spans) or "无"


def survey_groups_check(groups: list[str] | str, allowed: list[str]) -> str:
    """The priority groups one a line, each from the region's list (ValidationError naming
    the first one that is not)."""
    if isinstance(groups, str):
        groups = re.split(r"[\n、，,；;]+", groups)
    chosen = [group.strip() for group in groups if group and group.strip()]
    for group in chosen:
        if group not in allowed:
            raise ValidationError(f"“{group}”不在本区的重点群体名单中（{'、'.join(allowed)}）。")
    return "\n".join(dict.fromkeys(chosen))


def survey_village_check(village: Region | None, township: Organization) -> None:
    if village is not None and not survey_villages(township).filter(pk=village.pk).exists():
        raise ValidationError({"village": f"“{village.name}”不是{township}所辖的村（社区）。"})


def survey_person_check(parsed: IdNumber, *, on: datetime.date) -> None:
    """Only people of working age enter the pool."""
    if age_on(parsed.birth_date, on) < MIN_WORKER_AGE:
        raise ValidationError(f"该人员未满{MIN_WORKER_AGE}周岁，不能登记为务工人员。")


def _phone(value: Any) -> str:
    return "".join(str(value or "").split())


# --- surveys --------------------------------------------------------------------------------


@transaction.atomic
def survey_open(
    *,
    scope: Scope,
    year: int,
    title: str,
    opened_on: datetime.date,
    closed_on: datetime.date | None = None,
) -> LaborSurvey:
    """A township opens its survey campaign of a year. Guarantees: only a township's editors;
    the dates lie in order and the opening is not in the future; no two campaigns of one
    township and year share a name; one audit entry."""
    scope.require_write(TOWNSHIP_KINDS, "只有乡镇（街道）的填报员可以开展摸底调查。")
    title = title.strip()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": "开始日期不能晚于今天。"})
    if closed_on is not None and closed_on < opened_on:
        raise ValidationError({"closed_on": "结束日期不能早于开始日期。"})
    if opened_on.year != year:
        raise ValidationError({"opened_on": f"开始日期应在{year}年内。"})
    if LaborSurvey.objects.filter(township=scope.organization, year=year, title=title).exists():
        raise ValidationError({"title": f"本镇{year}年已有名为“{title}”的摸底调查。"})
    survey = LaborSurvey(
        township=scope.organization,
        year=year,
        title=title,
        opened_on=opened_on,
        closed_on=closed_on,
        created_by=scope.user,
    )
    survey.full_clean()
    survey.save()
    audit_record(
        scope=scope,
        action="survey.open",
        summary=f"开展了{year}年劳动力状况摸底调查“{title}”",
        target=survey,
        region=scope.organization.region,
    )
    return survey


@dataclass
class ResponseResult:
    response: SurveyResponse
    created: bool


def _shown(changes: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
    return {
        name: tuple(mask_phone(value or "") for value in change) if name == "phone" else change
        for name, change in changes.items()
    }


@transaction.atomic
def survey_response_save(
    *, scope: Scope, survey: LaborSurvey, id_number: Any, **data: Any
) -> ResponseResult:
    """Record one person in a survey, or update his row when the survey has him already (the
    same ID number). Guarantees: the survey's own township writes; a valid GB 11643 number,
    kept encrypted and found by its blind index; nobody under MIN_WORKER_AGE; the village is
    the township's; priority groups from the region's list; the response joins the Worker
    of the same number when there is one; one audit entry with masked numbers."""
    if not survey_can_write(scope=scope, survey=survey):
        raise PermissionDenied("只有开展该调查的乡镇（街道）的填报员可以登记调查对象。")
    try:
        parsed = parse_id_number(id_number)
        survey_person_check(parsed, on=timezone.localdate())
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    values = {key: value for key, value in data.items() if key in RESPONSE_FIELDS}
    values["name"] = str(values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError({"name": "请填写姓名。"})
    for name in ("skills", "certificates", "preferred_work"):
        values[name] = str(values.get(name) or "").strip()
    values["phone"] = _phone(values.get("phone"))
    months = values.get("months_available", ALL_MONTHS)
    if not re.fullmatch(rf"[01]{{{MONTHS}}}", months or ""):
        raise ValidationError({"months_available": f"可务工月份无效：{MONTHS_HELP}"})
    try:
        values["priority_groups"] = survey_groups_check(
            values.get("priority_groups") or [],
            rules_for(survey.township.region).priority_group_list,
        )
    except ValidationError as error:
        raise ValidationError({"priority_groups": error.messages}) from None
    survey_village_check(values.get("village"), survey.township)
    index = blind_index(parsed.number)
    worker = Worker.objects.filter(id_number_index=index).first()
    response = (
        SurveyResponse.objects.select_for_update()
        .filter(survey=survey, id_number_index=index)
        .order_by("pk")
        .first()
    )
    created = response is None
    if created:
        response = SurveyResponse(
            survey=survey,
            id_number=parsed.number,
            id_number_index=index,
            birth_date=parsed.birth_date,
            sex=parsed.sex,
            worker=worker,
            recorded_by=scope.user,
            **values,
        )
        response.full_clean(exclude=["id_number_index"])
        response.save()
        SurveyResponse.objects.filter(pk=response.pk).mark_latest()
        response.refresh_from_db(fields=["is_latest"])
        audit_record(
            scope=scope,
            action="survey.response",
            summary=f"在“{survey.title}”中登记了{response}",
            target=survey,
            region=survey.township.region,
        )
        return ResponseResult(response, True)
    changes = assign_changes(response, {**values, "worker": worker}, (*RESPONSE_FIELDS, "worker"))
    response.recorded_by = scope.user
    response.full_clean(exclude=["id_number_index"])
    response.save(update_fields=[*changes, "recorded_by", "recorded_at"])
    if changes:
        audit_record(
            scope=scope,
            action="survey.response",
            summary=f"在“{survey.title}”中修改了{response}的登记",
            target=survey,
            region=survey.township.region,
            changes=labelled(SurveyResponse, _shown(changes)),
        )
    return ResponseResult(response, False)


@transaction.atomic
def survey_response_reveal(*, scope: Scope, response: SurveyResponse) -> dict[str, str]:
    """The whole ID number and phone of a surveyed person, for those
    `survey_response_can_reveal` allows; each reveal is in the audit log (masked)."""
    if not survey_response_can_reveal(scope=scope, response=response):
        raise PermissionDenied(
            "只有开展该调查的乡镇（街道）的填报员、管理员和协调机制办公室的管理员可以查看完整号码。"
        )
    audit_record(
        scope=scope,
        action="survey.reveal",
        summary=f"查看了摸底调查对象{response}的完整身份证号和电话",
        target=response.survey,
        region=response.survey.township.region,
    )
    return {"id_number": response.id_number, "phone": response.phone}


# --- briefings ------------------------------------------------------------------------------


def briefing_photo_check(upload: UploadedFile, *, field: str = "photos") -> None:
    """A photo is a PNG or a JPEG by its content (not its name), at most MAX_PHOTO_BYTES."""
    name = upload.name or "照片"
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {field: f"照片“{name}”太大：每张不能超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB。"}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature, _kind in PHOTO_SIGNATURES):
        raise ValidationError(
            {field: f"“{name}”不是 JPG 或 PNG 图片（按文件内容判断），请上传照片原图。"}
        )


def _digest(upload: UploadedFile) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transaction.atomic
def briefing_record(
    *,
    scope: Scope,
    held_on: datetime.date,
    topic: str,
    people_reached: int,
    village: Region | None = None,
    note: str = "",
    photos: list[UploadedFile] | tuple = (),
) -> PolicyBriefing:
    """A township records a policy briefing it held. Guarantees: only a township's editors;
    the date is not in the future; the village is the township's; at least one person
    reached; every photo a real JPG or PNG within the size bound, stored under the briefing
    and served only through a scope-checked page; one audit entry."""
    scope.require_write(TOWNSHIP_KINDS, "只有乡镇（街道）的填报员可以登记政策宣讲。")
    township = scope.organization
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "宣讲日期不能晚于今天。"})
    if people_reached is None or people_reached < 1:
        raise ValidationError({"people_reached": "覆盖人数至少为1人。"})
    survey_village_check(village, township)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"每次最多上传 {MAX_PHOTOS} 张照片。"})
    for photo in photos:
        briefing_photo_check(photo)
    briefing = PolicyBriefing(
        township=township,
        held_on=held_on,
        village=village,
        topic=topic.strip(),
        people_reached=people_reached,
        note=note.strip(),
        recorded_by=scope.user,
    )
    briefing.full_clean()
    briefing.save()
    for photo in photos:
        row = BriefingPhoto(
            briefing=briefing,
            original_name=(photo.name or "照片")[:200],
            size=photo.size,
            sha256=_digest(photo),
        )
        row.file.save(photo.name or "photo.jpg", photo, save=False)
        row.save()
    audit_record(
        scope=scope,
        action="briefing.record",
        summary=(
            f"登记了{held_on:%Y-%m-%d}在{village or township}开展的政策宣讲“{briefing.topic}”"
            f"（覆盖{people_reached}人，照片{len(photos)}张）"
        ),
        target=briefing,
        region=township.region,
    )
    return briefing


__all__ = [
    "ALL_MONTHS",
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "RESPONSE_FIELDS",
    "ResponseResult",
    "briefing_photo_check",
    "briefing_record",
    "survey_groups_check",
    "survey_months_parse",
    "survey_months_text",
    "survey_open",
    "survey_person_check",
    "survey_response_reveal",
    "survey_response_save",
    "survey_village_check",
]
