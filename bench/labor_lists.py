"""Benchmark: the labour lists with 50,000 workers in PostgreSQL (issue 15: a constant query
count and under 100 ms server time).

    .venv/bin/python bench/labor_lists.py            # builds the data once, then measures

Uses its own database (portal_bench_labor on 127.0.0.1) with production settings (DEBUG off):
the demo district (`seed_demo`), then workers up to 50,000, big rosters on a handful of
contractor-01's projects with three months of attendance on the biggest, and a survey of
20,000 people in town-02. Measures the worker list, a big roster, the survey and its pool,
and the API lists as the office, as contractor-01 and as town-02 (their viewers), printing
the number of queries and the median and 95th percentile server time of each request. The
HTML lists have a fixed page of 50: their query count is compared with a filter that leaves
a handful of rows; the API's with page_size 25, 100 and 500.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import configure, ensure_database

DATABASE = "portal_bench_labor"
WORKERS = 50_000
SURVEY_RESPONSES = 20_000
ROSTER_PROJECTS = 5
BIG_ROSTER = 8_000
OTHER_ROSTER = 2_000
ATTENDANCE_MONTHS = 3
RUNS = 20

configure(DATABASE, CELERY_BROKER_URL="redis://127.0.0.1:6379/8")


def build_data() -> None:
    import io

    from django.core.management import call_command
    from django.db import connection

    from labor.models import Worker

    call_command("migrate", verbosity=0)
    if Worker.objects.count() >= WORKERS:
        return
    call_command("seed_demo", stdout=io.StringIO())
    _build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database


def luhn(first: str) -> str:
    total = 0
    for position, digit in enumerate(reversed(first)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return first + str((10 - total % 10) % 10)


class People:
    """Well-formed, unique ID numbers (area 149902, a birth date, a serial in 900-999 that the
    demo's generator does not use often), skipping any the database already holds."""

    def __init__(self, rng, taken: set[str]):
        import datetime

        from labor.demo.people import GIVEN_MALE, SURNAMES

        self.rng, self.taken, self.number = rng, taken, 0
        self.surnames, self.given = SURNAMES, GIVEN_MALE
        self.first_day = datetime.date(1966, 1, 1)

    def next(self):
        import datetime

        from labor.id_numbers import check_character
        from portal.pii import blind_index

        while True:
            number, self.number = self.number, self.number + 1
            birth = self.first_day + datetime.timedelta(days=number % 14_000)
            serial = 900 + number // 14_000
            first17 = f"149902{birth:%Y%m%d}{serial:03d}"
            id_number = first17 + check_character(first17)
            index = blind_index(id_number)
            if index in self.taken:
                continue
            self.taken.add(index)
            sex = "male" if serial % 2 else "female"
            name = self.rng.choice(self.surnames) + self.rng.choice(self.given)
            return id_number, index, birth, sex, name


def _build() -> None:
    import datetime
    import random
    from decimal import Decimal

    from labor.models import (
        Attendance,
        Engagement,
        LaborSurvey,
        StaffCategory,
        SurveyResponse,
        Worker,
        WorkerPriorityGroup,
    )
    from portal.models import LABOR_ORG_KINDS, Organization, Region, RegionLevel
    from portal.rules import rules_for
    from projects.models import Project, WorkStage

    rng = random.Random(15)
    office = Organization.objects.get(code="drc")
    district = office.region
    town = Organization.objects.get(code="town-02")
    contractor = Organization.objects.get(code="contractor-01")
    townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP, parent=district))
    villages = {t.pk: list(t.children.all()) for t in townships}
    labor_orgs = list(
        Organization.objects.filter(
            kind__in=LABOR_ORG_KINDS, region__path__startswith=district.path
        )
    )
    groups = rules_for(district).priority_group_list
    people = People(rng, set(Worker.objects.values_list("id_number_index", flat=True)))
    missing = WORKERS - Worker.objects.count()
    print(f"building {missing} workers …", flush=True)
    batch = []
    for number in range(missing):
        id_number, index, birth, sex, name = people.next()
        draw = rng.random()
        # A third in town-02 (the township's own people), a few with no township yet.
        township = town.region if draw < 0.33 else None if draw < 0.36 else rng.choice(townships)
        village = rng.choice(villages[township.pk]) if township and villages[township.pk] else None
        batch.append(
            Worker(
                name=name,
                id_number=id_number,
                id_number_index=index,
                birth_date=birth,
                sex=sex,
                phone=f"139{number:08d}",
                region=district,
                household_township=township,
                household_village=village,
                bank_name="示范农商银行",
                bank_card=luhn(f"621700{number:09d}"),
                labor_organization=rng.choice(labor_orgs) if labor_orgs and draw > 0.9 else None,
                needs_age_review=birth.year < 1968,
            )
        )
    created = Worker.objects.bulk_create(batch, batch_size=2000)
    WorkerPriorityGroup.objects.bulk_create(
        (
            WorkerPriorityGroup(
                worker=worker,
                group=rng.choice(groups),
                source="乡镇摸底调查",
                recorded_on=datetime.date(2026, 2, 1),
            )
            for worker in created[::8]
        ),
        batch_size=5000,
    )

    projects = list(
        Project.objects.filter(contracts__contractor=contractor)
        .select_related("category")
        .order_by("code")[:ROSTER_PROJECTS]
    )
    print(f"building rosters on {len(projects)} projects …", flush=True)
    pool = list(created)
    rng.shuffle(pool)
    engagements, start = [], 0
    for number, project in enumerate(projects):
        size = BIG_ROSTER if number == 0 else OTHER_ROSTER
        stages = list(WorkStage.objects.filter(category=project.category)) or [None]
        for position, worker in enumerate(pool[start : start + size]):
            entry = datetime.date(2026, 1 + position % 4, 1 + position % 28)
            engagements.append(
                Engagement(
                    worker=worker,
                    project=project,
                    contractor=contractor,
                    stage=stages[position % len(stages)],
                    trade="普工",
                    staff_category=StaffCategory.WORKER,
                    contract_signed_on=entry if position % 5 else None,
                    contract_end=datetime.date(2026, 6 + position % 6, 28),
                    entry_date=entry,
                    exit_date=datetime.date(2026, 5, 30) if position % 7 == 0 else None,
                    daily_pay=Decimal(180 + position % 60),
                )
            )
        start += size
    engagements = Engagement.objects.bulk_create(engagements, batch_size=5000)
    big = [e for e in engagements if projects and e.project_id == projects[0].pk]
    Attendance.objects.bulk_create(
        (
            Attendance(
                worker_id=e.worker_id,
                project_id=e.project_id,
                contractor_id=e.contractor_id,
                month=datetime.date(2026, 2 + month, 1),
                marks=("P" * 20 + "R" * 8 + "H" * 3)[: [31, 30, 31][month]],
                days=Decimal("21.5"),
            )
            for e in big
            for month in range(ATTENDANCE_MONTHS)
        ),
        batch_size=5000,
    )

    print(f"building a survey of {SURVEY_RESPONSES} people in {town.name} …", flush=True)
    survey = LaborSurvey.objects.create(
        township=town,
        year=2026,
        title="基准摸底调查",
        opened_on=datetime.date(2026, 3, 1),
    )
    town_villages = villages.get(town.region_id) or [None]
    known = [w for w in created if w.household_township_id == town.region_id]
    known = known[: SURVEY_RESPONSES // 2]
    rows = []
    skills = ("砌筑", "钢筋", "木工", "电焊", "驾驶", "厨师", "养殖", "种植")
    for number in range(SURVEY_RESPONSES):
        if number < len(known):
            worker = known[number]
            id_number, index, birth, sex, name = (
                worker.id_number,
                worker.id_number_index,
                worker.birth_date,
                worker.sex,
                worker.name,
            )
        else:
            worker = None
            id_number, index, birth, sex, name = people.next()
        rows.append(
            SurveyResponse(
                survey=survey,
                worker=worker,
                id_number=id_number,
                id_number_index=index,
                name=name,
                birth_date=birth,
                sex=sex,
                village=town_villages[number % len(town_villages)],
                willing=number % 9 != 0,
                skills="、".join(rng.sample(skills, k=rng.randint(0, 2))),
                months_available=rng.choice(("1" * 12, "111000000111", "000111111000")),
                priority_groups=rng.choice(groups) if number % 6 == 0 else "",
                phone=f"137{number:08d}",
            )
        )
    SurveyResponse.objects.bulk_create(rows, batch_size=5000)
    SurveyResponse.objects.filter(survey=survey).mark_latest()


def measure(client, url: str, params: dict) -> tuple[int, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, params)  # warm caches
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    times.sort()
    return (
        len(queries),
        statistics.median(times),
        times[int(len(times) * 0.95) - 1],
        len(response.content),
    )


def cases() -> list[tuple[str, str, dict]]:
    """(who, url, params): who is the demo user prefix (office, contractor, township)."""
    from django.db.models import Count
    from django.urls import reverse

    from labor.models import Engagement, LaborSurvey, Worker
    from portal.models import Organization

    town = Organization.objects.get(code="town-02")
    contractor = Organization.objects.get(code="contractor-01")
    big = (
        Engagement.objects.filter(contractor=contractor)
        .values("project", "project__code")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    survey = LaborSurvey.objects.get(title="基准摸底调查")
    village = survey.responses.exclude(village=None).values_list("village", flat=True).first()
    # A name that only a handful of workers bear: the "few rows" side of the query count.
    rare = Worker.objects.order_by("-pk").values_list("name", flat=True).first()
    workers = reverse("labor:worker-list")
    roster = reverse("labor:roster", args=[big["project"]])
    detail = reverse("labor:survey-detail", args=[survey.pk])
    pool = reverse("labor:survey-pool")
    code = big["project__code"]
    found = []
    for who in ("office", "contractor", "township"):
        found += [
            (who, workers, {}),
            (who, workers, {"name": rare}),
            (who, workers, {"page": 200}),
            (who, workers, {"township": town.region_id, "local": "local"}),
            (who, workers, {"priority_group": "脱贫人口", "needs_age_review": "on"}),
            (who, roster, {}),
            (who, roster, {"name": "王"}),
            (who, roster, {"contract": "alert", "page": 20}),
        ]
        if who != "contractor":
            found += [
                (who, detail, {}),
                (who, detail, {"name": rare}),
                (who, detail, {"page": 300}),
                (who, pool, {}),
                (who, pool, {"village": village, "month": 3}),
            ]
        for size in (25, 100, 500):
            found.append((who, "/api/v1/workers/", {"page_size": size}))
        found.append((who, "/api/v1/workers/", {"page_size": 100, "name": "王"}))
        for size in (25, 100, 500):
            found.append((who, "/api/v1/engagements/", {"page_size": size}))
        found.append((who, "/api/v1/engagements/", {"page_size": 100, "project": code}))
        for size in (25, 100, 500):
            found.append((who, "/api/v1/attendance/", {"page_size": size}))
        found.append((who, "/api/v1/attendance/", {"page_size": 100, "month": "2026-04"}))
    return found


def main() -> None:
    ensure_database(DATABASE)
    import django

    django.setup()
    build_data()
    from django.test import Client

    from labor.models import Attendance, Engagement, SurveyResponse, Worker
    from portal.models import User

    print(
        f"workers {Worker.objects.count()}, engagements {Engagement.objects.count()}, "
        f"attendance {Attendance.objects.count()}, survey responses {SurveyResponse.objects.count()}"
    )
    only = sys.argv[1:]  # optional: measure only the URLs containing one of these words
    clients = {}
    print(f"{'who':10} {'request':62} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'bytes':>9}")
    for who, url, params in cases():
        if only and not any(word in url for word in only):
            continue
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(username=f"{who}_viewer"))
        queries, median, p95, size = measure(clients[who], url, params)
        label = url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        print(f"{who:10} {label:62} {queries:>7} {median:>10.1f} {p95:>8.1f} {size:>9}", flush=True)


if __name__ == "__main__":
    main()
