"""The attendance pages: the grid (entered by the contractor, read by the others, flags on
their cells), its save, the upload and its status, the monthly summaries whose numbers equal
the lists they link to, query counts that do not grow with the rows, and who sees what."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labor import services
from labor.models import Attendance, AttendanceImport, Mark
from portal.models import AuditEntry, OrganizationKind, Role
from tests.labor.factories import id_number, labor_world, register
from tests.labor.factories_attendance import (
    MONTH,
    attendance_world,
    grid_row,
    grid_upload,
    grid_workbook,
)
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

P, H, R, A, N = Mark.FULL, Mark.HALF, Mark.REST, Mark.ABSENT, Mark.NONE
MONTH_PARAM = {"month": f"{MONTH:%Y-%m}"}


def as_user(client, organization, role=Role.EDITOR):
    client.force_login(member(organization, role))
    return client


def grid_url(world):
    return reverse("labor:attendance-grid", args=[world["project"].pk])


def save_url(world):
    return reverse("labor:attendance-save", args=[world["project"].pk])


def cells(world, worker, marks: str) -> dict:
    return {f"m-{worker.pk}-{day}": mark for day, mark in enumerate(marks, start=1)}


def test_the_contractor_enters_its_roster_on_the_grid(client, home):
    world = attendance_world(home)
    page = as_user(client, home["contractor"]).get(grid_url(world), MONTH_PARAM)
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('data-testid="grid-row"') == 2
    assert f'name="m-{world["li"].pk}-1" value="√"' in text
    assert f'name="m-{world["li"].pk}-21" value="半"' in text
    assert f'name="m-{world["wang"].pk}-30"' in text
    assert f'name="m-{world["wang"].pk}-31"' not in text  # April has 30 days
    assert 'aria-label="李四 1日"' in text
    assert world["li_number"] not in text
    assert world["li"].masked_id_number in text
    assert 'class="table-responsive"' in text
    assert "position-sticky start-0" in text
    assert "20.5" in text


def test_saving_the_grid_writes_the_changed_rows_and_flags_days(client, home):
    world = attendance_world(home)
    client = as_user(client, home["contractor"])
    li = P * 20 + H + R * 9
    data = {
        "month": MONTH_PARAM["month"],
        **cells(world, world["li"], ["√"] * 20 + ["半"] + ["休"] * 9),
        **cells(world, world["wang"], ["", "", "", "", "", "", "", "1", "√", "0.5", "×"]),
    }
    audits = AuditEntry.objects.count()
    response = client.post(save_url(world), data, follow=True)
    text = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?month={MONTH:%Y-%m}")
    assert "新增 1 人、修改 0 人、未变 1 人的月考勤" in text
    assert "王五8日不在其进场至退场期间" in text  # the warning after the save
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks == li
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).marks == (
        N * 7 + P + P + H + A + N * 19
    )
    assert AuditEntry.objects.count() == audits + 1
    # the flagged cell is marked on the grid and listed under it
    assert 'title="8日不在其进场至退场期间"' in text
    assert "<li>王五：9日不在其进场至退场期间</li>" in text
    # the same grid again changes nothing
    client.post(save_url(world), data)
    assert AuditEntry.objects.count() == audits + 1


def test_an_unknown_mark_on_the_grid_is_refused_and_nothing_saved(client, home):
    world = attendance_world(home)
    data = {"month": MONTH_PARAM["month"], **cells(world, world["li"], ["?"])}
    response = as_user(client, home["contractor"]).post(save_url(world), data, follow=True)
    assert "李四 1日：无法识别的考勤标记“?”。" in html.unescape(response.content.decode())
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks[0] == P


def test_a_person_on_two_sites_is_flagged_on_both_grids(client, home):
    world = attendance_world(home)
    other = ProjectFactory(region=home["district"], contractors=[home["contractor"]])
    services.engagement_add(
        scope=world["scope"],
        project=other,
        contractor=home["contractor"],
        worker=world["li"],
        entry_date=MONTH,
    )
    services.attendance_month_save(
        scope=world["scope"],
        project=other,
        contractor=home["contractor"],
        month=MONTH,
        grid={world["li"].pk: N * 2 + P},
    )
    text = as_user(client, home["office"], Role.VIEWER).get(grid_url(world), MONTH_PARAM)
    text = text.content.decode()
    assert 'title="3日在另一个项目也记了出勤"' in text
    assert "1处待核实" in text
    assert "<input" not in text.split('data-testid="attendance-grid"')[1]  # the office reads


def test_only_the_contractors_editors_save(client, home):
    world = attendance_world(home)
    data = {"month": MONTH_PARAM["month"], **cells(world, world["li"], ["×"])}
    assert (
        as_user(client, home["contractor"], Role.VIEWER).post(save_url(world), data).status_code
        == 403
    )
    assert (
        as_user(client, home["office"], Role.ADMIN).post(save_url(world), data).status_code == 403
    )
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    assert as_user(client, other).post(save_url(world), data).status_code == 404
    assert Attendance.objects.get(worker=world["li"], month=MONTH).marks[0] == P


def test_who_sees_the_grid(client, home, elsewhere):
    world = attendance_world(home)
    for organization in (
        home["office"],
        home["department"],
        home["township"],
        world["project"].owner,
    ):
        response = as_user(client, organization, Role.VIEWER).get(grid_url(world), MONTH_PARAM)
        assert response.status_code == 200, organization
        assert response.content.decode().count('data-testid="grid-row"') == 2
    labor_org = labor_world(home)["labor_org"]  # sees its member 李四, not 王五
    text = (
        as_user(client, labor_org, Role.VIEWER).get(grid_url(world), MONTH_PARAM).content.decode()
    )
    assert text.count('data-testid="grid-row"') == 1
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    assert as_user(client, other, Role.VIEWER).get(grid_url(world)).status_code == 404
    assert as_user(client, elsewhere["office"], Role.ADMIN).get(grid_url(world)).status_code == 404


def test_the_grid_keeps_a_constant_number_of_queries(client, home):
    world = attendance_world(home)
    client = as_user(client, home["contractor"])
    client.get(grid_url(world), MONTH_PARAM)
    with CaptureQueriesContext(connection) as few:
        client.get(grid_url(world), MONTH_PARAM)
    labor_scope = world["scope"].__class__.for_user(labor_world(home)["editor"])
    for index in range(8):
        worker = register(labor_scope, name=f"工人{index}", id_number=id_number())
        services.engagement_add(
            scope=world["scope"],
            project=world["project"],
            contractor=home["contractor"],
            worker=worker,
            entry_date=MONTH,
        )
        services.attendance_month_save(
            scope=world["scope"],
            project=world["project"],
            contractor=home["contractor"],
            month=MONTH,
            grid={worker.pk: P * 3},
        )
    with CaptureQueriesContext(connection) as many:
        text = client.get(grid_url(world), MONTH_PARAM).content.decode()
    assert text.count('data-testid="grid-row"') == 10
    assert len(many) == len(few)


def summary_world(home):
    """李四 (township 0, two projects), 王五 (township 0) and 赵六 (no township)."""
    world = attendance_world(home)
    labor_scope = world["scope"].__class__.for_user(labor_world(home)["editor"])
    zhao = register(labor_scope, name="赵六", id_number=id_number())
    other = ProjectFactory(region=home["district"], contractors=[home["contractor"]])
    for project, worker in ((world["project"], zhao), (other, world["li"])):
        services.engagement_add(
            scope=world["scope"],
            project=project,
            contractor=home["contractor"],
            worker=worker,
            entry_date=MONTH,
        )
    save = services.attendance_month_save
    base = {"scope": world["scope"], "contractor": home["contractor"], "month": MONTH}
    save(**base, project=world["project"], grid={world["wang"].pk: N * 9 + P * 4, zhao.pk: P * 2})
    save(**base, project=other, grid={world["li"].pk: N * 25 + P + H})
    return world


LINK = re.compile(r'<a href="(/labor/attendance/records/[^"]*)" data-measure="(\w+)">([\d.]+)</a>')


@pytest.mark.parametrize("by", ["project", "township", "worker"])
def test_every_number_of_a_summary_equals_the_list_it_links_to(client, home, by):
    summary_world(home)
    client = as_user(client, home["office"], Role.VIEWER)
    page = client.get(reverse("labor:attendance-summary"), {**MONTH_PARAM, "by": by})
    links = LINK.findall(page.content.decode())
    assert len(links) >= 4
    figures = {"project": 4, "township": 4, "worker": 6}[by] + 2  # lines × 2 + the totals
    assert len(links) == figures
    for url, measure, number in links:
        listed = client.get(html.unescape(url)).content.decode()
        found = re.search(rf'data-testid="records-{measure}">([\d.]+)<', listed)
        assert found, (url, measure)
        assert found[1] == number, (url, measure, number)


def test_the_summary_sums_in_the_database(client, home):
    summary_world(home)
    text = (
        as_user(client, home["office"], Role.VIEWER)
        .get(reverse("labor:attendance-summary"), {**MONTH_PARAM, "by": "township"})
        .content.decode()
    )
    # township 0: 李四 20.5 + 1.5, 王五 4; no township: 赵六 2
    assert 'data-measure="days">26</a>' in text
    assert "未填写户籍乡镇" in text
    assert 'data-measure="days">2</a>' in text
    assert 'data-measure="days">28</a>' in text  # the month's total


def test_summary_and_records_keep_a_constant_number_of_queries(client, home):
    world = summary_world(home)
    client = as_user(client, home["office"], Role.VIEWER)
    urls = [
        (reverse("labor:attendance-summary"), {**MONTH_PARAM, "by": by})
        for by in ("project", "township", "worker")
    ] + [(reverse("labor:attendance-records"), MONTH_PARAM)]
    counts = []
    for url, params in urls:
        client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        counts.append(len(queries))
    labor_scope = world["scope"].__class__.for_user(labor_world(home)["editor"])
    for index in range(8):
        worker = register(
            labor_scope,
            name=f"工人{index}",
            id_number=id_number(),
            household_township=home["townships"][index % 2],
        )
        services.engagement_add(
            scope=world["scope"], project=world["project"], contractor=home["contractor"],
            worker=worker, entry_date=MONTH,
        )  # fmt: skip
        services.attendance_month_save(
            scope=world["scope"], project=world["project"], contractor=home["contractor"],
            month=MONTH, grid={worker.pk: P},
        )  # fmt: skip
    for (url, params), before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        assert len(queries) == before, url


def test_a_contractor_sees_only_its_own_attendance_in_the_summary(client, home):
    summary_world(home)
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    text = (
        as_user(client, other, Role.VIEWER)
        .get(reverse("labor:attendance-summary"), MONTH_PARAM)
        .content.decode()
    )
    assert "本月没有考勤记录" in text
    text = (
        as_user(client, home["contractor"], Role.VIEWER)
        .get(reverse("labor:attendance-summary"), MONTH_PARAM)
        .content.decode()
    )
    assert ">考勤</a>" in text  # the menu entry
    assert 'data-measure="days">28</a>' in text


def test_an_upload_runs_as_a_job_and_shows_its_result(
    client, home, django_capture_on_commit_callbacks
):
    world = attendance_world(home)
    client = as_user(client, home["contractor"])
    page = client.get(reverse("labor:attendance-upload"))
    assert world["project"].name in page.content.decode()
    content = grid_workbook([grid_row("王五", world["wang_number"], [None] * 9 + ["√"] * 3)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("labor:attendance-upload"),
            {
                "project": world["project"].pk,
                "month": MONTH_PARAM["month"],
                "file": grid_upload(content),
            },
        )
    job = AttendanceImport.objects.get()
    assert response.url == reverse("labor:attendance-import-status", args=[job.pk])
    text = client.get(response.url).content.decode()
    assert 'data-status="done"' in text
    assert "新增 1 人、修改 0 人、未变 0 人的月考勤" in text
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).days == 3


def test_a_refused_upload_lists_its_errors(client, home, django_capture_on_commit_callbacks):
    world = attendance_world(home)
    client = as_user(client, home["contractor"])
    content = grid_workbook([grid_row("王五", world["wang_number"], ["休", "2"])])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("labor:attendance-upload"),
            {
                "project": world["project"].pk,
                "month": MONTH_PARAM["month"],
                "file": grid_upload(content),
            },
        )
    text = html.unescape(client.get(response.url).content.decode())
    assert 'data-status="rejected"' in text
    assert "第3行“2”列（E列）：无法识别的考勤标记“2”。" in text
    assert not Attendance.objects.filter(worker=world["wang"]).exists()


def test_the_upload_form_refuses_a_file_that_is_not_xlsx(client, home):
    world = attendance_world(home)
    response = as_user(client, home["contractor"]).post(
        reverse("labor:attendance-upload"),
        {
            "project": world["project"].pk,
            "month": MONTH_PARAM["month"],
            "file": grid_upload(b"hello"),
        },
    )
    assert response.status_code == 200
    assert "文件无法读取：请上传 Excel 文件（.xlsx）。" in html.unescape(response.content.decode())
    assert not AttendanceImport.objects.exists()


def test_uploads_are_seen_by_their_organisation_alone(client, home):
    world = attendance_world(home)
    job = AttendanceImport.objects.create(
        organization=home["contractor"], project=world["project"], month=MONTH,
        file=grid_upload(b"PK"), filename="x.xlsx",
    )  # fmt: skip
    url = reverse("labor:attendance-import-status", args=[job.pk])
    assert as_user(client, home["contractor"], Role.VIEWER).get(url).status_code == 200
    other = OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=home["district"])
    assert as_user(client, other, Role.ADMIN).get(url).status_code == 404


def test_a_long_roster_is_entered_page_by_page(client, home):
    """30 rows a page (930 inputs: under Django's 1,000 fields a form may send); saving a
    page leaves the other pages' rows alone."""
    world = attendance_world(home)
    labor_scope = world["scope"].__class__.for_user(labor_world(home)["editor"])
    for index in range(33):
        worker = register(labor_scope, name=f"工人{index:02d}", id_number=id_number())
        services.engagement_add(
            scope=world["scope"], project=world["project"], contractor=home["contractor"],
            worker=worker, entry_date=MONTH,
        )  # fmt: skip
    client = as_user(client, home["contractor"])
    first = client.get(grid_url(world), MONTH_PARAM).content.decode()
    assert first.count('data-testid="grid-row"') == 30
    assert "共 35 人，第 1 / 2 页" in first
    second = client.get(grid_url(world), {**MONTH_PARAM, "page": 2}).content.decode()
    assert second.count('data-testid="grid-row"') == 5
    assert "李四" in second  # 工人00 … 工人32 sort before 李四 and 王五: they end page 2
    assert "工人00" not in second
    inputs = re.findall(r'name="(m-\d+-\d+)"', second)
    assert len(inputs) == 5 * 30
    data = {"month": MONTH_PARAM["month"], "page": "2", **dict.fromkeys(inputs, "√")}
    response = client.post(save_url(world), data)
    assert response.url.endswith("&page=2")
    assert Attendance.objects.filter(month=MONTH, days=30).count() == 5
    assert Attendance.objects.get(worker=world["li"], month=MONTH).days == 30
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).days == 30


@pytest.mark.celery_worker
def test_the_upload_runs_on_a_real_worker(client, home, redis_worker, wait_for_job):
    world = attendance_world(home)
    client = as_user(client, home["contractor"])
    content = grid_workbook([grid_row("王五", world["wang_number"], [None] * 9 + ["√"] * 4)])
    response = client.post(
        reverse("labor:attendance-upload"),
        {
            "project": world["project"].pk,
            "month": MONTH_PARAM["month"],
            "file": grid_upload(content),
        },
    )
    assert response.status_code == 302
    fragment = wait_for_job(client, response["Location"])
    assert "导入完成：共 1 人：新增 1 人、修改 0 人、未变 0 人的月考勤。" in fragment
    assert Attendance.objects.get(worker=world["wang"], month=MONTH).days == 4
