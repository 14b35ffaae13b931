"""Demo projects: about 60 key projects across the seven domains and four levels, three years
of annual lists (with additions and withdrawals during the year), labour plans pushed to the
townships, lifecycle checkpoints in various states, evaluations and coordination meetings.

Deterministic (a seeded random generator, fixed dates) and idempotent (records are found by
their natural keys and written only when they differ).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind, Region, RegionLevel, User
from projects.demo.archives import seed_archives, store_demo_document
from projects.demo.meetings import seed_meetings
from projects.demo.proposals import seed_proposals
from projects.demo.types import seed_types
from projects.models import (
    ACCOUNT_CHECKPOINTS,
    BASE_CHECKPOINTS,
    AnnualList,
    AnnualListEntry,
    Category,
    Checkpoint,
    CheckpointKind,
    CompletionEvaluation,
    Directory,
    Judgement,
    LaborPlan,
    PlanNotice,
    Project,
    ProjectContractor,
    ProjectForecast,
    ProjectLevel,
    ProjectStatus,
    ProjectTownship,
)

PROJECT_COUNT = 60
YEARS = (2024, 2025, 2026)
OWNER_BY_DOMAIN = {
    "transport": "owner-02",
    "water": "owner-03",
    "agriculture": "owner-04",
    "disaster_recovery": "owner-01",
}
PHASES = ["", "（一期）", "（二期）", "提升改造"]
LEVELS = (
    [ProjectLevel.DISTRICT] * 5
    + [ProjectLevel.MUNICIPAL] * 2
    + [ProjectLevel.PROVINCIAL, ProjectLevel.NATIONAL]
)
# A tiny valid PDF, so that the demo's checkpoint documents open in a browser.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (DEMO DOCUMENT) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _status_for(index: int, start_year: int) -> str:
    if index in {7, 33}:
        return ProjectStatus.WITHDRAWN
    if start_year == 2024:
        return ProjectStatus.EVALUATED if (index // 3) % 3 == 0 else ProjectStatus.COMPLETED
    if start_year == 2025:
        return ProjectStatus.COMPLETED if index % 5 == 0 else ProjectStatus.UNDER_CONSTRUCTION
    # index % 3 picks the start year, so the status cycles on the index's next digit.
    return [ProjectStatus.RESERVE, ProjectStatus.LISTED, ProjectStatus.UNDER_CONSTRUCTION][
        (index // 3) % 3
    ]


def _planned_end(index: int, start: datetime.date, status: str) -> datetime.date:
    """Works take eight months to two years; a project still being built is mostly on time,
    a few are late (the dashboard flags them)."""
    end = start + datetime.timedelta(days=240 + 30 * (index % 12))
    if status == ProjectStatus.UNDER_CONSTRUCTION and index % 10 != 1:
        end = max(end, datetime.date(2027, 3 + index % 9, 28))
    return end


def seed(log: SeedLog, context: dict) -> None:
    rng = random.Random(20261122)  # noqa: S311 - demo data, not security
    district: Region = context["district"]
    directory = Directory.objects.get(code="district-2024")
    categories = list(
        Category.objects.filter(directory=directory).select_related("domain").order_by("number")
    )
    departments = {
        o.short_name: o for o in Organization.objects.filter(kind=OrganizationKind.DEPARTMENT)
    }
    organizations = {
        o.code: o for o in Organization.objects.filter(region__path__startswith=district.path)
    }
    contractors = [organizations[f"contractor-{n:02d}"] for n in range(1, 11)]
    townships = list(
        Region.objects.filter(level=RegionLevel.TOWNSHIP, parent=district).order_by("code")
    )
    township_orgs = {
        o.region_id: o for o in Organization.objects.filter(kind=OrganizationKind.TOWNSHIP)
    }
    office_user = User.objects.filter(username="office_editor").first()

    projects = []
    for index in range(PROJECT_COUNT):
        category = categories[index % len(categories)]
        start_year = YEARS[index % 3]
        ground = rng.sample(townships, k=1 + index % 2)
        level = LEVELS[index % len(LEVELS)]
        department = departments.get(category.guiding_department) or departments["住房和城乡建设局"]
        total = Decimal(rng.randrange(800, 60000)) + Decimal("0.50")
        government = (total * Decimal(rng.choice([60, 80, 100])) / 100).quantize(Decimal("0.01"))
        relief = (government * Decimal(rng.choice([5, 10, 15])) / 100).quantize(Decimal("0.01"))
        start = datetime.date(start_year, 1 + index % 9, 1 + index % 27)
        status = _status_for(index, start_year)
        project = upsert(
            Project,
            log,
            {"code": f"SF{start_year}-{index + 1:03d}"},
            {
                "name": f"{ground[0].name}{category.name.removesuffix('项目').removesuffix('工程')}工程"
                f"{PHASES[index % len(PHASES)]}",
                "level": level,
                "region": district,
                "domain": category.domain,
                "category": category,
                "department": department,
                "owner": organizations[
                    OWNER_BY_DOMAIN.get(category.domain.code, f"owner-0{1 + index % 5}")
                ],
                "supervisor": organizations["supervisor-01"] if index % 2 == 0 else None,
                "total_investment": total,
                "government_investment": government,
                "work_relief_funds": relief,
                "planned_start": start,
                "planned_end": _planned_end(index, start, status),
                "status": status,
                "withdrawn_reason": "调整为社会投资项目，不再纳入以工代赈实施范围"
                if status == ProjectStatus.WITHDRAWN
                else "",
                "pay_day": 10 + index % 15,
                "requires_wage_account": index % 4 != 3,
                "description": f"实施{category.name}，优先吸纳项目所在地农村劳动力、脱贫人口和返乡农民工务工。",
            },
        )
        # A reserve project has no contractor yet: contracts come after tendering.
        engaged = (
            [] if status == ProjectStatus.RESERVE else rng.sample(contractors, k=1 + index % 2)
        )
        for offset, contractor in enumerate(engaged):
            upsert(
                ProjectContractor,
                log,
                {"project": project, "contractor": contractor},
                {"contract_date": start - datetime.timedelta(days=20 + 5 * offset)},
            )
        for township in ground:
            upsert(ProjectTownship, log, {"project": project, "township": township}, {})
        # Forecasts grow with the project (a few hundred workers on the largest), pay about
        # ¥8,000-20,000 a worker over a year (50-80 days at ¥150-260 a day), and move from one
        # year to the next.
        workers = max(15, min(420, int(total / 120) + rng.randrange(-10, 25)))
        for year in range(start_year, min(start_year + 2, 2027)):
            year_workers = max(10, workers + rng.randrange(-workers // 5, workers // 5 + 1))
            per_worker = Decimal(rng.randrange(50, 81) * rng.randrange(150, 261)) / 10000
            upsert(
                ProjectForecast,
                log,
                {"project": project, "year": year},
                {
                    "local_workers": year_workers,
                    "remuneration": (year_workers * per_worker).quantize(Decimal("0.01")),
                },
            )
        projects.append((index, project, start_year, ground))

    _seed_lists(log, district, projects)
    _seed_plans(log, projects, township_orgs)
    _seed_checkpoints(log, projects, office_user)
    _seed_evaluations(log, projects, office_user)
    # The later topics seed from their own modules of this package, each given the same
    # `projects` list: (index, project, start year, ground townships).
    seed_archives(log, context, projects)
    seed_proposals(log, context, projects)
    seed_meetings(log, context, projects)
    seed_types(log, context, projects)


def _seed_lists(log: SeedLog, district: Region, projects) -> None:
    for index, project, start_year, _ground in projects:
        if project.status == ProjectStatus.RESERVE:
            continue
        last_year = (
            start_year
            if project.status in {ProjectStatus.COMPLETED, ProjectStatus.EVALUATED}
            else 2026
        )
        for year in range(start_year, max(start_year, last_year) + 1):
            annual_list = upsert(
                AnnualList, log, {"region": district, "year": year, "level": project.level}, {}
            )
            added_mid_year = index % 11 == 4 and year == start_year
            added_on = datetime.date(year, 6, 15) if added_mid_year else datetime.date(year, 2, 20)
            withdrawn = project.status == ProjectStatus.WITHDRAWN
            upsert(
                AnnualListEntry,
                log,
                {"annual_list": annual_list, "project": project, "added_on": added_on},
                {
                    "added_reason": "年中动态增补" if added_mid_year else "年初清单",
                    "withdrawn_on": datetime.date(year, 8, 31) if withdrawn else None,
                    "withdrawn_reason": project.withdrawn_reason if withdrawn else "",
                },
            )


def _seed_plans(log: SeedLog, projects, township_orgs) -> None:
    active = {
        ProjectStatus.LISTED,
        ProjectStatus.UNDER_CONSTRUCTION,
        ProjectStatus.COMPLETED,
        ProjectStatus.EVALUATED,
    }
    for index, project, start_year, ground in projects:
        if project.status not in active:
            continue
        stages = list(project.category.stages.order_by("order"))[: 1 + index % 3]
        forecast = project.forecasts.order_by("year").first()
        workers = forecast.local_workers if forecast else 20
        # The forecast workers spread over the stages, the first stage taking the most.
        positions = [max(3, workers * share // 100) for share in (60, 30, 10)[: len(stages)]]
        for number, stage in enumerate(stages):
            start = project.planned_start + datetime.timedelta(days=30 * number)
            published = project.status != ProjectStatus.LISTED or index % 2 == 0
            plan = upsert(
                LaborPlan,
                log,
                {"project": project, "stage": stage},
                {
                    "kind": stage.kind,
                    "positions": positions[number] if number < len(positions) else 8,
                    "start": start,
                    "end": start + datetime.timedelta(days=120),
                    "skills": [
                        "无特殊要求",
                        "有土石方施工经验优先",
                        "持证上岗",
                        "身体健康，能吃苦耐劳",
                    ][(index + number) % 4],
                    "daily_rate": Decimal(150 + 10 * ((index + number) % 12)),
                    "published_at": _aware(start - datetime.timedelta(days=15))
                    if published
                    else None,
                },
            )
            if not published:
                continue
            for township in ground:
                organization = township_orgs.get(township.pk)
                if organization is None:
                    continue
                acknowledged = start_year < 2026 or (index + number) % 3 != 0
                upsert(
                    PlanNotice,
                    log,
                    {"plan": plan, "township": organization},
                    {
                        "acknowledged_at": _aware(start - datetime.timedelta(days=12))
                        if acknowledged
                        else None
                    },
                )


def _seed_checkpoints(log: SeedLog, projects, office_user) -> None:
    for index, project, _start_year, _ground in projects:
        if project.status in {ProjectStatus.RESERVE, ProjectStatus.WITHDRAWN}:
            kinds = [CheckpointKind.FEASIBILITY] if index % 2 == 0 else []
        elif project.status == ProjectStatus.LISTED:
            kinds = [CheckpointKind.FEASIBILITY, CheckpointKind.PRELIMINARY_DESIGN]
        else:
            kinds = list(BASE_CHECKPOINTS + ACCOUNT_CHECKPOINTS)  # after the contract: archives
            if index % 4 == 1:
                kinds.remove(CheckpointKind.PAY_PLEDGE)  # some projects miss their pledge
            if index % 7 == 2:
                kinds.remove(CheckpointKind.CONTRACT)
            if not project.requires_wage_account:
                kinds = [
                    k
                    for k in kinds
                    if k not in {CheckpointKind.WAGE_ACCOUNT, CheckpointKind.PAY_PLEDGE}
                ]
        for number, kind in enumerate(kinds):
            if Checkpoint.objects.filter(project=project, kind=kind).exists():
                continue
            checkpoint = Checkpoint(
                project=project,
                kind=kind,
                date=project.planned_start - datetime.timedelta(days=120 - 20 * number),
                note="示范数据",
                bank="示范农村商业银行" if kind == CheckpointKind.WAGE_ACCOUNT else "",
                account=f"62170000{index:04d}{number:02d}"
                if kind == CheckpointKind.WAGE_ACCOUNT
                else "",
                recorded_by=office_user,
            )
            checkpoint.save()
            store_demo_document(checkpoint, office_user)
            log.created += 1


def _seed_evaluations(log: SeedLog, projects, office_user) -> None:
    for _index, project, _start, _ground in projects:
        if project.status != ProjectStatus.EVALUATED:
            continue
        upsert(
            CompletionEvaluation,
            log,
            {"project": project, "version": 1},
            {
                "evaluated_on": project.planned_end + datetime.timedelta(days=30),
                "judgement": Judgement.GOOD,
                "comments": "项目按要求吸纳当地群众务工，劳务报酬按月足额发放，未发现拖欠。",
                "evaluator": office_user,
            },
        )
