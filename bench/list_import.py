"""Benchmark: importing a department's annual list of 500 projects (validate, then write).

    .venv/bin/python bench/list_import.py

Runs against the benchmark database of bench/project_list.py (built on first use) inside a
transaction that is rolled back, so it can be repeated. Prints the time of the check-only
pass (a file with one bad row) and of a full import.
"""

import datetime
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_list

ROWS = 500


def workbook(rows: int, *, bad_last: bool) -> bytes:
    from openpyxl import Workbook

    from projects.models import Category

    categories = list(
        Category.objects.filter(directory__code="district-2024").select_related("domain")
    )
    sheet_book = Workbook()
    sheet = sheet_book.active
    sheet.append(["2027年以工代赈重点工程项目清单"])
    sheet.append(
        [
            "项目编码",
            "项目名称",
            "项目层级",
            "建设领域",
            "具体类别",
            "行业主管部门",
            "项目业主单位",
            "所在乡镇",
            "总投资",
            "政府投资",
            "以工代赈资金",
            "计划开工日期",
            "计划完工日期",
            "预计吸纳当地务工人数",
            "预计发放劳务报酬",
        ]
    )
    for number in range(rows):
        category = categories[number % len(categories)]
        department = "交通局" if not (bad_last and number == rows - 1) else "不存在的局"
        sheet.append(
            [
                f"IMP-{number:05d}",
                f"导入工程{number}",
                "区级",
                category.domain.name,
                category.name,
                department,
                "区交投公司",
                "河湾镇、石桥镇",
                1000,
                800,
                80,
                "2027-03-01",
                "2027-11-30",
                40,
                60,
            ]
        )
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    project_list.ensure_database(project_list.DATABASE)
    import django

    django.setup()
    project_list.build_data()
    from django.db import transaction

    from portal.models import User
    from portal.scope import Scope
    from projects.importers import ImportRejected, import_annual_list

    scope = Scope.for_user(User.objects.get(username="office_editor"))
    for label, bad in (("rejected (one bad row, checked in full)", True), ("imported", False)):
        content = workbook(ROWS, bad_last=bad)
        with transaction.atomic():
            start = time.perf_counter()
            try:
                result = import_annual_list(
                    scope=scope, year=2027, content=content, on=datetime.date(2027, 1, 10)
                ).summary()
            except ImportRejected as rejected:
                result = rejected.errors[0]
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        print(f"{ROWS} rows {label}: {elapsed * 1000:.0f} ms — {result}")


if __name__ == "__main__":
    main()
