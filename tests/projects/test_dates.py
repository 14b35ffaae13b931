"""Dates that record something done are not in the future, and the form says so on the date's
own field, in Chinese; labour plans fit the project's period (issue 8, item 4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import Role
from portal.scope import Scope
from projects import services
from projects.models import (
    ActionItemStatus,
    AnnualListEntry,
    Category,
    Checkpoint,
    CompletionEvaluation,
    LaborPlan,
    Meeting,
    Project,
    ProjectStatus,
)
from tests.portal.factories import member

PDF = b"%PDF-1.4\n%%EOF\n"


def today() -> datetime.date:
    return timezone.localdate()


def tomorrow() -> str:
    return (today() + datetime.timedelta(days=1)).isoformat()


def refused(label: str) -> list[str]:
    return [f"{label}不能晚于今天（{today():%Y-%m-%d}）：只能记录已经发生的事。"]


@pytest.fixture
def office(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    return client


def test_a_checkpoint_dated_2030_is_refused_on_its_date_field(office, world):
    project = world["project"]
    url = reverse("projects:checkpoint-record", args=[project.code, "feasibility"])
    response = office.post(
        url, {"date": "2030-01-10", "document": SimpleUploadedFile("可研.pdf", PDF)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == refused("节点日期")
    assert not Checkpoint.objects.filter(project=project, kind="feasibility").exists()

    response = office.post(
        url, {"date": today().isoformat(), "document": SimpleUploadedFile("可研.pdf", PDF)}
    )
    assert response.status_code == 302  # today is done already


def test_an_evaluation_dated_tomorrow_is_refused(office, world):
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.COMPLETED)
    response = office.post(
        reverse("projects:project-evaluate", args=[project.code]),
        {"evaluated_on": tomorrow(), "judgement": "good", "comments": "好"},
    )
    assert response.context["form"].errors["evaluated_on"] == refused("评价日期")
    assert not CompletionEvaluation.objects.exists()


def test_putting_a_project_on_a_list_tomorrow_is_refused(office, home, world):
    project = world["project"]
    AnnualListEntry.objects.filter(project=project).delete()
    response = office.post(
        reverse("projects:project-add-to-list", args=[project.code]),
        {"year": str(today().year), "added_on": tomorrow(), "reason": ""},
    )
    assert response.context["form"].errors["added_on"] == refused("列入日期")
    assert not AnnualListEntry.objects.filter(project=project).exists()


def test_taking_a_project_off_a_list_tomorrow_is_refused(office, world):
    entry = world["entry"]
    response = office.post(
        reverse("projects:annual-list-entry-withdraw", args=[entry.pk]),
        {"on": tomorrow(), "reason": "资金未落实"},
    )
    assert response.context["form"].errors["on"] == refused("调出日期")
    entry.refresh_from_db()
    assert entry.withdrawn_on is None


def test_withdrawing_a_project_tomorrow_is_refused(home, world):
    project = world["project"]
    with pytest.raises(ValidationError) as refusal:
        services.project_withdraw(
            scope=Scope.for_user(member(home["office"], Role.EDITOR)),
            project=project,
            reason="资金未落实",
            on=today() + datetime.timedelta(days=1),
        )
    assert refusal.value.message_dict == {"on": refused("退出日期")}
    project.refresh_from_db()
    assert project.status == ProjectStatus.LISTED


def test_a_meeting_held_tomorrow_is_refused(office):
    response = office.post(
        reverse("projects:meeting-create"),
        {
            "title": "明天的协调会",
            "held_on": tomorrow(),
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.context["form"].errors["held_on"] == refused("会议日期")
    assert not Meeting.objects.filter(title="明天的协调会").exists()


def test_an_action_item_done_tomorrow_is_refused(home, world):
    item = world["item"]
    with pytest.raises(ValidationError) as refusal:
        services.action_item_complete(
            scope=Scope.for_user(member(home["office"], Role.EDITOR)),
            item=item,
            on=today() + datetime.timedelta(days=1),
        )
    assert refusal.value.message_dict == {"done_on": refused("办结日期")}
    item.refresh_from_db()
    assert item.status != ActionItemStatus.DONE


def test_a_contract_signed_tomorrow_is_refused(office, home, owner, directory):
    category = Category.objects.get(directory=directory, number=1)
    response = office.post(
        reverse("projects:project-create"),
        {
            "code": "C-1",
            "name": "合同日期测试工程",
            "level": "district",
            "domain": category.domain.pk,
            "category": category.pk,
            "department": home["department"].pk,
            "owner": owner.pk,
            "total_investment": "1200",
            "government_investment": "1000",
            "work_relief_funds": "100",
            "planned_start": f"{today().year}-01-01",
            "planned_end": f"{today().year + 1}-06-30",
            "pay_day": "15",
            "contractors": [home["contractor"].pk],
            "contract_date": tomorrow(),
        },
    )
    assert response.context["form"].errors["contract_date"] == refused("合同签订日期")
    assert not Project.objects.filter(code="C-1").exists()


def test_a_plan_that_ends_after_the_project_is_refused_on_its_end_field(office, world):
    project = world["project"]
    year = today().year
    response = office.post(
        reverse("projects:plan-create", args=[project.code]),
        {
            "stage": world["category"].stages.first().pk,
            "positions": "8",
            "start": f"{year}-10-01",
            "end": f"{year + 1}-01-31",
            "daily_rate": "180",
        },
    )
    errors = response.context["form"].errors
    assert list(errors) == ["end"]
    assert errors["end"][0].startswith("用工结束日期不能晚于项目计划完工日期")
    assert not LaborPlan.objects.filter(positions=8).exists()
