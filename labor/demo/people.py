"""The demo's people: about 3,000 registered workers and a few hundred surveyed people who are
not workers yet, drawn from a seeded generator so every run plans the same people.

ID numbers are well formed (ISO 7064 MOD 11-2 check character, real birth dates) but nobody's:
the area code 1499xx names city 99 of province 14, which does not exist, as the demo's region
codes start with 99. Bank cards carry a valid Luhn digit except a few (`LUHN_FAILURES`) that
fail on purpose, as real registries hold some; phones are 11 digits. Workers are found again by
the blind index of their number (one query for all): Fernet tokens differ on every run.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from labor.demo.bulk import create_missing
from labor.id_numbers import Sex, age_on, check_character
from labor.models import Worker, WorkerPriorityGroup
from portal.demo import SeedLog
from portal.models import Region
from portal.pii import blind_index
from portal.rules import rules_for

WORKER_COUNT = 3000
# Area codes: the demo district's residents, a few whose number was issued in another county
# of the demo city, and the neighbouring county's people (not local).
LOCAL_AREAS = ("149902", "149902", "149902", "149901")
OUTSIDE_AREA = "149921"
# Every n-th card fails the Luhn check on purpose (the registry warns, it does not refuse).
LUHN_FAILURES = 149

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹武乔贺"
)
GIVEN_MALE = [
    "建国",
    "建军",
    "国强",
    "志强",
    "志刚",
    "海涛",
    "海军",
    "永明",
    "晓东",
    "俊杰",
    "文斌",
    "德胜",
    "春生",
    "宏伟",
    "军",
    "伟",
    "强",
    "磊",
    "勇",
    "刚",
    "斌",
    "鹏",
    "辉",
    "杰",
    "涛",
    "明",
    "超",
    "亮",
    "平",
    "峰",
    "建平",
    "建华",
    "红兵",
    "卫东",
    "小龙",
    "二虎",
    "金柱",
    "满仓",
    "保国",
    "振华",
    "永平",
    "福生",
    "宝山",
    "长青",
    "立新",
    "铁柱",
    "玉林",
    "守成",
    "继红",
    "学军",
]
GIVEN_FEMALE = [
    "秀英",
    "桂英",
    "秀兰",
    "玉兰",
    "桂兰",
    "凤英",
    "春梅",
    "丽",
    "芳",
    "娟",
    "敏",
    "静",
    "霞",
    "燕",
    "红",
    "艳",
    "玲",
    "琴",
    "萍",
    "慧",
    "海燕",
    "晓燕",
    "丽娟",
    "翠花",
    "春花",
    "金凤",
    "彩霞",
    "小红",
    "淑珍",
    "玉梅",
    "月娥",
    "素芳",
    "爱莲",
    "巧云",
    "红梅",
]
BANKS = (
    ("示范农村商业银行", "6217992"),
    ("中国农业银行示范区支行", "6228992"),
    ("中国邮政储蓄银行示范区支行", "6221992"),
    ("中国建设银行示范区支行", "6217002"),
)
# (group, weight): the region's default priority groups (DOMAIN.md), the common ones first.
PRIORITY_GROUPS = (
    ("返乡农民工", 30),
    ("脱贫人口", 30),
    ("防止返贫监测对象", 12),
    ("受灾群众（因灾需救助群体）", 6),
    ("城镇低收入人口", 6),
    ("就业困难人员", 8),
    ("增收能力有限的群体", 5),
    ("因不可抗力无法外出务工劳动力", 3),
)
GROUP_SOURCES = ("民政部门名单", "乡村振兴部门监测名单", "乡镇摸底调查", "本人申报并核实")


@dataclass
class Person:
    """One planned person; `township` and `village` are Regions (None: not recorded)."""

    number: str
    index: str
    name: str
    birth_date: datetime.date
    sex: str
    phone: str
    township: Region | None
    village: Region | None
    bank_name: str = ""
    bank_card: str = ""
    groups: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    labor_org: str = ""  # organisation code
    needs_age_review: bool = False
    pk: int | None = None


class PeopleGenerator:
    """Draws people from one seeded generator; numbers never repeat within a run."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbers: set[str] = set()
        self.serial = 0

    def number(self, area: str, birth: datetime.date, male: bool) -> str:
        while True:
            serial = self.rng.randrange(500) * 2 + (1 if male else 0)  # 17th digit: odd for men
            first17 = f"{area}{birth:%Y%m%d}{serial:03d}"
            number = first17 + check_character(first17)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def birth_date(self, male: bool) -> datetime.date:
        rng = self.rng
        # Mostly 25-55; some past the age flag (60 for men, 50 for women by default), a few
        # just adult.
        if male:
            spans, weights = (
                ((1956, 1965), (1966, 1975), (1976, 1999), (2000, 2006)),
                (5, 30, 56, 9),
            )
        else:
            spans, weights = ((1966, 1975), (1976, 1999), (2000, 2006)), (12, 78, 10)
        first, last = rng.choices(spans, weights)[0]
        year = rng.randint(first, last)
        return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))

    def phone(self) -> str:
        if self.rng.random() < 0.05:
            return ""
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

    def bank_card(self, prefix: str) -> str:
        self.serial += 1
        body = f"{prefix}{self.rng.randrange(10**11):011d}"
        card = body + luhn_digit(body)
        if self.serial % LUHN_FAILURES == 0:
            card = card[:-1] + str((int(card[-1]) + 1) % 10)
        return card

    def groups(self, local: bool) -> list[tuple[str, str, datetime.date]]:
        rng = self.rng
        if rng.random() > (0.45 if local else 0.1):
            return []
        names = [name for name, _weight in PRIORITY_GROUPS]
        weights = [weight for _name, weight in PRIORITY_GROUPS]
        chosen = {rng.choices(names, weights)[0] for _ in range(1 + (rng.random() < 0.12))}
        return [
            (
                group,
                rng.choice(GROUP_SOURCES),
                datetime.date(rng.choice((2025, 2026)), rng.randint(1, 9), rng.randint(1, 28)),
            )
            for group in sorted(chosen)
        ]

    def person(
        self, township: Region | None, villages: list[Region], *, outside: bool = False
    ) -> Person:
        rng = self.rng
        male = rng.random() < 0.72
        birth = self.birth_date(male)
        area = OUTSIDE_AREA if outside else rng.choice(LOCAL_AREAS)
        number = self.number(area, birth, male)
        given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
        return Person(
            number=number,
            index=blind_index(number),
            name=rng.choice(SURNAMES) + given,
            birth_date=birth,
            sex=Sex.MALE if male else Sex.FEMALE,
            phone=self.phone(),
            township=township,
            village=rng.choice(villages) if villages else None,
            groups=self.groups(local=township is not None and not outside),
        )


def luhn_digit(body: str) -> str:
    """The Luhn check digit to append to `body`."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char)
        if position % 2 == 0:  # doubled: every second digit from the right of the full number
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


def plan_workers(
    generator: PeopleGenerator,
    district: Region,
    townships: list[Region],
    villages: dict[int, list[Region]],
    outside_township: Region,
    outside_villages: list[Region],
) -> list[Person]:
    """WORKER_COUNT workers: most with a household township and village of the district, some
    from the neighbouring county (not local), some with no township recorded yet (listed for
    completion); a bank card for nearly all; the age flag from the region's rules."""
    rng = generator.rng
    rules = rules_for(district)
    flag_day = datetime.date(2026, 3, 1)
    people = []
    for _ in range(WORKER_COUNT):
        draw = rng.random()
        if draw < 0.06:
            person = generator.person(outside_township, outside_villages, outside=True)
        elif draw < 0.10:
            person = generator.person(None, [])
        else:
            township = rng.choice(townships)
            person = generator.person(township, villages[township.pk])
        if rng.random() < 0.97:
            person.bank_name, prefix = rng.choice(BANKS)
            person.bank_card = generator.bank_card(prefix)
        limit = rules.age_flag_men if person.sex == Sex.MALE else rules.age_flag_women
        person.needs_age_review = age_on(person.birth_date, flag_day) > limit
        people.append(person)
    return people


def assign_labor_orgs(people: list[Person], quotas: dict[str, tuple[Region | None, int]]) -> None:
    """Members of the labour organisations: each takes its quota of people of its township (or
    of any township for a district-wide company), in the order planned."""
    for code, (township, quota) in quotas.items():
        taken = 0
        for person in people:
            if taken == quota:
                break
            if person.labor_org or person.township is None:
                continue
            if township is None or person.township.pk == township.pk:
                person.labor_org = code
                taken += 1


def seed_workers(
    log: SeedLog, district: Region, people: list[Person], organizations: dict
) -> dict[str, int]:
    """Create the planned workers missing from the registry (looked up by blind index, one
    query) and their priority groups; return every planned worker's pk by blind index."""
    indexes = [person.index for person in people]
    existing = dict(
        Worker.objects.filter(id_number_index__in=indexes).values_list("id_number_index", "pk")
    )
    rows = (
        Worker(
            name=person.name,
            id_number=person.number,
            id_number_index=person.index,
            birth_date=person.birth_date,
            sex=person.sex,
            phone=person.phone,
            region=district,
            household_township=person.township,
            household_village=person.village,
            bank_name=person.bank_name,
            bank_card=person.bank_card,
            labor_organization=organizations.get(person.labor_org),
            needs_age_review=person.needs_age_review,
        )
        for person in people
        if person.index not in existing
    )
    if create_missing(Worker, log, rows, set(), key=lambda worker: worker.id_number_index):
        existing = dict(
            Worker.objects.filter(id_number_index__in=indexes).values_list("id_number_index", "pk")
        )
    for person in people:
        person.pk = existing[person.index]
    groups = set(
        WorkerPriorityGroup.objects.filter(worker_id__in=existing.values()).values_list(
            "worker_id", "group"
        )
    )
    create_missing(
        WorkerPriorityGroup,
        log,
        (
            WorkerPriorityGroup(worker_id=person.pk, group=group, source=source, recorded_on=day)
            for person in people
            for group, source, day in person.groups
        ),
        groups,
        key=lambda row: (row.worker_id, row.group),
    )
    return existing
