"""Benchmark: the project list page and the API list with 20,000 projects in PostgreSQL.

    .venv/bin/python bench/project_list.py            # builds the data once, then measures

Uses its own database (portal_bench on 127.0.0.1) with production settings (DEBUG off). Prints
the number of queries and the median and 95th percentile server time of each request, for
several page sizes: the query count must not grow with the page size.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import configure, ensure_database

DATABASE = "portal_bench"
PROJECTS = 20_000
RUNS = 30

configure(DATABASE)


def build_data() -> None:
    from django.core.management import call_command
    from django.db import connection

    from projects.models import Project

    call_command("migrate", verbosity=0)
    if Project.objects.count() >= PROJECTS:
        return
    _build(call_command)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database


def _build(call_command) -> None:
    import datetime
    import io
    import random
    from decimal import Decimal

    from portal.models import Organization, OrganizationKind, Region, RegionLevel
    from projects.models import Checkpoint, Project, ProjectForecast, ProjectTownship

    call_command("seed_demo", stdout=io.StringIO())
    rng = random.Random(1)
    seeded = list(Project.objects.all())
    townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP))
    owners = list(Organization.objects.filter(kind=OrganizationKind.OWNER))
    print(f"building {PROJECTS - len(seeded)} projects …", flush=True)
    batch = []
    for number in range(len(seeded), PROJECTS):
        model = seeded[number % len(seeded)]
        batch.append(
            Project(
                code=f"BENCH-{number:06d}",
                name=f"{model.name}（批量{number}）",
                level=model.level,
                region=model.region,
                domain=model.domain,
                category=model.category,
                department=model.department,
                owner=rng.choice(owners),
                total_investment=Decimal(rng.randrange(500, 90000)),
                government_investment=Decimal(400),
                work_relief_funds=Decimal(40),
                planned_start=datetime.date(2026, 1 + number % 12, 1),
                planned_end=datetime.date(2027, 1 + number % 12, 1),
                status=["reserve", "listed", "under_construction", "completed"][number % 4],
            )
        )
    created = Project.objects.bulk_create(batch, batch_size=2000)
    ProjectTownship.objects.bulk_create(
        (ProjectTownship(project=p, township=rng.choice(townships)) for p in created),
        batch_size=5000,
    )
    ProjectForecast.objects.bulk_create(
        (
            ProjectForecast(project=p, year=2026, local_workers=30, remuneration=Decimal(50))
            for p in created
        ),
        batch_size=5000,
    )
    Checkpoint.objects.bulk_create(
        (
            Checkpoint(
                project=p,
                kind="feasibility",
                date=datetime.date(2026, 1, 5),
            )
            for p in created[::2]
        ),
        batch_size=5000,
    )


def measure(client, url: str, params: dict) -> tuple[int, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm caches
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


def main() -> None:
    ensure_database(DATABASE)
    import django

    django.setup()
    build_data()
    from django.test import Client

    from portal.models import User
    from projects.models import Project

    client = Client()
    client.force_login(User.objects.get(username="office_viewer"))
    print(f"projects in the database: {Project.objects.count()}")
    print(f"{'request':58} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'bytes':>9}")
    cases = [
        ("/projects/", {"page_size": 25}),
        ("/projects/", {"page_size": 100}),
        ("/projects/", {"page_size": 200}),
        ("/projects/", {"page_size": 25, "status": "listed", "sort": "-investment"}),
        ("/projects/", {"page_size": 25, "missing_checkpoint": "feasibility", "q": "公路"}),
        ("/projects/", {"page_size": 25, "page": 400}),
        ("/api/v1/projects/", {"page_size": 25}),
        ("/api/v1/projects/", {"page_size": 100}),
        ("/api/v1/projects/", {"page_size": 500}),
        (
            "/api/v1/projects/",
            {"page_size": 100, "level": "district", "missing_checkpoint": "contract"},
        ),
    ]
    for url, params in cases:
        queries, median, p95, size = measure(client, url, params)
        label = url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        print(f"{label:58} {queries:>7} {median:>10.1f} {p95:>8.1f} {size:>9}")


if __name__ == "__main__":
    main()
