"""python manage.py import_attendance FILE --project CODE --contractor CODE --month YYYY-MM
[--user USERNAME]

The upload page's pipeline from the command line: the grid is checked in full and written in
one transaction, or refused with every error naming its row and column. Prints one JSON
document on stdout, always; exits 0 when the file was accepted, 1 when it was refused for
any reason (hostile files included), 2 only for wrong arguments."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand
from django.utils import translation

from labor.forms import parse_attendance_month
from labor.importers.attendance import attendance_import
from labor.importers.reading import LaborImportRejected
from portal.models import CONTRACTOR_KINDS, Membership, Organization, User
from portal.scope import Scope
from projects.models import Project

logger = logging.getLogger(__name__)

ACCEPTED, REFUSED, WRONG_ARGUMENTS = 0, 1, 2


class WrongArguments(Exception):
    pass


class Command(BaseCommand):
    help = "导入一个月的考勤表（与“导入考勤表”页面相同的检查），输出一份 JSON。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str):
            self.emit(WRONG_ARGUMENTS, errors=[f"参数错误：{message}"])

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="考勤表（.xlsx）")
        parser.add_argument("--project", required=True, help="项目编码")
        parser.add_argument("--contractor", required=True, help="施工单位编码")
        parser.add_argument("--month", required=True, help="考勤月份，如 2026-11")
        parser.add_argument("--user", help="以该用户的身份导入（默认以施工单位的名义）")

    def emit(self, code: int, **document) -> None:
        # keywords, not string keys: "accepted" is also a referral's status value
        document = dict(accepted=code == ACCEPTED, exit_code=code, **document)
        document.setdefault("errors", [])
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        self.stdout.flush()
        raise SystemExit(code)

    def arguments(self, options) -> tuple[Path, Project, Organization, object, Scope]:
        path = Path(options["file"])
        if not path.is_file():
            raise WrongArguments(f"找不到文件：{path}")
        month = parse_attendance_month(options["month"])
        if month is None:
            raise WrongArguments(f"月份“{options['month']}”无效：请写成“年-月”，如 2026-11。")
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            raise WrongArguments(f"没有编码为“{options['project']}”的项目。")
        contractor = Organization.objects.filter(
            code=options["contractor"], kind__in=CONTRACTOR_KINDS
        ).first()
        if contractor is None:
            raise WrongArguments(f"没有编码为“{options['contractor']}”的施工单位。")
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise WrongArguments(f"没有用户名为“{options['user']}”的用户。")
            membership = Membership.objects.filter(user=user, organization=contractor).first()
            if membership is None:
                raise WrongArguments(f"用户“{user.username}”不是{contractor}的成员。")
            scope = Scope(user=user, organization=contractor, role=membership.role)
        else:
            scope = Scope.system(contractor)
        return path, project, contractor, month, scope

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            try:
                path, project, contractor, month, scope = self.arguments(options)
            except WrongArguments as wrong:
                self.emit(WRONG_ARGUMENTS, errors=[str(wrong)])
            where = {
                "file": path.name,
                "project": project.code,
                "contractor": contractor.code,
                "month": f"{month:%Y-%m}",
            }
            try:
                result = attendance_import(
                    scope=scope,
                    project=project,
                    contractor=contractor,
                    month=month,
                    content=path.read_bytes(),
                    filename=path.name,
                )
            except LaborImportRejected as rejected:
                self.emit(REFUSED, **where, errors=rejected.errors)
            except PermissionDenied as denied:
                self.emit(REFUSED, **where, errors=[str(denied)])
            except Exception:  # a system failure: still one JSON answer, the details logged
                logger.exception("import_attendance %s failed", path.name)
                self.emit(REFUSED, **where, errors=["导入时发生系统错误，未写入任何数据。"])
            saved = result.saved
            self.emit(
                ACCEPTED,
                **where,
                summary=result.summary(),
                rows=result.rows,
                created=saved.created,
                updated=saved.updated,
                unchanged=saved.unchanged,
                flags=[
                    {
                        "worker_id": flag.worker_id,
                        "day": flag.day,
                        "kind": flag.kind,
                        "message": flag.message,
                    }
                    for flag in saved.flags
                ],
            )
