"""Benchmark: the project list export (built by a worker) with 20,000 projects.

    .venv/bin/python bench/project_export.py

Uses the benchmark database of bench/project_list.py. Times the builder the worker runs, for
the whole district and for one status, and reads the file back to count its rows.
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_list


class ProgressLog(list):
    def append_progress(self, done: int, total: int, phase: str = "") -> None:
        self.append(done)


def main() -> None:
    project_list.ensure_database(project_list.DATABASE)
    import django

    django.setup()
    project_list.build_data()
    from openpyxl import load_workbook

    from portal.models import User
    from portal.scope import Scope
    from projects.exports import build_projects_export

    scope = Scope.for_user(User.objects.get(username="office_viewer"))
    for params in ({"status": "listed"}, {}):
        calls = ProgressLog()
        start = time.perf_counter()
        built = build_projects_export(scope, params, calls.append_progress)
        elapsed = time.perf_counter() - start
        sheet = load_workbook(io.BytesIO(built.content), read_only=True).active
        rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 5
        print(
            f"filters {params or '(none)'}: {built.rows} projects, {elapsed:.1f} s, "
            f"{len(built.content) // 1024} KiB, {len(calls)} progress reports, {rows} rows read back"
        )


if __name__ == "__main__":
    main()
