"""Benchmark: a contractor's monthly attendance grid of 5,000 workers (155,000 day marks)
checked and written, then uploaded again (nothing changes). Target: under 5 seconds.

    .venv/bin/python bench/attendance_import.py

Uses its own database (portal_bench_attendance on 127.0.0.1, PostgreSQL) with production
settings (DEBUG off); the district, the project and the roster of 5,000 workers are built on
first use. The imports run in a transaction that is rolled back, so the benchmark can be
repeated. Times the whole pipeline the upload job and `import_attendance` run: the guarded
read of the workbook (child process), every check, and the one-transaction write; prints
the phases and the number of queries.
"""

import datetime
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import configure, ensure_database

DATABASE = "portal_bench_attendance"
WORKERS = 5_000
MONTH = datetime.date(2026, 3, 1)  # 31 days: 155,000 marks

configure(DATABASE)


def id_number(serial: int) -> str:
    from labor.id_numbers import check_character

    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=serial % 9000)
    first17 = f"140214{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17)


def build_data() -> None:
    """The district, a contractor, a project and its roster of WORKERS (bulk: the benchmark
    is the upload, not the registration)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from labor.id_numbers import parse_id_number
    from labor.models import Engagement, Worker
    from portal.models import Organization, OrganizationKind
    from portal.pii import blind_index
    from projects.models import Project
    from tests.portal.factories import OrganizationFactory, district_tree
    from tests.projects.factories import ProjectFactory

    if Project.objects.filter(code="BENCH-ATT").exists():
        return
    print(f"building the roster of {WORKERS} workers …", flush=True)
    tree = district_tree(1)
    contractor = OrganizationFactory(
        code="bench-contractor", kind=OrganizationKind.CONTRACTOR, region=tree["district"]
    )
    project = ProjectFactory(code="BENCH-ATT", region=tree["district"], contractors=[contractor])
    workers = []
    for serial in range(WORKERS):
        parsed = parse_id_number(id_number(serial))
        workers.append(
            Worker(
                name=f"工人{serial:05d}",
                id_number=parsed.number,
                id_number_index=blind_index(parsed.number),
                birth_date=parsed.birth_date,
                sex=parsed.sex,
                region=tree["district"],
                household_township=tree["townships"][serial % 2],
            )
        )
    Worker.objects.bulk_create(workers, batch_size=1000)
    Engagement.objects.bulk_create(
        [
            Engagement(
                worker=worker,
                project=project,
                contractor=contractor,
                entry_date=datetime.date(2026, 1, 1),
            )
            for worker in Worker.objects.filter(region=tree["district"])
        ],
        batch_size=1000,
    )
    assert Organization.objects.filter(code="bench-contractor").exists()


def workbook() -> bytes:
    """The common monthly grid: a title row, 序号/姓名/身份证号/1…31/出勤天数, a worker a row,
    marks as contractors write them, and a 合计 row."""
    from openpyxl import Workbook

    rng = random.Random(1)
    marks = ["√", "√", "√", "√", "√", "1", "半", "0.5", "休", "×", None]
    value = {"√": 1, "1": 1, "半": 0.5, "0.5": 0.5}
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"{MONTH:%Y年%m月}务工人员考勤表"])
    sheet.append(["序号", "姓名", "身份证号", *range(1, 32), "出勤天数"])
    for serial in range(WORKERS):
        days = [rng.choice(marks) for _ in range(31)]
        total = sum(value.get(mark, 0) for mark in days)
        sheet.append([serial + 1, f"工人{serial:05d}", id_number(serial), *days, total])
    sheet.append(["合计"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    ensure_database(DATABASE)
    import django

    django.setup()
    build_data()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from labor.importers.attendance import attendance_import, read_grid
    from portal.models import Organization
    from portal.scope import Scope
    from projects.models import Project

    project = Project.objects.get(code="BENCH-ATT")
    contractor = Organization.objects.get(code="bench-contractor")
    scope = Scope.system(contractor)
    started = time.perf_counter()
    content = workbook()
    print(
        f"workbook: {WORKERS} workers × 31 days = {WORKERS * 31:,} marks, "
        f"{len(content) // 1024} KiB (built in {time.perf_counter() - started:.1f} s, not timed)"
    )
    started = time.perf_counter()
    table, _ = read_grid(content)
    print(
        f"guarded read alone (child process): {time.perf_counter() - started:.2f} s, {len(table.rows)} rows"
    )
    with transaction.atomic():
        for run in ("first upload (writes every row)", "same file again (changes nothing)"):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                result = attendance_import(
                    scope=scope,
                    project=project,
                    contractor=contractor,
                    month=MONTH,
                    content=content,
                    filename="bench.xlsx",
                )
            elapsed = time.perf_counter() - started
            print(f"{run}: {elapsed:.2f} s, {len(queries)} queries — {result.summary()}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
