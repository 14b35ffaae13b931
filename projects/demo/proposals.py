"""Demo proposals and pre-reviews (issue 14 items 1 and 2).

This year's proposals from two departments (交通局, 水务局) and two townships (河湾镇, 柳林镇)
in every state — draft, submitted, adopted into the list, put in the reserve, returned, and
returned then resubmitted; last year's adopted proposals for the comparison, where 水务局's
figures fall and it has explained why in writing; pre-reviews by 行政审批局 and departments,
one 未落实, one reviewed twice, and projects with none. Deterministic and idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind, Region, User
from projects.models import (
    AnnualList,
    AnnualListEntry,
    Category,
    DeclineExplanation,
    PreReview,
    PreReviewFinding,
    PreReviewStage,
    Project,
    ProjectForecast,
    ProjectLevel,
    ProjectStatus,
    ProjectTownship,
    Proposal,
    ProposalStatus,
)

THIS_YEAR, LAST_YEAR = 2026, 2025
DRAFT, SUBMITTED, ADOPTED = ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.ADOPTED
RESERVED, RETURNED = ProposalStatus.RESERVED, ProposalStatus.RETURNED
RESUBMITTED = "resubmitted"  # returned once, corrected and submitted again (round 2)
PROJECT_STATUS = {
    DRAFT: ProjectStatus.PROPOSED,
    SUBMITTED: ProjectStatus.PROPOSED,
    RESUBMITTED: ProjectStatus.PROPOSED,
    RETURNED: ProjectStatus.PROPOSED,
    ADOPTED: ProjectStatus.LISTED,
    RESERVED: ProjectStatus.RESERVE,
}
RETURN_REASON = (
    "项目建议书未明确以工代赈建设任务和用工环节，预计吸纳当地务工人数测算依据不足；"
    "请补充用工环节清单和劳务报酬测算表后重新提交。"
)

# (proposer, directory category number, owner, name, state, workers, remuneration (万元), township)
PROPOSALS = [
    ("dept-transport", 1, "owner-02", "河湾镇至石桥镇农村公路提质改造工程", DRAFT, 60, "78.00", 1),
    ("dept-transport", 1, "owner-02", "柳林镇旅游环线公路养护工程", SUBMITTED, 85, "96.50", 3),
    ("dept-transport", 1, "owner-02", "青山乡松树沟村通组道路硬化工程", ADOPTED, 120, "138.00", 4),
    ("dept-transport", 1, "owner-02", "杏花镇桃园村产业路建设工程", RESERVED, 45, "52.00", 5),
    ("dept-transport", 1, "owner-02", "东坪乡危桥改造工程", RETURNED, 70, "88.00", 6),
    (
        "dept-transport",
        1,
        "owner-02",
        "龙泉镇泉口村道路安全生命防护工程",
        RESUBMITTED,
        55,
        "61.20",
        7,
    ),
    ("dept-water", 6, "owner-03", "河湾灌区续建配套与节水改造工程", ADOPTED, 90, "104.00", 1),
    ("dept-water", 6, "owner-03", "石桥镇小型灌区渠系改造工程", RETURNED, 40, "46.00", 2),
    ("town-02", 11, "owner-04", "河湾镇柳树村高标准农田建设项目", DRAFT, 50, "55.00", 1),
    ("town-02", 11, "owner-04", "河湾镇前营村高标准农田建设项目", SUBMITTED, 65, "70.00", 1),
    ("town-02", 13, "owner-04", "河湾镇后营村人居环境整治提升工程", ADOPTED, 80, "86.00", 1),
    ("town-02", 13, "owner-04", "河湾镇河湾村村内道路及排水改造工程", RESERVED, 35, "38.50", 1),
    ("town-02", 11, "owner-04", "河湾镇河湾村农田水利设施修复工程", RETURNED, 42, "45.00", 1),
    ("town-02", 13, "owner-04", "河湾镇柳树村污水收集管网工程", RESUBMITTED, 38, "41.00", 1),
    ("town-04", 11, "owner-04", "柳林镇槐树坪村高标准农田建设项目", SUBMITTED, 72, "79.00", 3),
    ("town-04", 13, "owner-04", "柳林镇杏园村人居环境整治提升工程", ADOPTED, 58, "63.00", 3),
    ("town-04", 11, "owner-04", "柳林镇马家湾村土地整治工程", DRAFT, 30, "33.00", 3),
]
# Last year's adopted proposals, taken from the demo's projects of that year: how many each.
LAST_YEARS = {"dept-transport": 2, "dept-water": 3, "town-02": 1, "town-04": 1}
FALLING = "dept-water"  # the one proposer whose figures fall, with its written explanation
EXPLANATION = (
    "2026年本局重点推进河湾灌区续建配套工程，单体规模较大、建设周期跨年度，申报项目数量和"
    "当年预计吸纳务工人数较上年有所减少；石桥镇小型灌区渠系改造工程正按办公室意见补充用工"
    "环节测算，修改后将重新申报。"
)


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def seed_proposals(log: SeedLog, context: dict, projects) -> None:
    district: Region = context["district"]
    organizations = {
        o.code: o for o in Organization.objects.filter(region__path__startswith=district.path)
    }
    categories = {
        c.number: c
        for c in Category.objects.filter(directory__code="district-2024").select_related("domain")
    }
    townships = list(Region.objects.filter(parent=district).order_by("code"))
    office_user = User.objects.filter(username="office_editor").first()
    users = {
        "dept-transport": User.objects.filter(username="department_editor").first(),
        "town-02": User.objects.filter(username="township_editor").first(),
    }
    last_year = _seed_last_year(log, organizations, townships)
    raise_by = _rises(last_year)
    new_projects = []
    for number, (code, category_no, owner, name, state, workers, pay, township) in enumerate(
        PROPOSALS, start=1
    ):
        proposer = organizations[code]
        category = categories[category_no]
        department = (
            proposer
            if proposer.kind == OrganizationKind.DEPARTMENT
            else organizations["dept-agriculture"]
        )
        status = PROJECT_STATUS[state]
        start = datetime.date(THIS_YEAR + (0 if state == ADOPTED else 1), 3 + number % 6, 1)
        total = Decimal(300 + 45 * number) + Decimal("0.00")
        project = upsert(
            Project,
            log,
            {"code": f"SB{THIS_YEAR}-{number:03d}"},
            {
                "name": name,
                "level": ProjectLevel.DISTRICT,
                "region": district,
                "domain": category.domain,
                "category": category,
                "department": department,
                "owner": organizations[owner],
                "proposed_by": proposer,
                "total_investment": total,
                "government_investment": total,
                "work_relief_funds": (total * Decimal("0.15")).quantize(Decimal("0.01")),
                "planned_start": start,
                "planned_end": start + datetime.timedelta(days=240),
                "status": status,
                "description": f"实施{name.removeprefix(townships[township].name)}，"
                "优先吸纳项目所在村脱贫人口和返乡农民工参与土方、砌筑和材料搬运。",
            },
        )
        upsert(ProjectTownship, log, {"project": project, "township": townships[township]}, {})
        upsert(
            ProjectForecast,
            log,
            {"project": project, "year": THIS_YEAR},
            {
                "local_workers": workers + raise_by.get(code, (0, 0))[0],
                "remuneration": Decimal(pay) + raise_by.get(code, (0, 0))[1],
            },
        )
        _seed_proposal(log, project, proposer, state, number, office_user, users.get(code))
        if state == ADOPTED:
            _put_on_list(log, district, project, datetime.date(THIS_YEAR, 4, 10 + number % 10))
        new_projects.append(project)
    # Written by 水务局's staff (no demo account of its own): saved without a recorder.
    explanation, created = DeclineExplanation.objects.get_or_create(
        organization=organizations["dept-water"],
        year=THIS_YEAR,
        defaults={"region": district, "text": EXPLANATION},
    )
    if created:
        log.created += 1
    elif explanation.text != EXPLANATION:
        explanation.text = EXPLANATION
        explanation.save(update_fields=["text"])
        log.updated += 1
    _seed_prereviews(log, organizations, new_projects, projects)


def _seed_proposal(log, project, proposer, state, number, office_user, proposer_user) -> None:
    submitted = datetime.date(THIS_YEAR, 3, 1 + number)
    decided = submitted + datetime.timedelta(days=12)
    values = {
        "proposer": proposer,
        "status": SUBMITTED if state == RESUBMITTED else state,
        "round": 0,
        "submitted_at": None,
        "decided_at": None,
        "decided_by": None,
        "decision_reason": "",
    }
    if state != DRAFT:
        values.update(round=1, submitted_at=_aware(submitted))
    if state in (ADOPTED, RESERVED, RETURNED, RESUBMITTED):
        values.update(decided_at=_aware(decided, 15), decided_by=office_user)
    if state in (RETURNED, RESUBMITTED):
        values["decision_reason"] = RETURN_REASON
    if state == RESERVED:
        values["decision_reason"] = "前期工作尚不成熟，先纳入储备库，待初步设计批复后再列入清单。"
    if state == RESUBMITTED:
        values.update(round=2, submitted_at=_aware(decided + datetime.timedelta(days=9)))
    upsert(Proposal, log, {"project": project, "year": THIS_YEAR}, values)


def _put_on_list(log, district, project, on: datetime.date) -> None:
    annual_list = upsert(
        AnnualList, log, {"region": district, "year": on.year, "level": project.level}, {}
    )
    upsert(
        AnnualListEntry,
        log,
        {"annual_list": annual_list, "project": project},
        {"added_on": on, "added_reason": f"{project.proposed_by.short_name}申报，审核列入"},
    )


def _rises(last_year: dict[str, tuple[int, Decimal]]) -> dict[str, tuple[int, Decimal]]:
    """What to add to each submitted proposal's forecast so that every proposer but 水务局
    proposes more than last year (last year's forecasts come from the generated projects)."""
    rises = {}
    for code, (workers, pay) in last_year.items():
        if code == FALLING:
            continue
        sent = [p for p in PROPOSALS if p[0] == code and p[4] != DRAFT]
        short_workers = workers - sum(p[5] for p in sent)
        short_pay = pay - sum(Decimal(p[6]) for p in sent)
        rises[code] = (
            max(0, short_workers) // len(sent) + 8,
            (max(Decimal(0), short_pay) / len(sent) + Decimal(10)).quantize(Decimal("0.01")),
        )
    return rises


def _seed_last_year(log, organizations, townships) -> dict[str, tuple[int, Decimal]]:
    """Last year's adopted proposals: the demo's projects of that year, chosen in code order
    (a department's own, a township's on its ground), each proposed by its proposer."""
    used: set[int] = set()
    totals = {}
    for code, count in LAST_YEARS.items():
        proposer = organizations[code]
        candidates = Project.objects.filter(
            code__startswith=f"SF{LAST_YEAR}-", forecasts__year=LAST_YEAR
        ).order_by("code")
        if proposer.kind == OrganizationKind.DEPARTMENT:
            candidates = candidates.filter(department=proposer)
        else:
            ground = ProjectTownship.objects.filter(township=proposer.region)
            candidates = candidates.filter(pk__in=ground.values("project"))
        chosen = [p for p in candidates if p.pk not in used][:count]
        forecasts = ProjectForecast.objects.filter(project__in=chosen, year=LAST_YEAR)
        totals[code] = (
            sum(f.local_workers for f in forecasts),
            sum((f.remuneration for f in forecasts), Decimal(0)),
        )
        for project in chosen:
            used.add(project.pk)
            if project.proposed_by_id != proposer.pk:
                project.proposed_by = proposer
                project.save(update_fields=["proposed_by"])
                log.updated += 1
            submitted = datetime.date(LAST_YEAR, 2, 20)
            upsert(
                Proposal,
                log,
                {"project": project, "year": LAST_YEAR},
                {
                    "proposer": proposer,
                    "status": ADOPTED,
                    "round": 1,
                    "submitted_at": _aware(submitted),
                    "decided_at": _aware(submitted + datetime.timedelta(days=15)),
                    "decision_reason": "",
                },
            )
    return totals


def _put_review(log: SeedLog, lookup: dict, values: dict) -> None:
    """Like `upsert`, for reviews recorded by units without a demo account (no reviewer
    person, which `full_clean` would ask for)."""
    review = PreReview.objects.filter(**lookup).first()
    if review is None:
        PreReview.objects.create(**lookup, **values)
        log.created += 1
        return
    changed = [field for field, value in values.items() if getattr(review, field) != value]
    if changed:
        for field in changed:
            setattr(review, field, values[field])
        review.save(update_fields=changed)
        log.updated += 1


def _seed_prereviews(log, organizations, new_projects, projects) -> None:
    """行政审批局 reviews the feasibility studies it approves; the departments the preliminary
    designs of their projects. One 未落实 stands; one was 未落实, then corrected."""
    approval = organizations["member-approval"]
    feasibility, design = PreReviewStage.FEASIBILITY, PreReviewStage.PRELIMINARY_DESIGN
    ok, failed = PreReviewFinding.IMPLEMENTED, PreReviewFinding.NOT_IMPLEMENTED
    by_code = {project.code: project for project in new_projects}
    reviews = [
        # (project, stage, reviewer, date, finding, additions)
        ("SB2026-003", feasibility, approval, (3, 20), ok, ""),
        ("SB2026-003", design, organizations["dept-transport"], (4, 2), ok, ""),
        ("SB2026-007", feasibility, approval, (3, 25), ok, ""),
        ("SB2026-007", design, organizations["dept-water"], (4, 8), ok, ""),
        ("SB2026-011", feasibility, approval, (3, 28), ok, ""),
        ("SB2026-011", design, organizations["dept-agriculture"], (4, 12), ok, ""),
        (
            "SB2026-002",
            feasibility,
            approval,
            (4, 15),
            failed,
            "可行性研究报告未列明可向当地群众提供的就业岗位和劳务报酬测算，请在社会效益评价部分补充。",
        ),
        (
            "SB2026-010",
            feasibility,
            approval,
            (4, 1),
            failed,
            "资金申请报告未体现以工代赈建设任务，请补充用工环节。",
        ),
        ("SB2026-010", feasibility, approval, (5, 6), ok, ""),
        ("SB2026-016", feasibility, approval, (4, 18), ok, ""),
        ("SB2026-016", design, organizations["dept-agriculture"], (5, 9), ok, ""),
        ("SB2026-004", feasibility, approval, (4, 20), PreReviewFinding.NOT_APPLICABLE, ""),
    ]
    for code, stage, reviewer, (month, day), finding, additions in reviews:
        _put_review(
            log,
            {
                "project": by_code[code],
                "stage": stage,
                "reviewed_on": datetime.date(THIS_YEAR, month, day),
            },
            {"reviewer": reviewer, "finding": finding, "additions": additions},
        )
    # Listed projects of the region's list were reviewed by 行政审批局 when they were approved.
    listed = [p for _i, p, _start, _ground in projects if p.status == ProjectStatus.LISTED]
    for number, project in enumerate(listed):
        for stage, reviewer in ((feasibility, approval), (design, project.department)):
            if number % 3 == 2 and stage == design:
                continue  # a few still lack the review of their preliminary design
            _put_review(
                log,
                {
                    "project": project,
                    "stage": stage,
                    "reviewed_on": project.planned_start - datetime.timedelta(days=60),
                },
                {"reviewer": reviewer, "finding": ok, "additions": ""},
            )
