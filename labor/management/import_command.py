"""The one shape of the commands that run an upload's pipeline from the shell
(`import_roster`, `import_attendance`, and a later app's ledger import the same way):
`FILE --project CODE --contractor CODE [--user NAME]` and each command's own options.

Whatever happens, the command prints one JSON document on stdout,
{"accepted": bool, "exit_code": int, "errors": [{"row", "column", "message"} or a message],
"summary": …, and the command's own keys}, and exits 0 when the file was accepted, 1 when it
was refused for any reason (a hostile or non-xlsx file, a bad row, no right to write), 2 only
for wrong arguments (argparse's, in Chinese; a file that cannot be read; an unknown project,
contractor or user, a user who is not an active editor or admin of the contractor).
Without `--user` the import runs in the contractor's own name (`Scope.system`); with it,
as that member of the contractor."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand
from django.utils import translation

from portal.models import CONTRACTOR_KINDS, Membership, Organization, Role, User
from portal.scope import Scope
from projects.models import Project

logger = logging.getLogger(__name__)

ACCEPTED, REFUSED, WRONG_ARGUMENTS = 0, 1, 2

# argparse speaks English (its messages have no Chinese catalogue): what it says, in Chinese.
ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.+)", "缺少必填参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面要写一个值"),
    (r"argument (\S+): expected at least one argument", "参数 {0} 后面至少要写一个值"),
    (
        r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
        "参数 {0} 的值 {1} 无效，可选：{2}",
    ),
    (r"argument (\S+): ignored explicit argument (.+)", "参数 {0} 不接受值 {1}"),
    (r"argument (\S+): invalid \S+ value: (.+)", "参数 {0} 的值 {1} 无效"),
    (r"ambiguous option: (\S+) could match (.+)", "参数 {0} 不明确，可能是：{1}"),
    (r"one of the arguments (.+) is required", "参数 {0} 必须写一个"),
]


def argparse_message(message: str) -> str:
    """argparse's refusal in Chinese; an unknown one as argparse wrote it."""
    for pattern, chinese in ARGPARSE_MESSAGES:
        if found := re.fullmatch(pattern, message.strip()):
            return chinese.format(*found.groups())
    return message


class WrongArguments(Exception):
    """Exit 2: the arguments do not name a readable file, a project, a contractor, a user."""


class ImportRefused(Exception):
    """Exit 1: the pipeline refused the file; `errors` are its messages (or row/column dicts)."""

    def __init__(self, errors: list):
        super().__init__(errors)
        self.errors = errors


@dataclass
class ImportTarget:
    """What the common arguments name: the file, the project, the contractor, who imports."""

    path: Path
    project: Project
    contractor: Organization
    scope: Scope

    def where(self) -> dict[str, str]:
        return {
            "file": self.path.name,
            "project": self.project.code,
            "contractor": self.contractor.code,
        }


class ImportCommand(BaseCommand):
    """Subclasses name the file (`file_help`), add their own options (`add_import_arguments`),
    read them (`import_arguments`: a dict, or WrongArguments) and run the pipeline (`run`:
    the document's keys on success, ImportRefused on refusal)."""

    file_help = "Excel 文件（.xlsx）"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str):
            # Even argparse's refusal is one JSON document on stdout (and exit 2).
            self.emit(WRONG_ARGUMENTS, errors=[f"参数错误：{argparse_message(message)}"])

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--project", required=True, help="项目编码")
        parser.add_argument("--contractor", required=True, help="施工单位编码")
        parser.add_argument(
            "--user", help="以该用户（施工单位的成员）的身份导入；默认以施工单位的名义"
        )
        self.add_import_arguments(parser)

    def add_import_arguments(self, parser) -> None:
        """The command's own options."""

    def import_arguments(self, options: dict) -> dict[str, Any]:
        """The command's own options, read: keywords for `run`."""
        return {}

    def run(self, target: ImportTarget, content: bytes, **arguments) -> dict[str, Any]:
        raise NotImplementedError

    def emit(self, code: int, **document) -> None:
        # Keywords, not string keys: "accepted" is also a referral's status value.
        document = dict(accepted=code == ACCEPTED, exit_code=code, **document)
        document.setdefault("errors", [])
        document.setdefault("summary", {})
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        self.stdout.flush()
        raise SystemExit(code)

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            try:
                target = self.target(options)
                arguments = self.import_arguments(options)
                content = target.path.read_bytes()
            except WrongArguments as wrong:
                self.emit(WRONG_ARGUMENTS, errors=[str(wrong)])
            except OSError as error:
                self.emit(
                    WRONG_ARGUMENTS, errors=[f"无法读取文件“{options['file']}”：{error.strerror}。"]
                )
            try:
                document = self.run(target, content, **arguments)
            except ImportRefused as refused:
                self.emit(REFUSED, **target.where(), errors=refused.errors)
            except PermissionDenied as denied:
                self.emit(REFUSED, **target.where(), errors=[str(denied)])
            except Exception:  # the pipeline failed: still one JSON answer, details in the log
                logger.exception("%s of %s failed", type(self).__module__, target.path.name)
                self.emit(
                    REFUSED, **target.where(), errors=["导入时发生系统错误，未写入任何数据。"]
                )
            self.emit(ACCEPTED, **target.where(), **document)

    def target(self, options: dict) -> ImportTarget:
        path = Path(options["file"])
        if not path.is_file():
            raise WrongArguments(f"找不到文件：{path}")
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            raise WrongArguments(f"没有编码为“{options['project']}”的项目。")
        contractor = Organization.objects.filter(
            code=options["contractor"], kind__in=CONTRACTOR_KINDS
        ).first()
        if contractor is None:
            raise WrongArguments(f"没有编码为“{options['contractor']}”的施工单位。")
        if not options.get("user"):
            return ImportTarget(path, project, contractor, Scope.system(contractor))
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise WrongArguments(f"没有用户名为“{options['user']}”的用户。")
        membership = Membership.objects.filter(user=user, organization=contractor).first()
        if membership is None:
            raise WrongArguments(f"用户“{user.username}”不是{contractor}的成员。")
        if membership.role not in (Role.EDITOR, Role.ADMIN):
            raise WrongArguments(
                f"用户“{user.username}”是{contractor}的查看者，只有填报员和管理员可以导入。"
            )
        scope = Scope(user=user, organization=contractor, role=membership.role)
        return ImportTarget(path, project, contractor, scope)
