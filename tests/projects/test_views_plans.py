"""The pages of labour plans and the townships' inbox, lifecycle checkpoints and the
completion evaluation (projects/views/plans.py), as their users open them."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganizationKind, Role
from projects.models import (
    Checkpoint,
    CompletionEvaluation,
    DocumentVersion,
    LaborPlan,
    PlanNotice,
    ProjectStatus,
    ProjectTownship,
)
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import evaluation_form_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_payload(world, **overrides):
    year = timezone.localdate().year
    payload = {
        "stage": world["category"].stages.first().pk,
        "kind": "",
        "positions": "30",
        "start": f"{year}-04-01",
        "end": f"{year}-09-30",
        "skills": "能操作小型机具",
        "daily_rate": "200.00",
    }
    payload.update(overrides)
    return payload


def test_office_plans_and_publishes_jobs_which_reach_every_township_of_the_project(
    client, home, world
):
    project = world["project"]
    second = OrganizationFactory(
        code="town-2",
        name="第二镇人民政府",
        kind=OrganizationKind.TOWNSHIP,
        region=home["townships"][1],
    )
    ProjectTownship.objects.create(project=project, township=home["townships"][1])
    client.force_login(member(home["office"], Role.EDITOR))

    response = client.post(
        reverse("projects:plan-create", args=[project.code]), plan_payload(world)
    )
    assert response.status_code == 302
    plan = LaborPlan.objects.get(project=project, positions=30)
    assert plan.kind == "general_labor"  # taken from the work stage when not chosen

    client.post(reverse("projects:plan-publish", args=[project.code, plan.pk]))
    plan.refresh_from_db()
    assert plan.published_at is not None
    assert set(PlanNotice.objects.filter(plan=plan).values_list("township", flat=True)) == {
        home["township"].pk,
        second.pk,
    }
    page = client.get(reverse("projects:project-detail", args=[project.code]), {"tab": "plans"})
    assert "已推送2个乡镇" in page.content.decode()

    # A published plan stays as the townships received it.
    response = client.post(
        reverse("projects:plan-edit", args=[project.code, plan.pk]),
        plan_payload(world, positions="99"),
    )
    assert "已发布的用工计划不能修改" in response.content.decode()
    plan.refresh_from_db()
    assert plan.positions == 30


def test_plan_errors_are_in_chinese_and_nothing_is_saved(client, home, world):
    client.force_login(member(home["office"], Role.EDITOR))
    before = LaborPlan.objects.count()
    year = timezone.localdate().year
    response = client.post(
        reverse("projects:plan-create", args=[world["project"].code]),
        plan_payload(world, start=f"{year}-09-30", end=f"{year}-04-01", positions="0"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "岗位数至少为1" in text or "确保该值大于或等于" in text
    assert LaborPlan.objects.count() == before


def test_a_township_sees_the_plan_in_its_inbox_and_acknowledges_it(client, home, world):
    official = member(home["township"], Role.EDITOR)
    client.force_login(official)
    page = client.get(reverse("projects:inbox")).content.decode()
    assert world["project"].name in page
    assert 'data-testid="pending-count">1<' in page

    client.post(reverse("projects:notice-acknowledge", args=[world["notice"].pk]))
    world["notice"].refresh_from_db()
    assert world["notice"].acknowledged_by == official
    page = client.get(reverse("projects:inbox")).content.decode()
    assert "已签收" in page
    assert 'data-testid="pending-count">0<' in page


def test_another_township_does_not_see_the_plan(client, home, world):
    other = OrganizationFactory(
        code="town-9", kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]
    )
    client.force_login(member(other, Role.EDITOR))
    assert world["project"].name not in client.get(reverse("projects:inbox")).content.decode()
    url = reverse("projects:notice-acknowledge", args=[world["notice"].pk])
    assert client.post(url).status_code == 404


def test_the_owner_records_a_checkpoint_with_its_document(client, home, world):
    project = world["project"]
    client.force_login(member(world["owner"], Role.EDITOR))
    listed = client.get(reverse("projects:project-list"), {"missing_checkpoint": "feasibility"})
    assert project.name in listed.content.decode()

    response = client.post(
        reverse("projects:checkpoint-record", args=[project.code, "feasibility"]),
        {
            "date": "2026-01-10",
            "note": "可研报告第五章",
            "document": SimpleUploadedFile("可研.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    checkpoint = Checkpoint.objects.get(project=project, kind="feasibility")
    assert checkpoint.date == datetime.date(2026, 1, 10)
    version = DocumentVersion.objects.get(document__project=project, document__kind="feasibility")
    with version.file.open("rb") as document:
        assert document.read() == PDF
    page = client.get(
        reverse("projects:project-detail", args=[project.code]), {"tab": "checkpoints"}
    )
    link = reverse("projects:checkpoint-document", args=[project.code, "feasibility"])
    assert link in page.content.decode()
    served = client.get(link)
    assert b"".join(served.streaming_content) == PDF
    outsider = OrganizationFactory(
        code="owner-x", kind=OrganizationKind.OWNER, region=home["district"]
    )
    client.force_login(member(outsider, Role.ADMIN))
    assert client.get(link).status_code == 404
    listed = client.get(reverse("projects:project-list"), {"missing_checkpoint": "feasibility"})
    assert project.name not in listed.content.decode()


def test_a_checkpoint_needs_a_document_and_the_wage_account_its_bank(client, home, world):
    project = world["project"]
    client.force_login(member(home["office"], Role.EDITOR))
    response = client.post(
        reverse("projects:checkpoint-record", args=[project.code, "approval"]),
        {"date": "2026-01-10"},
    )
    assert "该字段是必填项" in response.content.decode()
    response = client.post(
        reverse("projects:checkpoint-record", args=[project.code, "wage_account"]),
        {"date": "2026-01-10", "document": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert "专用账户须填写开户银行和账号" in response.content.decode()
    response = client.post(
        reverse("projects:checkpoint-record", args=[project.code, "contract"]),
        {"date": "2026-01-10", "document": SimpleUploadedFile("a.exe", b"MZ")},
    )
    assert "文件格式不支持" in response.content.decode()
    tried = ["approval", "wage_account", "contract"]
    assert not Checkpoint.objects.filter(project=project, kind__in=tried).exists()


def test_the_evaluation_shows_the_records_figures_and_is_kept(client, home, world):
    project = world["project"]
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:project-evaluate", args=[project.code])
    response = client.post(url, evaluation_form_data(project, evaluated_on="2026-11-01"))
    assert "项目完工后才能进行以工代赈综合评价" in response.content.decode()

    project.status = ProjectStatus.COMPLETED
    project.save()
    page = client.get(url).content.decode()
    assert "吸纳当地务工人数" in page
    assert "拖欠劳务报酬" in page
    assert "暂无记录" in page  # no app keeps these records yet: never a 0 as if it were a result
    response = client.post(url, evaluation_form_data(project, evaluated_on="2026-11-01"))
    assert response.status_code == 302
    evaluation = CompletionEvaluation.objects.get(project=project)
    assert (evaluation.version, evaluation.judgement) == (1, "good")
    project.refresh_from_db()
    assert project.status == ProjectStatus.EVALUATED
