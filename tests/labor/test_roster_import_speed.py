"""The roster upload's fast path: new rows written with one COPY each hold what the model's
own save would (personal numbers encrypted, choices, stamps, related rows), a re-upload
compares related rows by id without loading them, and the number of queries does not grow
with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labor.importers.rosters import roster_import
from labor.models import Engagement, EngagementSource, StaffCategory, Worker
from portal import pii
from portal.models import AuditEntry
from tests.labor.factories import id_number, labor_world, luhn_card, roster_world
from tests.labor.factories_rosters import contractor_scope, plain_workbook
from tests.labor.factories_training import team_of

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
ENTRY = datetime.date(YEAR, 1, 1)
HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "联系电话",
    "工资卡号",
    "人员类别",
    "劳务组织",
    "班组",
    "进场日期",
    "日工资",
]


def upload(home, people: list[list]) -> object:
    rows = [HEADER, *([n, *person] for n, person in enumerate(people, start=1))]
    return roster_import(
        scope=contractor_scope(home),
        project=roster_world(home)["project"],
        content=plain_workbook(rows),
        entry_date=ENTRY,
    )


def people(count: int, **cells) -> list[list]:
    return [
        [
            f"工人{n}",
            id_number(),
            f"139{n:08d}",
            luhn_card(),
            cells.get("人员类别", ""),
            cells.get("劳务组织", ""),
            cells.get("班组", ""),
            f"{YEAR}-02-01",
            cells.get("日工资", 180),
        ]
        for n in range(count)
    ]


def test_copied_rows_hold_what_a_save_would(home):
    world = roster_world(home)
    labor_org = labor_world(home)["labor_org"]
    team = team_of(labor_org)
    before = timezone.now()
    [row] = people(1, 人员类别="管理人员", 班组=team.name)
    result = upload(home, [row])
    assert (result.workers_created, result.engagements_created) == (1, 1)
    worker = Worker.objects.get(name="工人0")
    assert (worker.id_number, worker.phone, worker.bank_card) == (row[1], row[2], row[3])
    assert worker.id_number_index == pii.blind_index(row[1])
    assert worker.region == world["project"].region.enclosing_area()
    assert worker.created_at >= before
    assert worker.updated_at >= before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, bank_card FROM labor_worker WHERE id = %s", [worker.pk]
        )
        stored = " ".join(cursor.fetchone())
    for number in row[1:4]:
        assert number not in stored  # encrypted at rest
    engagement = Engagement.objects.get(worker=worker)
    assert engagement.staff_category == StaffCategory.MANAGER
    assert engagement.source == EngagementSource.UPLOAD
    assert engagement.team == team
    assert engagement.labor_organization == labor_org  # the team's
    assert engagement.entry_date == datetime.date(YEAR, 2, 1)
    assert engagement.daily_pay == Decimal("180.00")
    assert engagement.created_by == world["editor"]
    assert engagement.contract_scan.name == ""
    assert engagement.created_at >= before


def test_a_re_upload_changing_the_pay_updates_only_that(home):
    team = team_of(labor_world(home)["labor_org"])
    rows = people(3, 班组=team.name)
    upload(home, rows)
    audits = AuditEntry.objects.filter(action="roster.import").count()
    again = upload(home, rows)
    assert (again.engagements_created, again.engagements_updated, again.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.filter(action="roster.import").count() == audits
    rows[1][8] = 260
    with CaptureQueriesContext(connection) as queries:
        changed = upload(home, rows)
    assert (changed.engagements_updated, changed.unchanged) == (1, 2)
    assert not [q for q in queries if 'FROM "labor_team" WHERE "labor_team"."id" =' in q["sql"]]
    engagement = Engagement.objects.get(worker__name="工人1")
    assert engagement.daily_pay == Decimal("260.00")
    assert engagement.team == team


def test_the_queries_do_not_grow_with_the_rows(home):
    roster_world(home)
    with CaptureQueriesContext(connection) as few:
        upload(home, people(3))
    with CaptureQueriesContext(connection) as many:
        upload(home, people(60))
    assert len(many) == len(few)


def test_an_empty_roster_is_refused_before_anything_is_written(home):
    from labor.importers.reading import LaborImportRejected

    roster_world(home)
    with pytest.raises(LaborImportRejected) as rejected:
        upload(home, [])
    assert rejected.value.errors == ["表中没有人员行：表头下面应逐行填写姓名和身份证号。"]
