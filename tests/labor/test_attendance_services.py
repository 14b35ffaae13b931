"""attendance_month_save: who may save, what is refused (unknown marks, days the month lacks,
workers not on the roster), what is flagged (outside the engagement, two sites on one day),
unchanged rows left alone and one audit entry per save."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labor import services
from labor.models import Attendance, Mark
from labor.selectors import AttendanceFlagKind
from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects.models import ProjectContractor
from tests.labor.factories import id_number, register
from tests.labor.factories_attendance import MONTH, attendance_world
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

P, H, R, A, N = Mark.FULL, Mark.HALF, Mark.REST, Mark.ABSENT, Mark.NONE


def save(world, grid, *, scope=None, month=MONTH, contractor=None, project=None):
    return services.attendance_month_save(
        scope=scope or world["scope"],
        project=project or world["project"],
        contractor=contractor or world["scope"].organization,
        month=month,
        grid=grid,
    )


def test_a_month_is_saved_with_its_days(home):
    world = attendance_world(home)
    row = Attendance.objects.get(worker=world["li"], project=world["project"], month=MONTH)
    assert row.marks == P * 20 + H + R * 9
    assert row.days == 20.5
    assert row.updated_by == world["editor"]


def test_unchanged_rows_are_not_rewritten_and_a_save_without_change_is_not_audited(home):
    world = attendance_world(home)
    before = Attendance.objects.get(worker=world["li"], month=MONTH).updated_at
    audits = AuditEntry.objects.count()
    result = save(world, {world["li"].pk: P * 20 + H + R * 9, world["wang"].pk: ""})
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Attendance.objects.get(worker=world["li"], month=MONTH).updated_at == before
    assert AuditEntry.objects.count() == audits
    assert not Attendance.objects.filter(worker=world["wang"]).exists()  # nothing to record


def test_a_change_is_one_audit_entry_whatever_the_rows(home):
    world = attendance_world(home)
    audits = AuditEntry.objects.count()
    result = save(world, {world["li"].pk: P * 30, world["wang"].pk: N * 9 + P * 5})
    assert (result.created, result.updated) == (1, 1)
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == "attendance.save"
    assert "新增 1 人、修改 1 人" in entry.summary
    assert world["li_number"] not in entry.summary
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).days == 5


def test_unknown_marks_and_days_the_month_lacks_are_refused(home):
    world = attendance_world(home)
    with pytest.raises(ValidationError) as refused:
        save(world, {world["li"].pk: P * 30 + P})  # April has 30 days
    assert refused.value.messages == [
        "李四：2026年04月只有30天，没有31日。".replace("2026", str(MONTH.year))
    ]
    with pytest.raises(ValidationError) as refused:
        save(world, {world["li"].pk: "PQ"})
    assert "李四：无法识别的考勤标记“Q”" in refused.value.messages[0]
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks == P * 20 + H + R * 9


def test_a_worker_not_on_the_roster_is_refused(home, office_scope):
    world = attendance_world(home)
    stranger = register(office_scope, name="赵六", id_number=id_number())
    with pytest.raises(ValidationError) as refused:
        save(world, {world["li"].pk: P, stranger.pk: P})
    assert refused.value.messages == [f"赵六不在{home['contractor']}{MONTH:%Y年%m月}的用工名册上。"]
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks[0] == P
    assert not Attendance.objects.filter(worker=stranger).exists()


def test_a_month_before_his_entry_is_not_his_roster(home):
    world = attendance_world(home)
    with pytest.raises(ValidationError) as refused:
        save(world, {world["wang"].pk: P}, month=MONTH.replace(month=MONTH.month - 1))
    assert "王五不在" in refused.value.messages[0]


def test_days_outside_the_engagement_are_flagged_not_refused(home):
    world = attendance_world(home)
    # 王五 entered on the 10th: days 8 and 9 are before his entry.
    result = save(world, {world["wang"].pk: N * 7 + P * 5})
    flags = [(flag.day, flag.kind) for flag in result.flags]
    assert flags == [
        (8, AttendanceFlagKind.OUTSIDE_ENGAGEMENT),
        (9, AttendanceFlagKind.OUTSIDE_ENGAGEMENT),
    ]
    assert result.flags[0].message == "8日不在其进场至退场期间"
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).days == 5


def test_present_on_two_sites_on_one_day_is_flagged(home):
    world = attendance_world(home)
    other = ProjectFactory(region=home["district"], contractors=[home["contractor"]])
    services.engagement_add(
        scope=world["scope"],
        project=other,
        contractor=home["contractor"],
        worker=world["li"],
        entry_date=MONTH,
    )
    # Days 1-20 full on the first project; here days 20 (full) and 21 (half: present) and 22 (rest).
    result = save(world, {world["li"].pk: N * 19 + P + H + R}, project=other)
    assert [(flag.day, flag.kind) for flag in result.flags] == [
        (20, AttendanceFlagKind.TWO_SITES),
        (21, AttendanceFlagKind.TWO_SITES),
    ]
    assert result.flags[0].message == "20日在另一个项目也记了出勤"


def test_only_the_contractors_editors_save_its_roster(home):
    world = attendance_world(home)
    viewer = Scope.for_user(member(home["contractor"], Role.VIEWER))
    with pytest.raises(PermissionDenied):
        save(world, {world["li"].pk: P}, scope=viewer)
    office = Scope.for_user(member(home["office"], Role.ADMIN))
    with pytest.raises(PermissionDenied):
        save(world, {world["li"].pk: P}, scope=office, contractor=home["contractor"])
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    other_scope = Scope.for_user(member(other, Role.EDITOR))
    with pytest.raises(PermissionDenied):  # not party to the project
        save(world, {world["li"].pk: P}, scope=other_scope, contractor=other)
    ProjectContractor.objects.create(project=world["project"], contractor=other)
    with pytest.raises(ValidationError) as refused:  # party, but not his roster
        save(world, {world["li"].pk: P}, scope=other_scope, contractor=other)
    assert "李四不在" in refused.value.messages[0]


def test_a_month_must_be_its_first_day(home):
    world = attendance_world(home)
    with pytest.raises(ValidationError):
        save(world, {world["li"].pk: P}, month=MONTH + datetime.timedelta(days=1))


def test_parse_mark_reads_the_common_marks():
    for text, mark in [
        ("√", P), ("✓", P), ("1", P), (1.0, P), ("１", P),
        ("0.5", H), (0.5, H), ("半", H),
        ("休", R),
        ("×", A), ("✗", A), ("0", A), (0, A), ("x", A),
        (None, N), ("", N), (" ", N),
    ]:  # fmt: skip
        assert services.parse_mark(text) == mark, text
    assert services.parse_mark("?") is None
    assert services.parse_mark("2") is None


def test_days_still_to_come_are_refused(home):
    """A mark records a day worked: a day after today cannot hold one."""
    world = attendance_world(home)
    today = timezone.localdate()
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as refused:
        save(world, {world["li"].pk: P * 2}, month=month)
    assert f"李四：{month:%Y年%m月}1日、2日还没有到，考勤只能记录已经过去的日子。" in (
        refused.value.messages
    )
    assert not Attendance.objects.filter(month=month).exists()
