"""The demo district's labour data: thousands of valid workers in every priority group, rosters
with a year of attendance, surveys, briefings with gaps, training by each kind of organiser,
maintenance jobs, referrals in every state; nothing plain in the personal columns; a second
seed_demo run changes nothing."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from labor.id_numbers import luhn_valid, parse_id_number
from labor.models import (
    Attendance,
    Engagement,
    EngagementSource,
    LaborOrgProfile,
    LaborSurvey,
    PolicyBriefing,
    Referral,
    ReferralStatus,
    StaffCategory,
    SurveyResponse,
    TrainingKind,
    TrainingParticipant,
    TrainingSession,
    Worker,
    WorkerPriorityGroup,
)
from portal.models import Organization, OrganizationKind, Region
from portal.rules import rules_for
from projects.models import StageKind

pytestmark = pytest.mark.django_db

PLAIN_NUMBER = re.compile(r"\d{11,19}|\d{17}[\dXx]")


def snapshot() -> list:
    """Every labour row with its timestamps of last change, so a rewrite shows."""
    return [
        list(model.objects.order_by("pk").values_list(*fields))
        for model, fields in (
            (Worker, ("pk", "id_number_index", "name", "household_township", "updated_at")),
            (WorkerPriorityGroup, ("pk", "worker", "group", "source", "recorded_on")),
            (Engagement, ("pk", "worker", "project", "stage", "entry_date", "updated_at")),
            (Attendance, ("pk", "worker", "project", "month", "marks", "updated_at")),
            (SurveyResponse, ("pk", "survey", "id_number_index", "worker", "recorded_at")),
            (PolicyBriefing, ("pk", "township", "held_on", "topic", "people_reached")),
            (TrainingSession, ("pk", "organizer", "title", "start_date", "hours")),
            (TrainingParticipant, ("pk", "session", "worker", "passed", "certificate")),
            (Referral, ("pk", "plan", "worker", "status", "referred_at", "engagement")),
            (LaborOrgProfile, ("pk", "organization", "return_risk", "updated_at")),
        )
    ]


def raw_column(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def test_the_labour_demo_is_complete_consistent_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    district = Region.objects.get(code="990102")
    workers = list(Worker.objects.select_related("household_township"))
    assert 2500 <= len(workers) <= 3500

    # Valid numbers, the right birth date and sex; cards pass Luhn but a deliberate few.
    for worker in workers:
        parsed = parse_id_number(worker.id_number)
        assert (parsed.birth_date, parsed.sex) == (worker.birth_date, worker.sex)
    cards = [w.bank_card for w in workers if w.bank_card]
    failing = [card for card in cards if not luhn_valid(card)]
    assert 0 < len(failing) < len(cards) / 50

    # Every priority group of the region; not local, to complete, flagged, organised people.
    groups = set(WorkerPriorityGroup.objects.values_list("group", flat=True))
    assert groups == set(rules_for(district).priority_group_list)
    assert sum(1 for w in workers if w.household_township is None) > 20
    assert sum(1 for w in workers if w.household_township and not w.is_local(district)) > 20
    assert Worker.objects.filter(needs_age_review=True).count() > 20
    assert Worker.objects.filter(labor_organization__isnull=False).count() >= 100

    # No plain number in any personal column: Fernet tokens only.
    for table, columns in (
        ("labor_worker", ("id_number", "phone", "bank_card")),
        ("labor_surveyresponse", ("id_number", "phone")),
    ):
        for column in columns:
            values = [value for value in raw_column(table, column) if value]
            assert values, (table, column)
            assert all(value.startswith("gAAAAA") for value in values), (table, column)
            assert not any(PLAIN_NUMBER.fullmatch(value) for value in values), (table, column)

    # Rosters: mostly 务工人员, some managers and technicians; a year of attendance.
    categories = set(Engagement.objects.values_list("staff_category", flat=True))
    assert {StaffCategory.WORKER, StaffCategory.MANAGER, StaffCategory.TECHNICIAN} <= categories
    engaged = Attendance.objects.values("worker").distinct().count()
    assert engaged >= 1500
    months = set(Attendance.objects.values_list("month", flat=True))
    assert months == {datetime.date(2026, month, 1) for month in range(1, 11)}
    marks = "".join(Attendance.objects.values_list("marks", flat=True)[:2000])
    assert {"P", "H", "R", "A"} <= set(marks)
    assert marks.count("P") > marks.count("R") > marks.count("A")
    assert Engagement.objects.filter(contract_signed_on__isnull=True).exists()

    # Maintenance jobs on completed projects under a responsibility, most built them first.
    maintenance = Engagement.objects.filter(stage__kind=StageKind.MAINTENANCE)
    assert maintenance.count() >= 10
    assert all(e.project.maintenance_responsibility for e in maintenance)
    assert any(
        Engagement.objects.filter(worker=e.worker, project=e.project)
        .exclude(stage__kind=StageKind.MAINTENANCE)
        .exists()
        for e in maintenance
    )

    # A survey in every township (50-150 people, some already workers, some not yet).
    townships = Organization.objects.filter(kind=OrganizationKind.TOWNSHIP)
    for township in townships:
        survey = LaborSurvey.objects.get(township=township, year=2026)
        responses = survey.responses.all()
        assert 50 <= responses.count() <= 150
        assert responses.filter(worker__isnull=False).exists()
        assert responses.filter(worker__isnull=True).exists()
    # Briefings in most townships; one township and some villages never this year.
    briefed = set(
        PolicyBriefing.objects.filter(held_on__year=2026).values_list("township", flat=True)
    )
    assert 0 < len(briefed) < townships.count()

    # Training by 人社, townships and contractors; safety by contractors and 应急.
    organizers = {
        (session.organizer.kind, session.kind)
        for session in TrainingSession.objects.select_related("organizer")
    }
    assert (OrganizationKind.MEMBER_UNIT, TrainingKind.SKILLS) in organizers
    assert (OrganizationKind.TOWNSHIP, TrainingKind.SKILLS) in organizers
    assert (OrganizationKind.CONTRACTOR, TrainingKind.SKILLS) in organizers
    assert (OrganizationKind.CONTRACTOR, TrainingKind.SAFETY) in organizers
    assert (OrganizationKind.MEMBER_UNIT, TrainingKind.SAFETY) in organizers
    assert TrainingSession.objects.filter(reserve_for_maintenance=True).exists()
    assert TrainingSession.objects.filter(organizer__name__contains="人力资源和社会保障局").exists()
    assert TrainingParticipant.objects.count() > 300

    # Referrals in every state; a hire is on the roster; a refusal gives its reason.
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    for referral in Referral.objects.filter(status=ReferralStatus.ACCEPTED):
        assert referral.engagement.source == EngagementSource.REFERRAL
        assert referral.engagement.worker_id == referral.worker_id
        assert referral.referred_at < referral.decided_at
    assert not Referral.objects.filter(status=ReferralStatus.DECLINED, reason="").exists()

    # Labour organisations: a 返薄-flagged village collective comes first.
    first = LaborOrgProfile.objects.first()
    assert first.return_risk
    assert first.get_form_display() == "村集体经济组织"

    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "新建 0 条，更新 0 条" in out.getvalue()
    assert snapshot() == before
