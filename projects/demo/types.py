"""Demo project types (seed 001 line 8, seed 004 (五)): a few small and medium rural
infrastructure projects, and work-relief special investment projects that build the supporting
facilities of demo key projects (衔接配套). Deterministic and idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind
from projects.models import (
    AnnualList,
    AnnualListEntry,
    Category,
    Directory,
    Project,
    ProjectForecast,
    ProjectLevel,
    ProjectStatus,
    ProjectTownship,
    ProjectType,
)

YEAR = 2026
# (code, name after the township's, category number, status, total investment (万元),
#  forecast workers, the domain codes of the key projects it supports and how many)
SPECIAL_PROJECTS = (
    (
        "SF2026-ZX01",
        "产业路连接线及错车道工程",
        1,
        ProjectStatus.LISTED,
        "380.00",
        45,
        "transport",
        1,
    ),
    ("SF2026-ZX02", "灌区末级渠系配套工程", 6, ProjectStatus.LISTED, "520.00", 60, "water", 1),
    (
        "SF2026-ZX03",
        "农村公路安全生命防护配套工程",
        1,
        ProjectStatus.RESERVE,
        "260.00",
        30,
        "transport",
        2,
    ),
)
RURAL_PROJECTS = (
    ("SF2026-XX01", "村组道路及排水沟渠整治工程", 13, ProjectStatus.LISTED, "180.00", 35),
    ("SF2026-XX02", "小型农田水利设施修复工程", 11, ProjectStatus.UNDER_CONSTRUCTION, "240.00", 40),
    ("SF2026-XX03", "乡村旅游步道建设工程", 20, ProjectStatus.RESERVE, "150.00", 25),
)
ADDED_REASONS = {
    ProjectType.SPECIAL_INVESTMENT: "以工代赈专项投资，衔接配套重点工程",
    ProjectType.RURAL_SMALL: "中小型农业农村基础设施，以工代赈方式实施",
}
SUPPORTED_STATUSES = (ProjectStatus.LISTED, ProjectStatus.UNDER_CONSTRUCTION)


def seed_types(log: SeedLog, context: dict, projects) -> None:
    district = context["district"]
    directory = Directory.objects.get(code="district-2024")
    categories = {c.number: c for c in Category.objects.filter(directory=directory)}
    departments = {
        o.short_name: o for o in Organization.objects.filter(kind=OrganizationKind.DEPARTMENT)
    }
    owners = {
        o.code: o
        for o in Organization.objects.filter(
            kind=OrganizationKind.OWNER, region__path__startswith=district.path
        )
    }
    # Key projects being listed or built, by domain, in the main seed's order.
    key_projects: dict[str, list[tuple[Project, list]]] = {}
    for _index, project, _start, ground in projects:
        if project.project_type == ProjectType.KEY and project.status in SUPPORTED_STATUSES:
            key_projects.setdefault(project.domain.code, []).append((project, ground))

    def register(code, name, number, status, total, workers, project_type, ground):
        category = categories[number]
        department = departments.get(category.guiding_department) or departments["住房和城乡建设局"]
        total = Decimal(total)
        start = datetime.date(YEAR, 4, 10)
        project = upsert(
            Project,
            log,
            {"code": code},
            {
                "name": f"{ground[0].name}{name}",
                "level": ProjectLevel.DISTRICT,
                "project_type": project_type,
                "region": district,
                "domain": category.domain,
                "category": category,
                "department": department,
                "owner": owners.get("owner-04") or next(iter(owners.values())),
                "total_investment": total,
                "government_investment": total,
                "work_relief_funds": (total * Decimal("0.6")).quantize(Decimal("0.01")),
                "planned_start": start,
                "planned_end": datetime.date(YEAR, 11, 30),
                "status": status,
                "pay_day": 15,
                "requires_wage_account": False,
                "description": f"以工代赈方式实施{name}，劳务报酬占中央资金比例不低于30%，"
                "优先吸纳项目所在地脱贫人口和返乡农民工务工。",
            },
        )
        for township in ground:
            upsert(ProjectTownship, log, {"project": project, "township": township}, {})
        upsert(
            ProjectForecast,
            log,
            {"project": project, "year": YEAR},
            {
                "local_workers": workers,
                "remuneration": (total * Decimal("0.3")).quantize(Decimal("0.01")),
            },
        )
        if status != ProjectStatus.RESERVE:
            annual_list = upsert(
                AnnualList,
                log,
                {"region": district, "year": YEAR, "level": ProjectLevel.DISTRICT},
                {},
            )
            upsert(
                AnnualListEntry,
                log,
                {"annual_list": annual_list, "project": project, "added_on": start},
                {"added_reason": ADDED_REASONS[project_type]},
            )
        return project

    for code, name, number, status, total, workers, domain, count in SPECIAL_PROJECTS:
        supported = key_projects.get(domain, [])[:count]
        if not supported:
            continue
        project = register(
            code,
            name,
            number,
            status,
            total,
            workers,
            ProjectType.SPECIAL_INVESTMENT,
            supported[0][1],
        )
        wanted = {key.pk for key, _ground in supported}
        if set(project.supports.values_list("pk", flat=True)) != wanted:
            project.supports.set(wanted)
            log.updated += 1

    townships = sorted(
        {township for _i, _p, _s, ground in projects for township in ground},
        key=lambda region: region.code,
    )
    for offset, (code, name, number, status, total, workers) in enumerate(RURAL_PROJECTS):
        ground = [townships[(offset * 3) % len(townships)]]
        register(code, name, number, status, total, workers, ProjectType.RURAL_SMALL, ground)
