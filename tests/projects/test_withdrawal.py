"""Withdrawing a project from work relief (ProjectWithdrawView, ProjectWithdrawForm,
services.project_withdraw): the dialog says what withdrawal means for a project of its status
and asks for a reason that fits that status."""

from django.urls import reverse
from django.utils import timezone

from portal.models import Role
from projects.models import AnnualListEntry, LaborPlan, ProjectStatus
from tests.portal.factories import member
from tests.projects.factories import (
    AnnualListEntryFactory,
    LaborPlanFactory,
    ProjectFactory,
)


def under_construction(home):
    """A project being built, on this year's list, with a published labour plan."""
    entry = AnnualListEntryFactory(
        project__region=home["district"],
        project__status=ProjectStatus.UNDER_CONSTRUCTION,
        annual_list__region=home["district"],
    )
    LaborPlanFactory(project=entry.project, published=True)
    return entry


def dialog(client, project) -> str:
    response = client.get(reverse("projects:project-withdraw", args=[project.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dialog_for_a_project_under_construction_says_what_withdrawal_means(client, home):
    entry = under_construction(home)
    client.force_login(member(home["office"], Role.EDITOR))
    page = dialog(client, entry.project)

    assert "在建项目退出以工代赈后" in page
    assert f"项目从所在的年度清单调出：{entry.annual_list}" in page
    assert "已编制的 1 份用工计划（其中 1 份已发布给乡镇）作为记录保留" in page
    assert "不能再列入任何年度清单" in page
    assert "工程本身可以继续建设" in page
    assert "建设内容调整，不再有适合当地群众务工的环节" in page
    assert "项目停建或缓建" in page
    assert "与其他项目合并或重复申报" not in page  # a reserve project's reason
    assert "离开项目储备库" not in page


def test_the_dialog_for_a_reserve_project_speaks_of_the_reserve(client, home):
    project = ProjectFactory(region=home["district"], status=ProjectStatus.RESERVE)
    client.force_login(member(home["office"], Role.EDITOR))
    page = dialog(client, project)

    assert "储备项目退出后" in page
    assert "项目离开项目储备库" in page
    assert "份用工计划" not in page  # it has none
    assert "与其他项目合并或重复申报" in page
    assert "项目停建或缓建" not in page
    assert "工程本身可以继续建设" not in page


def test_a_listed_project_is_offered_taking_it_off_the_list_instead(client, home):
    entry = AnnualListEntryFactory(
        project__region=home["district"], annual_list__region=home["district"]
    )
    client.force_login(member(home["office"], Role.EDITOR))
    page = dialog(client, entry.project)

    assert "前期工作未完成，年内无法开工" in page
    assert reverse("projects:annual-list-entry-withdraw", args=[entry.pk]) in page


def test_withdrawal_records_the_chosen_reason_and_keeps_the_plans(client, home):
    entry = under_construction(home)
    project = entry.project
    client.force_login(member(home["office"], Role.EDITOR))
    on = timezone.localdate()
    response = client.post(
        reverse("projects:project-withdraw", args=[project.code]),
        {
            "on": on.isoformat(),
            "cause": "建设内容调整，不再有适合当地群众务工的环节",
            "detail": "剩余工程改为机械化施工",
        },
        follow=True,
    )

    project.refresh_from_db()
    entry.refresh_from_db()
    reason = "建设内容调整，不再有适合当地群众务工的环节：剩余工程改为机械化施工"
    assert project.status == ProjectStatus.WITHDRAWN
    assert project.withdrawn_reason == reason
    assert (entry.withdrawn_on, entry.withdrawn_reason) == (on, reason)
    assert LaborPlan.objects.filter(project=project).count() == 1
    assert f"已退出以工代赈，并已从{entry.annual_list}调出" in response.content.decode()


def test_other_needs_the_reason_in_words_and_a_reason_must_fit_the_status(client, home):
    entry = under_construction(home)
    project = entry.project
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:project-withdraw", args=[project.code])
    today = timezone.localdate().isoformat()

    response = client.post(url, {"on": today, "cause": "其他", "detail": " "})
    assert response.status_code == 200
    assert "选择“其他”时请写明退出原因" in response.content.decode()

    response = client.post(url, {"on": today, "cause": "与其他项目合并或重复申报"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()

    response = client.post(url, {"on": today, "cause": "其他", "detail": "纳入市级统筹实施"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.withdrawn_reason == "纳入市级统筹实施"
    assert not AnnualListEntry.objects.filter(project=project, withdrawn_on=None).exists()
