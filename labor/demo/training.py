"""Training in the demo year: 人社 (the member unit 人力资源和社会保障局) runs skills training
with the vocational school and on projects, guiding the townships, which run their own; the
contractors train their rosters on site (skills, and safety on entry); 应急 runs safety
training with the contractors; reserve training for maintenance jobs is marked as such.
Sessions are keyed by (organiser, title, start date), participants by (session, worker)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from labor.demo.bulk import create_missing
from labor.demo.people import Person
from labor.demo.rosters import DEMO_YEAR, EngagementPlan, Site
from labor.models import TrainingKind, TrainingMode, TrainingParticipant, TrainingSession
from portal.demo import SeedLog, upsert
from portal.models import Organization, OrganizationKind

SCHOOL = "示范区职业技术学校"
D = datetime.date
SKILLS, SAFETY = TrainingKind.SKILLS, TrainingKind.SAFETY
# (organiser: a code or "hrss"/"emergency"/"contractor", kind, mode, title, provider,
#  township index or None, project: the n-th demo site or None, start, days, hours,
#  participants, certificate, reserve for maintenance)
SESSIONS = (
    ("hrss", SKILLS, TrainingMode.SCHOOL, "以工代赈务工人员砌筑工技能培训", SCHOOL, 1, None, D(DEMO_YEAR, 3, 9), 12, 80, 40, "砌筑工职业技能等级证书（五级）", False),
    ("hrss", SKILLS, TrainingMode.PROJECT, "挖掘机操作技能培训", SCHOOL, None, 2, D(DEMO_YEAR, 4, 13), 10, 60, 30, "挖掘机操作证", False),
    ("hrss", SKILLS, TrainingMode.SCHOOL, "农村公路和水利设施管护储备性技能培训", SCHOOL, 3, None, D(DEMO_YEAR, 9, 7), 5, 32, 35, "", True),
    ("hrss", SKILLS, TrainingMode.SCHOOL, "中式烹调和后勤服务技能培训", SCHOOL, 4, None, D(DEMO_YEAR, 5, 18), 8, 48, 25, "中式烹调师职业技能等级证书（五级）", False),
    ("town-02", SKILLS, TrainingMode.SCHOOL, "河湾镇农村劳动力电工技能培训", SCHOOL, 1, None, D(DEMO_YEAR, 6, 8), 10, 60, 28, "电工职业技能等级证书（五级）", False),
    ("town-04", SKILLS, TrainingMode.PROJECT, "柳林镇钢筋工技能培训", "柳林农业工程建设有限公司", 3, 5, D(DEMO_YEAR, 4, 20), 6, 36, 30, "钢筋工职业技能等级证书（五级）", False),
    ("town-08", SKILLS, TrainingMode.SCHOOL, "龙泉镇绿化养护储备性技能培训", SCHOOL, 7, None, D(DEMO_YEAR, 10, 12), 4, 24, 20, "", True),
    ("contractor", SKILLS, TrainingMode.ON_SITE, "岗前技能培训：土石方施工", "", None, 0, D(DEMO_YEAR, 3, 2), 2, 16, 30, "", False),
    ("contractor", SKILLS, TrainingMode.ON_SITE, "岗前技能培训：钢筋绑扎和模板支护", "", None, 3, D(DEMO_YEAR, 3, 16), 3, 24, 25, "", False),
    ("contractor", SKILLS, TrainingMode.ON_SITE, "岗前技能培训：管道沟槽开挖", "", None, 6, D(DEMO_YEAR, 4, 6), 2, 16, 25, "", False),
    ("contractor", SAFETY, TrainingMode.ON_SITE, "入场三级安全教育", "", None, 0, D(DEMO_YEAR, 3, 3), 3, 24, 45, "", False),
    ("contractor", SAFETY, TrainingMode.ON_SITE, "入场三级安全教育", "", None, 1, D(DEMO_YEAR, 3, 4), 3, 24, 40, "", False),
    ("contractor", SAFETY, TrainingMode.ON_SITE, "入场三级安全教育", "", None, 4, D(DEMO_YEAR, 3, 10), 3, 24, 40, "", False),
    ("contractor", SAFETY, TrainingMode.ON_SITE, "汛期施工安全培训", "", None, 7, D(DEMO_YEAR, 6, 1), 1, 8, 35, "", False),
    ("contractor", SAFETY, TrainingMode.ON_SITE, "高处作业和临时用电安全培训", "", None, 8, D(DEMO_YEAR, 5, 11), 1, 8, 30, "", False),
    ("emergency", SAFETY, TrainingMode.PROJECT, "重点工程务工人员安全生产专题培训", "示范区应急管理局", None, 2, D(DEMO_YEAR, 5, 26), 2, 12, 50, "", False),
    ("emergency", SAFETY, TrainingMode.PROJECT, "有限空间和防汛应急演练培训", "示范区应急管理局", None, 9, D(DEMO_YEAR, 7, 8), 1, 6, 40, "", False),
)  # fmt: skip


def _organizers(district) -> dict[str, Organization]:
    members = Organization.objects.filter(
        kind=OrganizationKind.MEMBER_UNIT, region__path__startswith=district.path
    )
    found = {o.code: o for o in Organization.objects.filter(region__path__startswith=district.path)}
    # 人社 and 应急 are found by name, as the demo names them (seeds 000 and 001).
    for key, word in (("hrss", "人力资源和社会保障"), ("emergency", "应急管理")):
        unit = next((o for o in members.order_by("code") if word in o.name), None)
        if unit is not None:
            found[key] = unit
    return found


def seed_training(
    log: SeedLog,
    rng: random.Random,
    district,
    sites: list[Site],
    plans: list[EngagementPlan],
    people: list[Person],
) -> None:
    organizers = _organizers(district)
    townships = sorted(
        (o for o in organizers.values() if o.kind == OrganizationKind.TOWNSHIP),
        key=lambda o: o.code,
    )
    building = [site for site in sites if not site.finished_in_year]
    wanted: list[tuple[TrainingSession, list[Person], str]] = []
    for (
        organizer_key,
        kind,
        mode,
        title,
        provider,
        township_index,
        site_index,
        start,
        days,
        hours,
        size,
        certificate,
        reserve,
    ) in SESSIONS:
        site = building[site_index % len(building)] if site_index is not None else None
        organizer = (
            site.contractors[0] if organizer_key == "contractor" else organizers.get(organizer_key)
        )
        if organizer is None or (site_index is not None and site is None):
            continue
        township = townships[township_index] if township_index is not None else None
        if site is not None:
            pool = [
                p.person
                for p in plans
                if p.site is site and p.entry_date <= start and (p.exit_date or start) >= start
            ]
        else:
            pool = [p for p in people if p.township and p.township.pk == township.region_id]
        session = upsert(
            TrainingSession,
            log,
            {"organizer": organizer, "title": title, "start_date": start},
            {
                "kind": kind,
                "mode": mode,
                "provider": provider or organizer.name,
                "project": site.project if site else None,
                "township": township,
                "end_date": start + datetime.timedelta(days=days - 1),
                "hours": Decimal(hours),
                "reserve_for_maintenance": reserve,
            },
        )
        attendees = rng.sample(pool, min(size, len(pool))) if pool else []
        wanted.append((session, attendees, certificate))
    existing = set(
        TrainingParticipant.objects.filter(session__in=[w[0] for w in wanted]).values_list(
            "session_id", "worker_id"
        )
    )
    rows = []
    for number, (session, attendees, certificate) in enumerate(wanted):
        for position, person in enumerate(attendees):
            if person.pk is None:
                continue
            # Pass most; fail a few; the latest sessions not yet assessed.
            passed = None if session.start_date.month >= 10 else (position + number) % 9 != 4
            rows.append(
                TrainingParticipant(
                    session=session,
                    worker_id=person.pk,
                    passed=passed,
                    certificate=certificate if passed else "",
                )
            )
    create_missing(
        TrainingParticipant, log, rows, existing, key=lambda row: (row.session_id, row.worker_id)
    )
