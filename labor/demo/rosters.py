"""The demo's rosters: every demo project built in the demo year has its contractors' rosters
(mostly local 务工人员 from the townships it stands on, some managers and technicians, the
labour organisations' members in their teams); projects completed before it keep the roster
they had; some workers move on to another site when theirs is finished; completed projects
under a maintenance responsibility keep a few people on the maintenance stage (零工变长工),
most of whom worked on the construction first.

Everything is planned in memory from the seeded generator, then the engagements missing
(keyed by worker, project, contractor, stage and entry date) are inserted in bulk."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from labor.demo.bulk import create_missing
from labor.demo.people import Person
from labor.models import Engagement, EngagementSource, StaffCategory, Team
from portal.demo import DISTRICT, SeedLog
from portal.models import Organization, Region, User
from projects.models import (
    WORKS_COMPLETE_STATUSES,
    MaintenanceResponsibility,
    Project,
    ProjectStatus,
    StageKind,
    WorkStage,
)

DEMO_YEAR = 2026
YEAR_START = datetime.date(DEMO_YEAR, 1, 1)
# Attendance runs to the last complete month of the demo (the seed's fixed "today").
LAST_DAY = datetime.date(DEMO_YEAR, 10, 31)
ROSTER_SHARE = 0.42  # of the year's forecast local workers, shared among the contractors
PAST_SHARE = 0.15
MAINTENANCE_PROJECTS = 10
GENERAL_TRADES = (
    "普工",
    "普工",
    "普工",
    "钢筋工",
    "木工",
    "砌筑工",
    "混凝土工",
    "机械操作手",
    "电工",
)
SUPPORT_TRADES = ("炊事员", "保洁员", "安保员", "驾驶员")
MANAGER_TRADES = ("施工员", "安全员", "资料员", "劳资专管员")
TECHNICIAN_TRADES = ("测量员", "质检员", "试验员")


@dataclass
class Site:
    """A demo project as the rosters need it."""

    project: Project
    contractors: list[Organization]
    ground: list[str]  # township Region pks (codes)
    stages: dict[str, list[WorkStage]]
    workers: int  # forecast local workers of the demo year (or the latest)
    responsibility: MaintenanceResponsibility | None = None

    @property
    def finished_in_year(self) -> bool:
        return (
            self.project.status in WORKS_COMPLETE_STATUSES
            and self.project.planned_end.year == DEMO_YEAR
        )


@dataclass
class EngagementPlan:
    person: Person
    site: Site
    contractor: Organization
    stage: WorkStage | None
    entry_date: datetime.date
    exit_date: datetime.date | None = None
    trade: str = "普工"
    staff_category: str = StaffCategory.WORKER
    daily_pay: Decimal = Decimal(200)
    contract_signed_on: datetime.date | None = None
    contract_end: datetime.date | None = None
    team: Team | None = None
    labor_org: Organization | None = None
    source: str = EngagementSource.UPLOAD
    created_by: User | None = None
    pk: int | None = None

    @property
    def key(self) -> tuple:
        return (
            self.person.pk,
            self.site.project.pk,
            self.contractor.pk,
            self.stage.pk if self.stage else None,
            self.entry_date,
        )

    @property
    def maintenance(self) -> bool:
        return self.stage is not None and self.stage.kind == StageKind.MAINTENANCE


@dataclass
class Rosters:
    plans: list[EngagementPlan] = field(default_factory=list)
    busy: set[int] = field(default_factory=set)  # id() of people working in the demo year
    pools: dict[str | None, list[Person]] = field(default_factory=dict)


def load_sites(district: Region) -> tuple[list[Site], list[Site]]:
    """(sites built in the demo year, sites finished before it), in code order."""
    projects = (
        Project.objects.filter(
            region=district,
            status__in=[ProjectStatus.UNDER_CONSTRUCTION, *WORKS_COMPLETE_STATUSES],
        )
        .select_related("category")
        .prefetch_related("contracts__contractor", "ground", "forecasts", "category__stages")
        .order_by("code")
    )
    responsibilities = {
        r.project_id: r for r in MaintenanceResponsibility.objects.filter(project__region=district)
    }
    current, past = [], []
    for project in projects:
        contractors = sorted((c.contractor for c in project.contracts.all()), key=lambda o: o.code)
        if not contractors:
            continue
        stages: dict[str, list[WorkStage]] = {}
        for stage in project.category.stages.all():
            stages.setdefault(stage.kind, []).append(stage)
        forecasts = sorted(project.forecasts.all(), key=lambda f: f.year)
        this_year = [f for f in forecasts if f.year == DEMO_YEAR]
        workers = (this_year or forecasts[-1:])[0].local_workers if forecasts else 30
        site = Site(
            project,
            contractors,
            [g.township_id for g in project.ground.all()],
            stages,
            workers,
            responsibilities.get(project.pk),
        )
        if project.planned_start > LAST_DAY:
            continue
        if project.status == ProjectStatus.UNDER_CONSTRUCTION or site.finished_in_year:
            current.append(site)
        elif project.planned_end < YEAR_START:
            past.append(site)
    return current, past


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class RosterPlanner:
    def __init__(self, rng: random.Random, people: list[Person], teams, users) -> None:
        self.rng = rng
        self.teams = teams  # organisation pk -> [Team]
        self.users = users  # contractor code -> the user who keeps its roster
        self.rosters = Rosters()
        pools: dict[str | None, list[Person]] = {}
        for person in people:
            local = person.township is not None and person.township.code.startswith(DISTRICT[0])
            pools.setdefault(person.township.pk if local else None, []).append(person)
        for pool in pools.values():
            rng.shuffle(pool)
        self.rosters.pools = pools

    def take(self, township: str | None) -> Person | None:
        """The next free person of a township's pool (None: of no district township), else
        of any other pool."""
        pools = self.rosters.pools
        order = [township, *sorted((k for k in pools if k != township), key=lambda k: k or "")]
        for key in order:
            if pools.get(key):
                return pools[key].pop()
        return None

    def plan(self, site: Site, contractor: Organization, person: Person, **dates) -> EngagementPlan:
        rng = self.rng
        draw = rng.random()
        category = StaffCategory.WORKER
        if draw < 0.04:
            category = StaffCategory.MANAGER
        elif draw < 0.07:
            category = StaffCategory.TECHNICIAN
        elif draw < 0.09 and person.labor_org:
            category = StaffCategory.ORGANIZER
        general = site.stages.get(StageKind.GENERAL_LABOR, [])
        support = site.stages.get(StageKind.SUPPORT_SERVICE, [])
        if category == StaffCategory.WORKER and support and rng.random() < 0.15:
            stage, trade = rng.choice(support), rng.choice(SUPPORT_TRADES)
        else:
            stage = rng.choice(general) if general else None
            trade = {
                StaffCategory.MANAGER: rng.choice(MANAGER_TRADES),
                StaffCategory.TECHNICIAN: rng.choice(TECHNICIAN_TRADES),
                StaffCategory.ORGANIZER: "带班负责人",
            }.get(category, rng.choice(GENERAL_TRADES))
        if rng.random() < 0.05:
            stage = None  # not assigned to a stage yet
        pay = {
            StaffCategory.MANAGER: rng.randrange(350, 490, 10),
            StaffCategory.TECHNICIAN: rng.randrange(300, 430, 10),
            StaffCategory.ORGANIZER: rng.randrange(260, 330, 10),
        }.get(category, rng.randrange(160, 290, 10))
        plan = EngagementPlan(
            person=person,
            site=site,
            contractor=contractor,
            stage=stage,
            trade=trade,
            staff_category=category,
            daily_pay=Decimal(pay),
            source=EngagementSource.UPLOAD if rng.random() < 0.7 else EngagementSource.PAGE,
            created_by=self.users.get(contractor.code),
            **dates,
        )
        self.contract(plan)
        if person.labor_org:
            teams = self.teams.get(person.labor_org, [])
            plan.team = rng.choice(teams) if teams else None
            plan.labor_org = plan.team.organization if plan.team else None
        self.rosters.plans.append(plan)
        return plan

    def contract(self, plan: EngagementPlan) -> None:
        """Signed on entry mostly; a few without a contract, a few past its end."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.05:
            return
        plan.contract_signed_on = plan.entry_date - datetime.timedelta(days=rng.randint(0, 3))
        if draw < 0.09 and plan.exit_date is None:
            plan.contract_end = _day_between(
                rng, max(plan.entry_date, datetime.date(DEMO_YEAR, 6, 1)), LAST_DAY
            )
        else:
            # To the works' end; a late project's contracts were extended to the year's end.
            building = plan.site.project.status == ProjectStatus.UNDER_CONSTRUCTION
            plan.contract_end = max(
                plan.site.project.planned_end,
                plan.entry_date + datetime.timedelta(days=90),
                datetime.date(DEMO_YEAR, 12, 31) if building else plan.entry_date,
            )

    def current(self, site: Site) -> None:
        rng, project = self.rng, self.site_dates(site)
        start, end = project
        for contractor in site.contractors:
            size = max(12, min(110, int(site.workers * ROSTER_SHARE / len(site.contractors))))
            for number in range(size):
                draw = rng.random()
                if draw < 0.78:  # mostly people of the townships the project stands on
                    township = site.ground[number % len(site.ground)]
                elif draw < 0.86:  # from outside the district or with no township recorded
                    township = None
                else:
                    township = rng.choice(sorted(k for k in self.rosters.pools if k))
                person = self.take(township)
                if person is None:
                    return
                if start.year < DEMO_YEAR and rng.random() < 0.85:
                    entry = start + datetime.timedelta(days=rng.randint(0, 60))
                else:
                    entry = _day_between(
                        rng,
                        max(start, datetime.date(DEMO_YEAR, 2, 25)),
                        min(end, max(start, datetime.date(DEMO_YEAR, 9, 30))),
                    )
                exit_date = None
                if site.finished_in_year:
                    exit_date = max(entry, end - datetime.timedelta(days=rng.randint(0, 15)))
                elif rng.random() < 0.12 and entry < datetime.date(DEMO_YEAR, 8, 1):
                    exit_date = _day_between(
                        rng, max(entry, YEAR_START) + datetime.timedelta(days=30), LAST_DAY
                    )
                self.plan(site, contractor, person, entry_date=entry, exit_date=exit_date)
                self.rosters.busy.add(id(person))

    def site_dates(self, site: Site) -> tuple[datetime.date, datetime.date]:
        project = site.project
        end = project.planned_end if site.finished_in_year else LAST_DAY
        return project.planned_start, end

    def past(self, site: Site) -> None:
        rng, project = self.rng, site.project
        for contractor in site.contractors:
            size = max(6, min(40, int(site.workers * PAST_SHARE / len(site.contractors))))
            for number in range(size):
                person = self.take(site.ground[number % len(site.ground)])
                if person is None:
                    return
                entry = project.planned_start + datetime.timedelta(days=rng.randint(0, 60))
                leave = max(
                    entry, project.planned_end - datetime.timedelta(days=rng.randint(0, 20))
                )
                self.plan(site, contractor, person, entry_date=entry, exit_date=leave)

    def movers(self, finished: list[Site], building: list[Site]) -> set[int]:
        """Some workers of a site finished this year go on to another site afterwards."""
        moved: set[int] = set()
        plans = [p for p in self.rosters.plans if p.site in finished and p.exit_date]
        for plan in plans:
            if plan.staff_category != StaffCategory.WORKER or self.rng.random() > 0.35:
                continue
            entry = plan.exit_date + datetime.timedelta(days=self.rng.randint(7, 30))
            nearby = [s for s in building if set(s.ground) & set(plan.site.ground)] or building
            site = self.rng.choice(nearby)
            if entry > datetime.date(DEMO_YEAR, 10, 15) or site.project.planned_start > entry:
                continue
            self.plan(site, site.contractors[0], plan.person, entry_date=entry)
            moved.add(id(plan.person))
        return moved

    def doubles(self, building: list[Site]) -> None:
        """Two workers also put on another site for a week in September: the attendance
        shows them present on two sites on the same days, which the portal flags."""
        first = [p for p in self.rosters.plans if p.site is building[0] and not p.exit_date]
        other = next(
            (s for s in building[1:] if s.contractors[0] != building[0].contractors[0]), None
        )
        if other is None:
            return
        for plan in first[:2]:
            self.plan(
                other,
                other.contractors[0],
                plan.person,
                entry_date=datetime.date(DEMO_YEAR, 9, 14),
                exit_date=datetime.date(DEMO_YEAR, 9, 19),
            )

    def maintenance(self, sites: list[Site], moved: set[int]) -> None:
        """零工变长工: the maintenance stage of completed projects with a responsibility."""
        rng = self.rng
        chosen = [
            s for s in sites if s.responsibility is not None and s.stages.get(StageKind.MAINTENANCE)
        ][:MAINTENANCE_PROJECTS]
        for site in chosen:
            since = site.responsibility.since
            if since > LAST_DAY:
                continue
            builders = [
                p.person
                for p in self.rosters.plans
                if p.site is site
                and p.exit_date
                and id(p.person) not in moved
                and p.staff_category == StaffCategory.WORKER
            ]
            count = site.responsibility.planned_workers
            kept = builders[: (count * 2 + 2) // 3]
            people = kept + [self.take(site.ground[0]) for _ in range(count - len(kept))]
            for person in people:
                if person is None:
                    continue
                plan = EngagementPlan(
                    person=person,
                    site=site,
                    contractor=site.contractors[0],
                    stage=rng.choice(site.stages[StageKind.MAINTENANCE]),
                    entry_date=since,
                    trade=rng.choice(("管护员", "巡护员", "保洁员")),
                    daily_pay=Decimal(rng.randrange(120, 160, 10)),
                    contract_signed_on=since,
                    contract_end=since.replace(year=since.year + 3),
                    source=EngagementSource.PAGE,
                    created_by=self.users.get(site.contractors[0].code),
                )
                self.rosters.plans.append(plan)
                self.rosters.busy.add(id(person))


def plan_rosters(rng, people, current, past, teams, users) -> Rosters:
    planner = RosterPlanner(rng, people, teams, users)
    for site in current:
        planner.current(site)
    for site in past:
        planner.past(site)
    finished = [s for s in current if s.finished_in_year]
    building = [s for s in current if not s.finished_in_year]
    moved = planner.movers(finished, building)
    planner.doubles(building)
    planner.maintenance(past + finished, moved)
    return planner.rosters


def seed_engagements(log: SeedLog, plans: list[EngagementPlan]) -> None:
    """Insert the engagements missing, then give every plan its engagement's pk."""
    projects = {plan.site.project.pk for plan in plans}
    fields = ("worker_id", "project_id", "contractor_id", "stage_id", "entry_date", "pk")

    def existing() -> dict[tuple, int]:
        return {
            row[:5]: row[5]
            for row in Engagement.objects.filter(project_id__in=projects).values_list(*fields)
        }

    found = existing()
    rows = (
        Engagement(
            worker_id=plan.person.pk,
            project=plan.site.project,
            contractor=plan.contractor,
            stage=plan.stage,
            trade=plan.trade,
            staff_category=plan.staff_category,
            team=plan.team,
            labor_organization=plan.labor_org,
            contract_signed_on=plan.contract_signed_on,
            contract_end=plan.contract_end,
            entry_date=plan.entry_date,
            exit_date=plan.exit_date,
            daily_pay=plan.daily_pay,
            source=plan.source,
            created_by=plan.created_by,
        )
        for plan in plans
        if plan.key not in found
    )
    key = lambda row: (  # noqa: E731
        row.worker_id,
        row.project_id,
        row.contractor_id,
        row.stage_id,
        row.entry_date,
    )
    if create_missing(Engagement, log, rows, set(found), key=key):
        found = existing()
    for plan in plans:
        plan.pk = found[plan.key]
