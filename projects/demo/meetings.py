"""Demo leading group and coordination meetings (seeds 000, 001 and 004): this year's and last
year's leading group (the district head as leader, deputies, each member unit's and
department's responsible person, the office at the DRC); the agriculture bureau named co-lead
(seed 001: the DRC and 农业农村局 lead together); the quarterly meetings with their action
items; 人社局's proposals — one pending, one held as a meeting with its minutes file and
action items (one closed with its 办理情况) — and 应急局's, declined; the next meeting
convened.

Deterministic (fixed dates and names) and idempotent (records found by their natural keys,
files written once)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind, User
from projects.models import (
    ActionItem,
    ActionItemStatus,
    GroupRole,
    LeadingGroup,
    LeadingGroupMember,
    Meeting,
    MeetingStatus,
)

GROUP_YEARS = (2025, 2026)
# (role, name, post, organisation code or None) — the leaders, in order.
LEADERS = {
    2025: [
        (GroupRole.LEADER, "王海东", "区人民政府区长", None),
        (GroupRole.DEPUTY, "陈建华", "区人民政府副区长", None),
        (GroupRole.DEPUTY, "赵国强", "区发展和改革局局长", "drc"),
    ],
    2026: [
        (GroupRole.LEADER, "刘志刚", "区人民政府区长", None),
        (GroupRole.DEPUTY, "陈建华", "区人民政府副区长", None),
        (GroupRole.DEPUTY, "赵国强", "区发展和改革局局长", "drc"),
        (GroupRole.DEPUTY, "杨春林", "区农业农村局局长", "dept-agriculture"),
    ],
}
# Each member unit's and department's responsible person (分管负责同志).
RESPONSIBLE = [
    ("dept-transport", "周立新"),
    ("dept-water", "吴海涛"),
    ("dept-energy", "郑文斌"),
    ("dept-agriculture", "冯玉梅"),
    ("dept-housing", "褚卫东"),
    ("dept-urban", "蒋晓峰"),
    ("dept-health", "沈丽华"),
    ("dept-culture", "韩明"),
    ("dept-forestry", "杨树青"),
    ("member-hrss", "施红霞"),
    ("member-finance", "朱建平"),
    ("member-emergency", "秦志勇"),
    ("member-audit", "尤晓燕"),
    ("member-civil", "许国华"),
    ("member-approval", "何静"),
]
GROUP_UNITS = ("drc", "dept-transport", "dept-water", "dept-agriculture", "member-hrss")

QUARTERLY = [
    ("2026年第一季度以工代赈协调推进会", datetime.date(2026, 3, 28)),
    ("2026年第二季度以工代赈协调推进会", datetime.date(2026, 6, 26)),
    ("2026年第三季度以工代赈协调推进会", datetime.date(2026, 9, 25)),
]
QUARTERLY_ITEMS = [
    (
        "督促在建项目按月上传劳务报酬发放台账",
        "dept-transport",
        30,
        "已督促 18 个在建项目按月上传台账，逾期上传的 3 个项目已在周调度会上通报。",
    ),
    (
        "组织乡镇开展劳动力状况摸底调查",
        "town-02",
        45,
        "河湾镇完成 12 个村的摸底调查，登记有务工意愿的劳动力 1260 人，台账已报区人社局。",
    ),
    (
        "推动未签署工资支付承诺书的项目限期补签",
        "dept-water",
        20,
        "已补签农民工工资支付承诺书 5 份，上传至各项目节点。",
    ),
]


def seed_meetings(log: SeedLog, context: dict, projects) -> None:
    district = context["district"]
    organizations = {
        o.code: o for o in Organization.objects.filter(region__path__startswith=district.path)
    }
    # Seed 001: the DRC and the agriculture bureau lead together.
    upsert(Organization, log, {"code": "dept-agriculture"}, {"is_co_lead": True})
    for year in GROUP_YEARS:
        _seed_group(log, district, organizations, year)
    users = {
        u.username: u for u in User.objects.filter(username__in=["office_editor", "member_editor"])
    }
    _seed_quarterly(log, district, organizations, projects, users.get("office_editor"))
    _seed_proposals(log, district, organizations, projects, users)


def _seed_group(log: SeedLog, district, organizations: dict, year: int) -> None:
    group = upsert(
        LeadingGroup,
        log,
        {"region": district, "year": year},
        {"name": "以工代赈工作领导小组", "office": organizations["drc"]},
    )
    people = [
        (role, name, post, organizations[code] if code else None)
        for role, name, post, code in LEADERS[year]
    ]
    for code, name in RESPONSIBLE:
        unit = organizations[code]
        people.append((GroupRole.MEMBER, name, f"{unit.short_name}副局长", unit))
    for order, (role, name, post, unit) in enumerate(people, start=1):
        upsert(
            LeadingGroupMember,
            log,
            {"group": group, "person_name": name, "role": role},
            {"post": post, "organization": unit, "order": order},
        )


def _minutes_file(log: SeedLog, record, field: str, name: str) -> None:
    """Attach the demo PDF once (a second run finds it and writes nothing)."""
    from projects.demo import DEMO_PDF

    stored = getattr(record, field)
    if stored:
        return
    stored.save(name, ContentFile(DEMO_PDF + f"% {name}\n".encode()), save=False)
    record.save(update_fields=[field])
    log.updated += 1


def _attendees(meeting: Meeting, units: list) -> None:
    if set(meeting.attendees.all()) != set(units):
        meeting.attendees.set(units)


def _seed_quarterly(log: SeedLog, district, organizations, projects, office_user) -> None:
    attendees = [
        organizations[code]
        for code in (
            "drc",
            "dept-transport",
            "dept-water",
            "dept-agriculture",
            "member-hrss",
            "member-finance",
            "town-01",
            "town-02",
        )
    ]
    for number, (title, held_on) in enumerate(QUARTERLY):
        meeting = upsert(
            Meeting,
            log,
            {"region": district, "title": title},
            {
                "status": MeetingStatus.HELD,
                "held_on": held_on,
                "minutes": "会议通报了各项目吸纳当地务工和劳务报酬发放情况，研究部署下阶段工作。",
                "other_invitees": "市发展改革委以工代赈办" if number == 2 else "",
            },
        )
        _attendees(meeting, attendees)
        if number == 2:
            _minutes_file(log, meeting, "minutes_file", "2026年第三季度协调推进会会议纪要.pdf")
        for description, owner_code, days, note in QUARTERLY_ITEMS:
            due = held_on + datetime.timedelta(days=days)
            done = number == 0 or (number == 1 and owner_code != "dept-water")
            upsert(
                ActionItem,
                log,
                {"meeting": meeting, "description": description},
                {
                    "owner": organizations[owner_code],
                    "due_on": due,
                    "status": ActionItemStatus.DONE if done else ActionItemStatus.OPEN,
                    "done_on": due - datetime.timedelta(days=3) if done else None,
                    "done_note": note if done else "",
                    "done_by": office_user if done else None,
                    "project": projects[number][1],
                },
            )


def _seed_proposals(log: SeedLog, district, organizations, projects, users) -> None:
    hrss, emergency = organizations["member-hrss"], organizations["member-emergency"]
    group_units = [organizations[code] for code in GROUP_UNITS]
    upsert(
        Meeting,
        log,
        {"region": district, "title": "以工代赈务工人员冬季技能培训"},
        {
            "status": MeetingStatus.PROPOSED,
            "proposed_by": hrss,
            "reasons": "冬季停工期间务工人员较多，培训机构和场地不足，需协调应急局、各乡镇和施工单位"
            "共同组织技能培训和安全生产培训。",
            "held_on": None,
        },
    )
    upsert(
        Meeting,
        log,
        {"region": district, "title": "施工现场安全生产培训专题会"},
        {
            "status": MeetingStatus.DECLINED,
            "proposed_by": emergency,
            "reasons": "部分项目以工代赈务工人员未参加岗前安全生产培训。",
            "decline_reason": "安全生产培训已列入第四季度协调推进会议题，不再单独召开；请应急局会前提供检查情况。",
            "held_on": None,
        },
    )
    held = upsert(
        Meeting,
        log,
        {"region": district, "title": "劳务报酬发放专题协调会"},
        {
            "status": MeetingStatus.HELD,
            "proposed_by": hrss,
            "reasons": "10 月台账显示 4 个项目存在劳务报酬延迟发放，需财政、行业主管部门共同督促。",
            "held_on": datetime.date(2026, 10, 20),
            "other_invitees": "市人社局劳动保障监察支队\n区总工会",
            "minutes": "会议听取了人社局关于劳务报酬发放情况的汇报，要求对延迟发放的项目逐一约谈，"
            "财政局核实专用账户开设情况，冬季停工前组织一次技能培训。",
        },
    )
    _attendees(held, [*group_units, organizations["member-finance"], organizations["town-02"]])
    _minutes_file(log, held, "minutes_file", "劳务报酬发放专题协调会会议纪要.pdf")
    items = [
        (
            "对延迟发放劳务报酬的项目逐一约谈施工单位",
            hrss,
            datetime.date(2026, 11, 10),
            datetime.date(2026, 11, 8),
            "已约谈 4 家施工单位，督促补发劳务报酬 37.6 万元，均已打卡到务工人员本人。",
        ),
        ("组织开展冬季务工人员技能培训", hrss, datetime.date(2026, 11, 25), None, ""),
        (
            "核实未开设农民工工资专用账户的项目并限期整改",
            organizations["member-finance"],
            datetime.date(2026, 12, 15),
            None,
            "",
        ),
    ]
    for number, (description, owner, due, done_on, note) in enumerate(items):
        item = upsert(
            ActionItem,
            log,
            {"meeting": held, "description": description},
            {
                "owner": owner,
                "due_on": due,
                "status": ActionItemStatus.DONE if done_on else ActionItemStatus.OPEN,
                "done_on": done_on,
                "done_note": note,
                "done_by": users.get("member_editor") if done_on else None,
                "project": projects[3 + number][1],
            },
        )
        if done_on:
            _minutes_file(log, item, "done_file", "约谈及补发情况.pdf")
    convened = upsert(
        Meeting,
        log,
        {"region": district, "title": "2026年第四季度以工代赈协调推进会"},
        {
            "status": MeetingStatus.CONVENED,
            "held_on": datetime.date(2026, 12, 18),
            "other_invitees": "市发展改革委以工代赈办",
        },
    )
    _attendees(
        convened,
        [
            *group_units,
            organizations["member-finance"],
            organizations["member-emergency"],
            *Organization.objects.filter(kind=OrganizationKind.TOWNSHIP, region__parent=district),
        ],
    )
