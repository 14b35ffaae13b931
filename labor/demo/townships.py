"""The townships' side of the demo: a labour-force survey in every township for the demo year
(50-150 people each: many already registered workers, joined to their record by ID number,
the others not working yet) and policy briefings in several villages of most townships —
东坪乡 briefed only last year and a village or two in each township never, so the office's
coverage page shows its gaps."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from labor.demo.bulk import create_missing
from labor.demo.people import PeopleGenerator, Person
from labor.demo.rosters import DEMO_YEAR
from labor.models import LaborSurvey, PolicyBriefing, SurveyResponse
from portal.demo import SeedLog, upsert
from portal.models import Organization, Region, User

SURVEY_TITLE = f"{DEMO_YEAR}年农村劳动力状况摸底调查"
SKILLS = (
    "土石方",
    "砌筑",
    "钢筋",
    "木工",
    "驾驶",
    "电工",
    "焊工",
    "烹饪",
    "绿化养护",
    "保洁",
    "农机操作",
)
CERTIFICATES = ("电工证", "焊工证", "挖掘机操作证", "叉车证", "中式烹调师证", "砌筑工证")
PREFERRED = ("土石方", "建筑施工", "绿化养护", "保洁后勤", "驾驶运输", "不限")
# Months available, January first: all year; home in winter only (migrants); not in the
# busy farming seasons.
MONTH_PATTERNS = ("111111111111", "111111111111", "111000000111", "111100111011", "001111111100")
BRIEFING_TOPICS = (
    "以工代赈政策宣讲：就近务工报名和劳务报酬发放",
    "重点工程用工需求和报名方式",
    "农民工工资支付保障政策",
    "技能培训报名和补贴政策",
)
UNBRIEFED_TOWNSHIP = "东坪乡"


@dataclass
class ResponsePlan:
    person: Person
    survey: LaborSurvey
    willing: bool
    months: str
    skills: str
    pk: int | None = None


def seed_surveys(
    log: SeedLog,
    rng: random.Random,
    generator: PeopleGenerator,
    people: list[Person],
    townships: list[Organization],
    villages: dict[int, list[Region]],
    recorder: User | None,
) -> list[ResponsePlan]:
    plans: list[ResponsePlan] = []
    for number, township in enumerate(townships):
        user = recorder if recorder and township.code == "town-02" else None
        survey = upsert(
            LaborSurvey,
            log,
            {"township": township, "year": DEMO_YEAR, "title": SURVEY_TITLE},
            {
                "opened_on": datetime.date(DEMO_YEAR, 1, 20 + number),
                # Two townships keep their survey open for latecomers.
                "closed_on": None if number % 4 == 3 else datetime.date(DEMO_YEAR, 4, 30),
                "created_by": user,
            },
        )
        size = rng.randint(50, 150)
        residents = [p for p in people if p.township and p.township.pk == township.region_id]
        known = rng.sample(residents, min(len(residents), int(size * rng.uniform(0.5, 0.7))))
        newcomers = [
            generator.person(township.region, villages[township.region_id])
            for _ in range(size - len(known))
        ]
        for person in known + newcomers:
            draw = rng.random()
            skills = "、".join(sorted(rng.sample(SKILLS, k=rng.randint(0, 2))))
            plans.append(
                ResponsePlan(
                    person=person,
                    survey=survey,
                    willing=draw < 0.88,
                    months=rng.choice(MONTH_PATTERNS),
                    skills=skills,
                )
            )
    existing = _responses({plan.survey for plan in plans})

    def response(plan: ResponsePlan) -> SurveyResponse:
        person, local_rng = plan.person, random.Random(plan.person.index)  # noqa: S311
        return SurveyResponse(
            survey=plan.survey,
            worker_id=person.pk,
            id_number=person.number,
            id_number_index=person.index,
            name=person.name,
            birth_date=person.birth_date,
            sex=person.sex,
            village=person.village,
            willing=plan.willing,
            skills=plan.skills,
            certificates=local_rng.choice(CERTIFICATES) if local_rng.random() < 0.2 else "",
            months_available=plan.months,
            preferred_work=local_rng.choice(PREFERRED),
            travel_km=local_rng.choice((5, 10, 20, 30, 50, None)),
            priority_groups="\n".join(group for group, _source, _day in person.groups),
            phone=person.phone,
            recorded_by=recorder if plan.survey.township.code == "town-02" else None,
        )

    created = create_missing(
        SurveyResponse,
        log,
        (response(plan) for plan in plans if (plan.survey.pk, plan.person.index) not in existing),
        set(),
        key=lambda row: (row.survey_id, row.id_number_index),
    )
    if created:
        SurveyResponse.objects.filter(survey__in={plan.survey for plan in plans}).mark_latest()
        existing = _responses({plan.survey for plan in plans})
    for plan in plans:
        plan.pk = existing[(plan.survey.pk, plan.person.index)]
    return plans


def _responses(surveys: set[LaborSurvey]) -> dict[tuple[int, str], int]:
    rows = SurveyResponse.objects.filter(survey__in=surveys)
    return {
        (survey, index): pk
        for pk, survey, index in rows.values_list("pk", "survey_id", "id_number_index")
    }


def seed_briefings(
    log: SeedLog,
    townships: list[Organization],
    villages: dict[int, list[Region]],
    recorder: User | None,
) -> None:
    for number, township in enumerate(townships):
        places = villages[township.region_id]
        user = recorder if recorder and township.code == "town-02" else None
        if township.region.name == UNBRIEFED_TOWNSHIP:
            dates = [(datetime.date(DEMO_YEAR - 1, 6, 12), places[0])]
        else:
            # Two or three of its villages, never the last one.
            dates = [
                (datetime.date(DEMO_YEAR, 3 + 2 * n, 5 + number + n), places[n])
                for n in range(2 + number % 2)
            ]
        for held_on, village in dates:
            upsert(
                PolicyBriefing,
                log,
                {
                    "township": township,
                    "held_on": held_on,
                    "topic": BRIEFING_TOPICS[(number + held_on.month) % len(BRIEFING_TOPICS)],
                },
                {
                    "village": village,
                    "people_reached": 30 + (number * 37 + held_on.day * 11) % 150,
                    "note": f"在{village.name}{'居' if village.name.endswith('社区') else '村'}"
                    "民委员会召开，发放政策明白卡。",
                    "recorded_by": user,
                },
            )
