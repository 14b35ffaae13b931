"""`manage.py import_attendance FILE --project CODE --contractor CODE --month YYYY-MM
[--user USERNAME]`: the upload page's pipeline from the command line. The grid is checked in
full and written in one transaction, or refused with every error naming its row and column.
One JSON document on stdout and the exit codes of `labor.management.import_command`; besides
the summary it carries the month, the counts and the flags (two sites on one day, days
outside the engagement)."""

from __future__ import annotations

from labor.forms import parse_attendance_month
from labor.importers.attendance import attendance_import
from labor.importers.reading import LaborImportRejected
from labor.management.import_command import (
    ImportCommand,
    ImportRefused,
    ImportTarget,
    WrongArguments,
)


class Command(ImportCommand):
    help = "导入一个月的考勤表（与“导入考勤表”页面相同的检查），输出一份 JSON。"
    file_help = "考勤表（.xlsx）"

    def add_import_arguments(self, parser):
        parser.add_argument("--month", required=True, help="考勤月份，如 2026-11")

    def import_arguments(self, options):
        month = parse_attendance_month(options["month"])
        if month is None:
            raise WrongArguments(f"月份“{options['month']}”无效：请写成“年-月”，如 2026-11。")
        return {"month": month}

    def run(self, target: ImportTarget, content: bytes, *, month):
        try:
            result = attendance_import(
                scope=target.scope,
                project=target.project,
                contractor=target.contractor,
                month=month,
                content=content,
                filename=target.path.name,
            )
        except LaborImportRejected as rejected:
            raise ImportRefused(rejected.errors) from None
        saved = result.saved
        return {
            "month": f"{month:%Y-%m}",
            "summary": result.summary(),
            "rows": result.rows,
            "created": saved.created,
            "updated": saved.updated,
            "unchanged": saved.unchanged,
            "flags": [
                {
                    "worker_id": flag.worker_id,
                    "day": flag.day,
                    "kind": flag.kind,
                    "message": flag.message,
                }
                for flag in saved.flags
            ],
        }
