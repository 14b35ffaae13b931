"""`manage.py import_roster FILE --project CODE --contractor CODE [--entry-date YYYY-MM-DD]
[--user USERNAME]`: the roster upload's pipeline (`labor.importers.rosters.roster_import`),
run at once. One JSON document on stdout and the exit codes of
`labor.management.import_command`; its "summary" holds the counts and their text."""

from __future__ import annotations

import datetime

from django.utils import timezone

from labor.importers.reading import LaborImportRejected
from labor.importers.rosters import RosterImportRejected, roster_import
from labor.management.import_command import (
    ImportCommand,
    ImportRefused,
    ImportTarget,
    WrongArguments,
)


class Command(ImportCommand):
    help = "导入施工单位的用工名册（与上传页面相同的检查和写入），在标准输出打印一个 JSON 结果。"
    file_help = "用工名册 Excel 文件（.xlsx）"

    def add_import_arguments(self, parser):
        parser.add_argument(
            "--entry-date", help="表中未填进场日期的人员的进场日期（YYYY-MM-DD），默认今天"
        )

    def import_arguments(self, options):
        if not options["entry_date"]:
            return {"entry_date": timezone.localdate()}
        try:
            return {"entry_date": datetime.date.fromisoformat(options["entry_date"])}
        except ValueError:
            raise WrongArguments(
                f"进场日期“{options['entry_date']}”不是 YYYY-MM-DD 格式的日期。"
            ) from None

    def run(self, target: ImportTarget, content: bytes, *, entry_date: datetime.date):
        try:
            result = roster_import(
                scope=target.scope,
                project=target.project,
                content=content,
                entry_date=entry_date,
                filename=target.path.name,
            )
        except RosterImportRejected as rejected:
            raise ImportRefused(rejected.items) from None
        except LaborImportRejected as rejected:
            raise ImportRefused(rejected.errors) from None
        return {"summary": result.as_dict()}
