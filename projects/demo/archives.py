"""Demo archives: completed projects with acceptance, handover, settlement, the final audit and
the maintenance responsibility; their archives (some documents in two versions, one project
missing some kinds); evaluations with their unit, participants, scores and report.

Deterministic (dates follow each project's planned end) and idempotent (documents are found by
project, kind and title, versions by number)."""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind
from projects.models import (
    DEFAULT_CRITERIA,
    WORKS_COMPLETE_STATUSES,
    ArchiveKind,
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    DocumentVersion,
    EvaluationScore,
    MaintenanceResponsibility,
    ProjectDocument,
    ReportKind,
)

# Days after the planned end at which each checkpoint after the contract is recorded.
AFTER_CONTRACT_DAYS = {
    CheckpointKind.ACCEPTANCE: 15,
    CheckpointKind.HANDOVER: 30,
    CheckpointKind.SETTLEMENT: 60,
    CheckpointKind.FINAL_AUDIT: 120,
    CheckpointKind.MAINTENANCE: 35,
}
ARCHIVE_TITLES = {
    ArchiveKind.TENDER: ["招标文件", "中标通知书"],
    ArchiveKind.CONSTRUCTION: ["施工日志"],
    ArchiveKind.SUPERVISION: ["监理月报"],
    ArchiveKind.FINANCE: ["工程结算书"],
    ArchiveKind.ACCEPTANCE: ["竣工验收报告"],
    ArchiveKind.LABOR_PAY: ["劳务报酬发放花名册"],
}
# The labour-pay and supervision archives some projects have not filed yet (缺N on the tab).
INCOMPLETE_KINDS = (ArchiveKind.LABOR_PAY, ArchiveKind.SUPERVISION)
COLLECTIVES = ("石桥村股份经济合作社", "河湾村股份经济合作社", "柳林村集体经济合作社")


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _version(log: SeedLog, document, number: int, day: datetime.date, user, name: str) -> None:
    if DocumentVersion.objects.filter(document=document, number=number).exists():
        return
    from projects.demo import DEMO_PDF

    content = DEMO_PDF + f"% {document.title} v{number}\n".encode()
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        uploaded_at=_aware(day),
    )
    version.file.save(name, ContentFile(content), save=False)
    version.save()
    log.created += 1


def _document(log: SeedLog, project, kind: str, title: str, day, user, versions: int = 1):
    document = upsert(
        ProjectDocument,
        log,
        {"project": project, "kind": kind, "title": title},
        {"created_by": user, "created_at": _aware(day)},
    )
    for number in range(1, versions + 1):
        suffix = "" if number == 1 else f"（第{number}版）"
        _version(
            log,
            document,
            number,
            day + datetime.timedelta(days=7 * (number - 1)),
            user,
            f"{title}{suffix}.pdf",
        )
    return document


def store_demo_document(checkpoint: Checkpoint, user) -> None:
    """A checkpoint's document, version 1 (the base checkpoints of the main demo)."""
    _document(
        SeedLog(),
        checkpoint.project,
        checkpoint.kind,
        checkpoint.get_kind_display(),
        checkpoint.date,
        user,
    )


def seed_archives(log: SeedLog, context: dict, projects) -> None:
    from portal.models import User

    user = User.objects.filter(username="owner_editor").first()
    office_user = User.objects.filter(username="office_editor").first()
    today = timezone.localdate()
    completed = [
        (index, project, ground)
        for index, project, _start, ground in projects
        if project.status in WORKS_COMPLETE_STATUSES
    ]
    for index, project, ground in completed:
        _after_contract(log, index, project, ground, user, today)
        _archives(log, index, project, user, today)
        _evaluation(log, index, project, ground, office_user)


def _after_contract(log, index, project, ground, user, today) -> None:
    recent = index % 4 == 3  # the final audit of some projects is still under way
    accepted_on = project.planned_end + datetime.timedelta(
        days=AFTER_CONTRACT_DAYS[CheckpointKind.ACCEPTANCE]
    )
    contract = Checkpoint.objects.filter(project=project, kind=CheckpointKind.CONTRACT).first()
    if contract is None or contract.date > accepted_on:
        return  # acceptance follows the contract: without one, the project shows what is missing
    for kind, days in AFTER_CONTRACT_DAYS.items():
        day = project.planned_end + datetime.timedelta(days=days)
        if day > today or (recent and kind == CheckpointKind.FINAL_AUDIT):
            continue
        checkpoint = upsert(
            Checkpoint,
            log,
            {"project": project, "kind": kind},
            {"date": day, "note": "示范数据", "recorded_by": user},
        )
        # Acceptance reports replaced once (the signed copy after the draft): two versions.
        versions = 2 if kind == CheckpointKind.ACCEPTANCE and index % 2 == 0 else 1
        _document(log, project, kind, checkpoint.get_kind_display(), day, user, versions)
        if kind == CheckpointKind.MAINTENANCE:
            _maintenance(log, index, project, ground, day, user)


def _maintenance(log, index, project, ground, day, user) -> None:
    by_collective = index % 3 == 0
    upsert(
        MaintenanceResponsibility,
        log,
        {"project": project},
        {
            "unit": None if by_collective else project.owner,
            "collective_name": COLLECTIVES[index % len(COLLECTIVES)] if by_collective else "",
            "since": day,
            "planned_workers": 2 + index % 5,
            "note": "日常巡查、清扫保洁和小修养护",
            "recorded_by": user,
        },
    )


def _archives(log, index, project, user, today) -> None:
    missing = INCOMPLETE_KINDS if index % 5 == 1 else ()
    day = min(project.planned_end + datetime.timedelta(days=20), today)
    for kind, titles in ARCHIVE_TITLES.items():
        if kind in missing:
            continue
        for number, title in enumerate(titles):
            versions = 2 if kind == ArchiveKind.LABOR_PAY and index % 3 == 1 else 1
            _document(
                log, project, kind, title, day - datetime.timedelta(days=number), user, versions
            )


def _evaluation(log, index, project, ground, office_user) -> None:
    evaluation = CompletionEvaluation.objects.filter(project=project, version=1).first()
    if evaluation is None:
        return
    townships = Organization.objects.filter(kind=OrganizationKind.TOWNSHIP, region__in=ground)
    participants = [
        project.department,
        project.owner,
        *project.contractors.all(),
        *townships,
    ]
    report = None
    if index % 2 == 0:
        document = _document(
            log,
            project,
            ReportKind.EVALUATION_REPORT,
            ReportKind.EVALUATION_REPORT.label,
            evaluation.evaluated_on,
            office_user,
        )
        report = document.versions.order_by("-number").first()
    upsert(
        CompletionEvaluation,
        log,
        {"pk": evaluation.pk},
        {"evaluating_unit": project.department, "report": report},
    )
    if set(evaluation.participants.all()) != set(participants):
        evaluation.participants.set(participants)
    for order, (criterion, full) in enumerate(DEFAULT_CRITERIA):
        score = full - (index + order) % 4
        upsert(
            EvaluationScore,
            log,
            {"evaluation": evaluation, "order": order},
            {"criterion": criterion, "score": score, "full_score": full},
        )
