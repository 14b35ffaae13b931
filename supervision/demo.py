"""Demo supervision: the three levels of inspection on a few projects under construction,
findings in each state (one overdue, one reopened with its history), a supervisor's
observation and one spot-check draw. Fixed dates and a fixed seed; idempotent (each record is
found by its natural key and written only when it differs)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind, User
from projects.models import AnnualListEntry, Project, ProjectStatus
from supervision.models import (
    DecisionOutcome,
    Finding,
    FindingDecision,
    FindingStatus,
    FindingTopic,
    Inspection,
    InspectionLevel,
    Observation,
    Rectification,
    SpotCheckDraw,
)
from supervision.models.draws import draw_sample

# A tiny valid PDF standing for a scanned ledger or a photo sheet.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DRAW_SEED = 20260915
D = datetime.date


def seed(log: SeedLog, context: dict) -> None:
    district = context["district"]
    organizations = {
        o.code: o for o in Organization.objects.filter(region__path__startswith=district.path)
    }
    users = {u.username: u for u in User.objects.filter(username__endswith="_editor")}
    projects = {
        p.code: p
        for p in Project.objects.filter(region=district, status=ProjectStatus.UNDER_CONSTRUCTION)
        .select_related("owner", "department", "supervisor")
        .order_by("code")
    }
    # Projects with the demo contractor (contractor-01) and the demo supervisor where possible.
    ours = [p for p in projects.values() if p.contractors.filter(code="contractor-01").exists()]
    if not ours or len(projects) < 3:
        return
    first = next((p for p in ours if p.supervisor_id), ours[0])
    others = [p for p in projects.values() if p.pk != first.pk and p.contracts.exists()]
    # The patrol is the demo township's (河湾镇, town-02) where a project stands on its ground.
    on_town = [p for p in others if p.townships.filter(code=organizations["town-02"].region_id)]
    second = on_town[0] if on_town else others[0]
    third = next(p for p in others if p.pk != second.pk)
    office, office_user = organizations["drc"], users.get("office_editor")
    contractor = organizations["contractor-01"]

    draw = _seed_draw(log, district, office, office_user)

    spot = _inspection(
        log,
        first,
        InspectionLevel.SPOT_CHECK,
        D(2026, 10, 15),
        office,
        office_user,
        participants=[
            organizations["member-finance"],
            organizations["member-audit"],
            first.department,
        ],
        others="区发展改革局 赵主任\n区财政局 刘科长\n区审计局 陈审计师",
        summary="现场查看用工名册、考勤和9月劳务报酬发放台账，走访务工人员6人。",
    )
    _finding(
        log,
        spot,
        FindingTopic.PAY,
        "9月劳务报酬未按约定的支付日发放，3名务工人员延迟到账12天。",
        D(2026, 11, 10),
        contractor,
        FindingStatus.OPEN,
    )
    reported = _finding(
        log,
        spot,
        FindingTopic.WAGE_LEDGER,
        "8月劳务报酬发放台账缺少4名务工人员的签字确认。",
        D(2026, 12, 15),
        contractor,
        FindingStatus.REPORTED,
    )
    _rectification(
        log,
        reported,
        "已补齐4名务工人员签字，台账重新扫描上传。",
        D(2026, 11, 20),
        contractor,
        users.get("contractor_editor"),
    )
    closed = _finding(
        log,
        spot,
        FindingTopic.LOCAL_HIRING,
        "用工名册中当地务工人员占比偏低，未与所在乡镇对接用工计划。",
        D(2026, 11, 15),
        first.owner,
        FindingStatus.CLOSED,
        closed_on=D(2026, 11, 12),
    )
    report = _rectification(
        log,
        closed,
        "已与乡镇签订劳务对接协议，新增吸纳当地务工人员15人。",
        D(2026, 11, 8),
        first.owner,
        users.get("owner_editor"),
    )
    _decision(log, closed, report, DecisionOutcome.CLOSED, "", D(2026, 11, 12), office, office_user)

    township = (
        organizations["town-02"]
        if on_town
        else Organization.objects.filter(
            kind=OrganizationKind.TOWNSHIP, region__in=second.townships.all()
        ).first()
    )
    patrol = _inspection(
        log,
        second,
        InspectionLevel.PATROL,
        D(2026, 11, 5),
        township or office,
        None,
        participants=[],
        others="镇经济发展办 王干事",
        summary="例行巡查施工现场，核对在岗人员与用工名册。",
    )
    reopened = _finding(
        log,
        patrol,
        FindingTopic.SAFETY_TRAINING,
        "新进场的8名务工人员未参加岗前安全生产培训。",
        D(2026, 12, 20),
        second.contracts.order_by("id").first().contractor,
        FindingStatus.OPEN,
    )
    first_report = _rectification(
        log,
        reopened,
        "已组织补训。",
        D(2026, 11, 12),
        reopened.responsible,
        None,
    )
    _decision(
        log,
        reopened,
        first_report,
        DecisionOutcome.REOPENED,
        "未附培训签到表和考核记录，请补充后重新上报。",
        D(2026, 11, 14),
        office,
        office_user,
    )

    self_check = _inspection(
        log,
        third,
        InspectionLevel.SELF_CHECK,
        D(2026, 11, 12),
        third.owner,
        None,
        participants=[],
        others="",
        summary="业主单位月度自查。",
    )
    _finding(
        log,
        self_check,
        FindingTopic.SKILLS_TRAINING,
        "钢筋工岗位技能培训计划尚未落实。",
        D(2026, 12, 31),
        third.owner,
        FindingStatus.OPEN,
    )
    if draw is not None and draw.result:
        drawn = Project.objects.filter(code=draw.result[0]).first()
        if drawn is not None:
            _inspection(
                log,
                drawn,
                InspectionLevel.SPOT_CHECK,
                D(2026, 9, 28),
                office,
                office_user,
                participants=[organizations["member-audit"]],
                others="",
                summary="按第三季度抽签结果抽查，未发现问题。",
                draw=draw,
            )
    if first.supervisor_id:
        _observation(log, first, users.get("supervisor_editor"))


def _inspection(
    log, project, level, on, organization, user, *, participants, others, summary, draw=None
):
    inspection = upsert(
        Inspection,
        log,
        {"project": project, "level": level, "inspected_on": on},
        {
            "inspecting_organization": organization,
            "other_participants": others,
            "summary": summary,
            "recorded_by": user,
            "draw": draw,
        },
    )
    if set(inspection.participants.all()) != set(participants):
        inspection.participants.set(participants)
    return inspection


def _finding(log, inspection, topic, description, deadline, responsible, status, closed_on=None):
    return upsert(
        Finding,
        log,
        {"inspection": inspection, "topic": topic},
        {
            "description": description,
            "deadline": deadline,
            "responsible": responsible,
            "status": status,
            "closed_on": closed_on,
        },
    )


def _rectification(log, finding, description, on, organization, user):
    found = Rectification.objects.filter(finding=finding, rectified_on=on).first()
    if found is not None:
        return found
    rectification = Rectification(
        finding=finding,
        description=description,
        rectified_on=on,
        organization=organization,
        reported_by=user,
    )
    rectification.evidence.save("整改佐证.pdf", ContentFile(EVIDENCE_PDF), save=False)
    rectification.save()
    log.created += 1
    return rectification


def _decision(log, finding, rectification, outcome, reason, on, organization, user):
    return upsert(
        FindingDecision,
        log,
        {"finding": finding, "outcome": outcome, "decided_on": on},
        {
            "rectification": rectification,
            "reason": reason,
            "organization": organization,
            "decided_by": user,
        },
    )


def _observation(log, project, user):
    upsert(
        Observation,
        log,
        {"project": project, "observed_on": D(2026, 11, 18), "topic": FindingTopic.PAY},
        {
            "text": "抽看10月考勤与工资发放台账，工资已通过专用账户代发到个人银行卡；"
            "现场维权信息告示牌未更新劳资专管员电话，已口头提醒施工单位。",
            "organization": project.supervisor,
            "recorded_by": user,
        },
    )


def _seed_draw(log, district, office, user) -> SpotCheckDraw | None:
    """The third quarter's draw: three of the projects on the 2026 list under construction."""
    listed = AnnualListEntry.objects.filter(annual_list__year=2026, withdrawn_on__isnull=True)
    population = sorted(
        Project.objects.filter(
            region=district,
            status=ProjectStatus.UNDER_CONSTRUCTION,
            pk__in=listed.values("project"),
        ).values_list("code", flat=True)
    )
    if len(population) < 3:
        return None
    return upsert(
        SpotCheckDraw,
        log,
        {"region": district, "title": "2026年第三季度以工代赈项目抽查"},
        {
            "drawn_on": D(2026, 9, 15),
            "seed": DRAW_SEED,
            "criteria": {"在列清单": "2026年清单", "项目状态": "在建"},
            "population": population,
            "size": 3,
            "result": draw_sample(DRAW_SEED, population, 3),
            "organization": office,
            "drawn_by": user,
        },
    )
