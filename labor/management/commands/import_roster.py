"""`manage.py import_roster FILE --project CODE --contractor CODE [--entry-date YYYY-MM-DD]
[--user USERNAME]`: the roster upload's pipeline (`labor.importers.rosters.roster_import`),
run at once under the scope of an editor of the contractor.

It prints one JSON document on stdout, always:
{"accepted": bool, "errors": [{"row", "column", "message"} or a message], "summary": {…}}
and exits 0 when the file was accepted, 1 when it was refused for any reason (a hostile or
non-xlsx file included), 2 only for wrong arguments (argparse's, a file that cannot be read,
an unknown project or contractor, nobody to act for the contractor)."""

from __future__ import annotations

import datetime
import json
import logging
import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from labor.importers.reading import LaborImportRejected
from labor.importers.rosters import RosterImportRejected, roster_import
from portal.models import CONTRACTOR_KINDS, Membership, Organization, Role
from portal.scope import Scope
from projects.models import Project

logger = logging.getLogger(__name__)
WRONG_ARGUMENTS, REFUSED = 2, 1


def _answer(accepted: bool, errors: list, summary: dict | None = None) -> str:
    # A dict() call: the key "accepted" is the command's contract, not a referral's status.
    document = dict(accepted=accepted, errors=errors, summary=summary or {})  # noqa: C408
    return json.dumps(document, ensure_ascii=False)


class WrongArguments(Exception):
    pass


class Command(BaseCommand):
    help = "导入施工单位的用工名册（与上传页面相同的检查和写入），在标准输出打印一个 JSON 结果。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        report = parser.error

        def error(message):
            # Even argparse's refusal is one JSON document on stdout (and exit 2).
            if parser.called_from_command_line:
                sys.stdout.write(_answer(False, [f"参数错误：{message}"]) + "\n")
            report(message)

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="用工名册 Excel 文件（.xlsx）")
        parser.add_argument("--project", required=True, help="项目编码")
        parser.add_argument("--contractor", required=True, help="施工单位代码")
        parser.add_argument(
            "--entry-date", help="表中未填进场日期的人员的进场日期（YYYY-MM-DD），默认今天"
        )
        parser.add_argument("--user", help="以该用户（施工单位的填报员）的身份导入")

    def handle(self, *args, **options):
        try:
            scope, project, entry_date, content = self.arguments(options)
        except WrongArguments as wrong:
            self.stdout.write(_answer(False, [str(wrong)]))
            raise CommandError(str(wrong), returncode=WRONG_ARGUMENTS) from None
        try:
            result = roster_import(
                scope=scope,
                project=project,
                content=content,
                entry_date=entry_date,
                filename=options["file"].rsplit("/", 1)[-1],
            )
        except RosterImportRejected as rejected:
            return self.refuse(rejected.items)
        except LaborImportRejected as rejected:
            return self.refuse(rejected.errors)
        except PermissionDenied as denied:
            return self.refuse([str(denied)])
        except Exception:  # the pipeline failed: still one JSON answer, details in the log
            logger.exception("import_roster failed")
            return self.refuse(["导入时发生系统错误，未写入任何数据。"])
        self.stdout.write(_answer(True, [], result.as_dict()))
        return None

    def refuse(self, errors: list) -> None:
        self.stdout.write(_answer(False, errors))
        raise CommandError("文件未导入。", returncode=REFUSED)

    def arguments(self, options) -> tuple[Scope, Project, datetime.date, bytes]:
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            raise WrongArguments(f"没有编码为“{options['project']}”的项目。")
        contractor = Organization.objects.filter(
            code=options["contractor"], kind__in=CONTRACTOR_KINDS
        ).first()
        if contractor is None:
            raise WrongArguments(f"没有代码为“{options['contractor']}”的施工单位。")
        if options["entry_date"]:
            try:
                entry_date = datetime.date.fromisoformat(options["entry_date"])
            except ValueError:
                raise WrongArguments(
                    f"进场日期“{options['entry_date']}”不是 YYYY-MM-DD 格式的日期。"
                ) from None
        else:
            entry_date = timezone.localdate()
        editors = Membership.objects.filter(
            organization=contractor, role__in=[Role.EDITOR, Role.ADMIN]
        ).select_related("user")
        if options["user"]:
            editors = editors.filter(user__username=options["user"])
        membership = editors.order_by("pk").first()
        if membership is None:
            who = f"用户“{options['user']}”不是" if options["user"] else "没有"
            raise WrongArguments(f"{who}{contractor}的填报员或管理员，无法以该单位身份导入。")
        scope = Scope(user=membership.user, organization=contractor, role=membership.role)
        try:
            with open(options["file"], "rb") as upload:
                content = upload.read()
        except OSError as error:
            raise WrongArguments(f"无法读取文件“{options['file']}”：{error.strerror}。") from None
        return scope, project, entry_date, content
