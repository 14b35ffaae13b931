"""Benchmark: a contractor's roster of 10,000 people checked and written (target < 3 s).

    .venv/bin/python bench/roster_import.py

Uses its own PostgreSQL database (portal_bench_roster on 127.0.0.1, built on first use) with
production settings (DEBUG off). Each run imports inside a transaction that is rolled back,
so it can be repeated. Prints the time of the check-only pass (a file with one bad row at the
end, checked in full) and of a full import of new people, then of the same file again (every
row found on the roster: nothing written).
"""

import datetime
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import configure, ensure_database

DATABASE = "portal_bench_roster"
ROWS = 10_000

configure(DATABASE)


def build_data():
    """A district with two townships, a contractor and its editor, a project it builds."""
    from django.core.management import call_command

    from portal.models import (
        Membership,
        Organization,
        OrganizationKind,
        Region,
        RegionLevel,
        Role,
        User,
    )
    from projects.models import (
        Category,
        Directory,
        Domain,
        Project,
        ProjectContractor,
        StageKind,
        WorkStage,
    )

    call_command("migrate", verbosity=0)
    project = Project.objects.filter(code="BENCH-ROSTER").first()
    if project is not None:
        return project
    province = Region.objects.create(code="890000", name="基准省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(
        code="890100", name="基准市", level=RegionLevel.CITY, parent=province
    )
    district = Region.objects.create(
        code="890102", name="基准区", level=RegionLevel.DISTRICT, parent=city
    )
    for number in (1, 2):
        Region.objects.create(
            code=f"890102{number:03d}000",
            name=f"基准{number}镇",
            level=RegionLevel.TOWNSHIP,
            parent=district,
        )
    contractor = Organization.objects.create(
        code="bench-contractor",
        name="基准建设公司",
        kind=OrganizationKind.CONTRACTOR,
        region=district,
    )
    owner = Organization.objects.create(
        code="bench-owner", name="基准城投", kind=OrganizationKind.OWNER, region=district
    )
    department = Organization.objects.create(
        code="bench-dept", name="基准交通局", kind=OrganizationKind.DEPARTMENT, region=district
    )
    user = User.objects.create_user(username="bench_contractor", password="bench-password")  # noqa: S106
    Membership.objects.create(user=user, organization=contractor, role=Role.EDITOR)
    domain = Domain.objects.get_or_create(code="bench", defaults={"name": "基准领域", "order": 99})[
        0
    ]
    directory = Directory.objects.create(code="bench-directory", name="基准目录", level="district")
    category = Category.objects.create(
        directory=directory, number=1, domain=domain, name="公路建设", tasks="路基"
    )
    for order, name in enumerate(("路基土石方", "砌筑", "后期养护"), start=1):
        WorkStage.objects.create(
            category=category, order=order, name=name, kind=StageKind.GENERAL_LABOR
        )
    project = Project.objects.create(
        code="BENCH-ROSTER",
        name="基准道路工程",
        level="district",
        region=district,
        domain=domain,
        category=category,
        department=department,
        owner=owner,
        total_investment=1000,
        government_investment=800,
        work_relief_funds=80,
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    ProjectContractor.objects.create(project=project, contractor=contractor)
    return project


def workbook(rows: int, *, bad_last: bool) -> bytes:
    from openpyxl import Workbook

    from labor.id_numbers import check_character

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["基准道路工程 农民工实名制用工名册"])
    sheet.append(
        [
            *("序号", "姓名", "身份证号", "联系电话", "户籍乡镇", "工资卡号", "工种", "用工环节"),
            *("劳动合同签订日期", "进场日期", "日工资"),
        ]
    )
    stages = ("路基土石方", "砌筑", "后期养护")
    for number in range(rows):
        serial = f"{number // 1000:02d}{number % 1000:03d}"
        first17 = f"1402{serial[:2]}{1960 + number % 40}0101{serial[2:]}"
        id_number = first17 + check_character(first17)
        if bad_last and number == rows - 1:
            id_number = id_number[:17] + ("0" if id_number[17] != "0" else "1")
        sheet.append(
            [
                number + 1,
                f"工人{number}",
                id_number,
                f"138{number:08d}",
                "基准1镇" if number % 2 else "基准2镇",
                "6217000012345678",
                "普工",
                stages[number % 3],
                "2026-01-05",
                "2026-01-05",
                200,
            ]
        )
    sheet.append(["合计", f"{rows}人"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    ensure_database(DATABASE)
    import django

    django.setup()
    project = build_data()
    from django.db import transaction

    from labor.importers.reading import LaborImportRejected
    from labor.importers.rosters import roster_import
    from portal.models import User
    from portal.scope import Scope

    scope = Scope.for_user(User.objects.get(username="bench_contractor"))
    entry = datetime.date(2026, 1, 5)
    bad, good = workbook(ROWS, bad_last=True), workbook(ROWS, bad_last=False)
    with transaction.atomic():
        start = time.perf_counter()
        try:
            roster_import(scope=scope, project=project, content=bad, entry_date=entry)
            result = "accepted?"
        except LaborImportRejected as rejected:
            result = rejected.errors[0]
        print(
            f"{ROWS} rows rejected (one bad row, checked in full): {time.perf_counter() - start:.2f} s — {result}"
        )
        transaction.set_rollback(True)
    with transaction.atomic():
        start = time.perf_counter()
        first = roster_import(scope=scope, project=project, content=good, entry_date=entry)
        print(f"{ROWS} rows imported: {time.perf_counter() - start:.2f} s — {first.summary()}")
        start = time.perf_counter()
        again = roster_import(scope=scope, project=project, content=good, entry_date=entry)
        print(
            f"{ROWS} rows uploaded again: {time.perf_counter() - start:.2f} s — {again.summary()}"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
