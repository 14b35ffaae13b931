"""What a roster upload may hold: the names its columns may have, the values some of them
take, the limits of one upload, a checked row (`RosterRow`) and the refusal that lists the
errors row by row (`RosterImportRejected`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labor.id_numbers import IdNumber
from labor.importers.reading import LaborImportRejected, header_key
from labor.models import Engagement, StaffCategory

MAX_ROWS = 20_000
BATCH = 1000
PROGRESS_EVERY = 500

# What each column may be called in a roster (compared after header_key: spaces, units and
# full-width brackets normalised). The first name of each is the one messages use.
ALIASES = {
    name: tuple(header_key(text) for text in texts)
    for name, texts in {
        "name": ("姓名", "务工人员姓名", "人员姓名", "工人姓名"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码"),
        "sex": ("性别",),
        "phone": ("联系电话", "手机号", "手机号码", "电话", "联系方式"),
        "household_township": ("户籍乡镇", "所属乡镇", "户籍乡镇（街道）", "所属乡镇（街道）"),
        "household_village": ("户籍村", "所属村", "户籍村（社区）", "所属村（社区）"),
        "bank_name": ("开户银行", "开户行"),
        "bank_card": ("银行卡号", "工资卡号", "银行账号", "工资卡卡号"),
        "trade": ("工种",),
        "staff_category": ("人员类别", "人员类型"),
        "stage": ("用工环节", "建设任务和用工环节"),
        "team": ("班组/队伍", "班组", "队伍", "施工队伍", "班组（队伍）"),
        "labor_organization": ("劳务组织", "所属劳务组织", "劳务公司"),
        "contract_signed_on": ("劳动合同签订日期", "合同签订日期"),
        "contract_end": ("合同截止日期", "合同到期日期", "合同终止日期"),
        "entry_date": ("进场日期", "进场时间"),
        "exit_date": ("退场日期", "退场时间"),
        "daily_pay": ("日工资", "日工资标准", "日工资（元）"),
        "project": ("项目名称", "项目编码"),
    }.items()
}
REQUIRED = ("name", "id_number")
CATEGORIES = {label: value for value, label in StaffCategory.choices} | {
    "务工": StaffCategory.WORKER,
    "工人": StaffCategory.WORKER,
    "管理": StaffCategory.MANAGER,
    "技术": StaffCategory.TECHNICIAN,
    "劳务组织人员": StaffCategory.ORGANIZER,
}
PHONE = re.compile(r"\+?[\d-]{7,20}")
# Fields an upload may complete on an engagement already on the roster (blank cells leave
# the recorded value as it is).
UPDATABLE = (
    "trade",
    "staff_category",
    "team",
    "labor_organization",
    "contract_signed_on",
    "contract_end",
    "exit_date",
    "daily_pay",
)

# The dates `check_dates` orders, and what the check of the registry reads of an engagement
# already on the project (no related row: the worker's, the stage's and the contractor's ids
# are enough, and a team compared by id).
DATES = ("contract_signed_on", "contract_end", "exit_date")
ENGAGEMENT_READ = (
    "worker_id",
    "contractor_id",
    "stage_id",
    "entry_date",
    "trade",
    "staff_category",
    "team_id",
    "labor_organization_id",
    *DATES,
    "daily_pay",
)


class RosterImportRejected(LaborImportRejected):
    """The roster was not imported; `items` holds each error as {row, column, message}."""

    def __init__(self, errors: list[str], items: list[dict]):
        super().__init__(errors)
        self.items = items


@dataclass
class RosterRow:
    number: int  # the Excel row
    name: str
    parsed: IdNumber
    index: str
    worker_data: dict
    fields: dict  # the engagement's: stage, trade, staff_category, … daily_pay
    given: set[str] = field(default_factory=set)  # the engagement fields the row fills in
    worker_id: int | None = None  # the registered worker's, when he is registered
    existing: Engagement | None = None
