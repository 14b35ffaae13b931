"""The training ledger (培训台账) as an Excel workbook: one row per participant of each session
the ledger's filters select (a session without participants has one row of its own), ID
numbers masked, every cell written through `portal.spreadsheets`; the totals under the table
are the ledger page's, counted in the database."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook

from labor.forms import TrainingFilterForm
from labor.selectors import training_ledger, training_totals
from portal.exports import Built
from portal.progress import Progress
from portal.scope import Scope
from portal.spreadsheets import cell

EXPORT_KIND = "labor-training"
HEADERS = (
    "序号",
    "培训名称",
    "培训类别",
    "培训模式",
    "储备性技能培训",
    "组织单位",
    "培训机构",
    "项目编码",
    "项目名称",
    "乡镇（街道）",
    "开始日期",
    "结束日期",
    "学时",
    "姓名",
    "身份证号",
    "考核结果",
    "证书",
)
WIDTHS = (6, 28, 12, 12, 8, 22, 22, 16, 30, 16, 12, 12, 8, 10, 22, 10, 20)
PASSED_LABELS = {True: "合格", False: "不合格", None: "未考核"}


def _session_values(session) -> list:
    return [
        session.title,
        session.get_kind_display(),
        session.get_mode_display(),
        "是" if session.reserve_for_maintenance else "",
        session.organizer.name,
        session.provider,
        session.project.code if session.project_id else "",
        session.project.name if session.project_id else "",
        session.township.name if session.township_id else "",
        session.start_date,
        session.end_date,
        float(session.hours),
    ]


def build_training_export(scope: Scope, params: dict, progress: Progress) -> Built:
    """The builder of the ledger export (`portal.exports`), run by a worker under the user's
    scope: the same filters and the same selector as the ledger page."""
    form = TrainingFilterForm(params or None, scope=scope)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sessions = training_ledger(scope=scope, filters=filters).prefetch_related(
        "participants__worker"
    )
    totals = training_totals(sessions)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("培训台账")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([cell(sheet, "以工代赈务工人员培训台账")])
    sheet.append(
        [cell(sheet, f"{scope.organization.name}　导出日期：{timezone.localdate():%Y-%m-%d}")]
    )
    sheet.append([cell(sheet, header) for header in HEADERS])
    total = sessions.count()
    rows = 0
    for done, session in enumerate(sessions, start=1):
        values = _session_values(session)
        participants = sorted(session.participants.all(), key=lambda p: (p.worker.name, p.pk))
        people = [
            [
                p.worker.name,
                p.worker.masked_id_number,
                PASSED_LABELS[p.passed],
                p.certificate,
            ]
            for p in participants
        ] or [["", "", "", ""]]
        for person in people:
            rows += 1
            sheet.append([cell(sheet, value) for value in [rows, *values, *person]])
        progress(done, total, "正在写入培训台账")
    sheet.append([])
    sheet.append(
        [
            cell(sheet, value)
            for value in (
                "合计",
                f"培训{totals['sessions']}期，{float(totals['hours'])}学时；"
                f"参训{totals['attendances']}人次、{totals['people']}人，"
                f"考核合格{totals['passed']}人",
            )
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Built(f"培训台账-{timezone.localdate():%Y%m%d}.xlsx", buffer.getvalue(), rows)
