"""Writes of training (培训): a session recorded by those who hold it, and who attended,
passed and was certified. Who may record what: `labor.selectors.training`'s docstring."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from labor.id_numbers import parse_id_number
from labor.models import TrainingKind, TrainingParticipant, TrainingSession, Worker
from labor.selectors import (
    PROJECT_UNIT_KINDS,
    SITE_MODES,
    TRAINING_RECORDER_KINDS,
    training_kinds_for,
    training_projects,
    training_session_can_edit,
    training_townships,
)
from portal.models import TOWNSHIP_KINDS, Organization
from portal.pii import blind_index
from portal.scope import Scope
from portal.services import assign_changes, audit_record, labelled
from projects.models import Project

__all__ = [
    "Attendee",
    "training_participants_set",
    "training_session_record",
    "training_session_update",
]


def _default_township(project: Project | None) -> Organization | None:
    """The township organisation of the project's ground when it stands in one township."""
    if project is None:
        return None
    townships = list(
        Organization.objects.filter(
            kind__in=TOWNSHIP_KINDS, region__in=project.ground.values("township")
        )[:2]
    )
    return townships[0] if len(townships) == 1 else None


def _session_check(
    scope: Scope,
    *,
    kind: str,
    mode: str,
    project: Project | None,
    township: Organization | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    reserve_for_maintenance: bool,
) -> Organization | None:
    """What a session must be, recorded or edited, and its township: the scope may record this
    kind (townships skills only); the project is one the scope sees (owners and contractors:
    one they are party to, and they must name it); the on-site modes name a project; a
    township records for itself; reserve training for maintenance (储备性技能培训) is skills
    training; the end is not before the start."""
    scope.require_write(TRAINING_RECORDER_KINDS, "您所在单位不能登记培训。")
    if kind not in training_kinds_for(scope):
        raise ValidationError(
            {"kind": "乡镇（街道）登记技能培训；安全生产培训由人社、应急等成员单位和项目单位登记。"}
        )
    if project is not None and not training_projects(scope=scope).filter(pk=project.pk).exists():
        raise ValidationError({"project": "只能登记本单位可见项目的培训。"})
    if project is None and scope.kind in PROJECT_UNIT_KINDS:
        raise ValidationError({"project": "请选择本单位参建的项目。"})
    if project is None and mode in SITE_MODES:
        raise ValidationError({"project": "“培训+上岗”和“培训+项目”在项目现场开展，请选择项目。"})
    if scope.kind in TOWNSHIP_KINDS:
        township = scope.organization
    elif (
        township is not None and not training_townships(scope=scope).filter(pk=township.pk).exists()
    ):
        raise ValidationError({"township": "请选择本区的乡镇（街道）。"})
    if township is None:
        township = _default_township(project)
    if reserve_for_maintenance and kind != TrainingKind.SKILLS:
        raise ValidationError({"reserve_for_maintenance": "储备性技能培训应为技能培训。"})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
    return township


@transaction.atomic
def training_session_record(
    *,
    scope: Scope,
    kind: str,
    mode: str,
    title: str,
    provider: str,
    start_date: datetime.date,
    end_date: datetime.date,
    hours: Decimal,
    project: Project | None = None,
    township: Organization | None = None,
    reserve_for_maintenance: bool = False,
) -> TrainingSession:
    """Record a training session. Guarantees: `_session_check`'s, and one audit entry."""
    township = _session_check(
        scope,
        kind=kind,
        mode=mode,
        project=project,
        township=township,
        start_date=start_date,
        end_date=end_date,
        reserve_for_maintenance=reserve_for_maintenance,
    )
    session = TrainingSession(
        organizer=scope.organization,
        kind=kind,
        mode=mode,
        title=title.strip(),
        provider=provider.strip(),
        project=project,
        township=township,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        reserve_for_maintenance=reserve_for_maintenance,
        recorded_by=scope.user,
    )
    session.full_clean()
    session.save()
    reserve = "（储备性技能培训）" if reserve_for_maintenance else ""
    audit_record(
        scope=scope,
        action="training.record",
        summary=f"登记了{session.get_kind_display()}{reserve}“{session}”，{session.get_mode_display()}",
        target=session,
        region=project.region if project else scope.area,
    )
    return session


# What the session's form edits.
SESSION_FIELDS = (
    "kind",
    "mode",
    "title",
    "provider",
    "project",
    "township",
    "start_date",
    "end_date",
    "hours",
    "reserve_for_maintenance",
)


@transaction.atomic
def training_session_update(*, scope: Scope, session: TrainingSession, **data) -> dict:
    """Correct a session its organiser recorded (`training_session_can_edit`). Guarantees:
    `_session_check`'s on the new values; a session whose participants are recorded cannot
    start after today (nobody attends, passes or is certified before it starts); one audit
    entry with what changed, none when nothing did. Returns the changes."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not training_session_can_edit(scope=scope, session=session):
        raise PermissionDenied("只有组织培训的单位可以修改培训。")
    values = {field: data.get(field, getattr(session, field)) for field in SESSION_FIELDS}
    for field in ("title", "provider"):
        values[field] = (values[field] or "").strip()
    values["township"] = _session_check(
        scope,
        **{
            field: values[field]
            for field in SESSION_FIELDS
            if field not in ("title", "provider", "hours")
        },
    )
    today = timezone.localdate()
    if values["start_date"] and values["start_date"] > today and session.participants.exists():
        raise ValidationError(
            {"start_date": f"已登记参训人员的培训，开始日期不能晚于今天（{today:%Y-%m-%d}）。"}
        )
    changes = assign_changes(session, values, SESSION_FIELDS)
    if not changes:
        return changes
    session.full_clean()
    session.save(update_fields=list(changes))
    audit_record(
        scope=scope,
        action="training.update",
        summary=f"修改了培训“{session}”",
        target=session,
        region=session.project.region if session.project else scope.area,
        changes=labelled(TrainingSession, changes),
    )
    return changes


@dataclass(frozen=True)
class Attendee:
    """One participant as a page gives him: a worker chosen (`worker_id`) or an ID number
    typed (`id_number`, on `line` of what was typed), with his result."""

    worker_id: int | None = None
    id_number: str = ""
    passed: bool | None = None
    certificate: str = ""
    line: int | None = None


def _resolve(scope: Scope, attendees: Sequence[Attendee]) -> tuple[dict[int, Attendee], list[str]]:
    """Worker id → attendee; the ID numbers found by blind index in one query, the chosen
    workers checked against those the scope sees in one query."""
    errors: list[str] = []
    typed: dict[str, Attendee] = {}
    for attendee in attendees:
        if attendee.worker_id is not None:
            continue
        where = f"第{attendee.line}行：" if attendee.line else ""
        try:
            parsed = parse_id_number(attendee.id_number)
        except ValidationError as error:
            errors.extend(f"{where}{message}" for message in error.messages)
            continue
        typed[blind_index(parsed.number)] = attendee
    found = dict(
        Worker.objects.filter(id_number_index__in=list(typed)).values_list("id_number_index", "pk")
    )
    by_worker: dict[int, Attendee] = {}
    for index, attendee in typed.items():
        if index not in found:
            where = f"第{attendee.line}行：" if attendee.line else ""
            errors.append(f"{where}该身份证号尚未登记为务工人员，请先登记。")
        else:
            by_worker[found[index]] = attendee
    chosen = {a.worker_id: a for a in attendees if a.worker_id is not None}
    seen = set(
        Worker.objects.visible_to(scope).filter(pk__in=list(chosen)).values_list("pk", flat=True)
    )
    if set(chosen) - seen:
        errors.append("所选人员中有本单位看不到的务工人员。")
    by_worker |= {pk: attendee for pk, attendee in chosen.items() if pk in seen}
    return by_worker, errors


@transaction.atomic
def training_participants_set(
    *,
    scope: Scope,
    session: TrainingSession,
    attendees: Sequence[Attendee] = (),
    remove: Sequence[int] = (),
) -> dict[str, int]:
    """Add or update the session's participants (who attended, passed, certificate) and take
    off the workers in `remove`. Workers are chosen among those the scope sees, or found by
    ID number through the blind index (one query for all). Guarantees: only the organiser's
    editors; every line checked first, nothing written when one is wrong (its line named);
    one audit entry without any ID number."""
    if not training_session_can_edit(scope=scope, session=session):
        raise PermissionDenied("只有组织培训的单位可以登记参训人员。")
    by_worker, errors = _resolve(scope, attendees)
    if errors:
        raise ValidationError({"attendees": errors})
    if session.start_date > timezone.localdate():
        raise ValidationError(
            {
                "attendees": f"培训{session.start_date:%Y年%m月%d日}才开始：参训人员、考核结果和证书"
                "在培训开始后登记。"
            }
        )
    existing = {p.worker_id: p for p in session.participants.all()}
    fresh, changed = [], []
    for worker_id, attendee in by_worker.items():
        certificate = attendee.certificate.strip()[:100]
        if worker_id in existing:
            participant = existing[worker_id]
            if (participant.passed, participant.certificate) != (attendee.passed, certificate):
                participant.passed, participant.certificate = attendee.passed, certificate
                changed.append(participant)
        else:
            fresh.append(
                TrainingParticipant(
                    session=session,
                    worker_id=worker_id,
                    passed=attendee.passed,
                    certificate=certificate,
                )
            )
    # The workers and the session were checked above for all at once: no query a line.
    TrainingParticipant.objects.bulk_create(fresh)
    TrainingParticipant.objects.bulk_update(changed, ["passed", "certificate"])
    added, updated = len(fresh), len(changed)
    removed, _ = session.participants.filter(
        worker_id__in=[pk for pk in remove if pk not in by_worker]
    ).delete()
    if added or updated or removed:
        audit_record(
            scope=scope,
            action="training.participants",
            summary=f"登记“{session}”的参训人员：新增{added}人，更新{updated}人，移除{removed}人",
            target=session,
            region=session.project.region if session.project_id else scope.area,
        )
    return {"added": added, "updated": updated, "removed": removed}
