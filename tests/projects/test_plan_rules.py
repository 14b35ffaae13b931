"""Labour plans only for projects that take them (on this year's list, not completed), within
the project's period, at no less than the region's minimum daily rate; and the region's rules
where the projects app reads them (issue 8, items 2 and 18)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import RegionRules, Role
from portal.scope import Scope
from projects import services
from projects.models import (
    AnnualListEntry,
    Category,
    LaborPlan,
    PlanNotice,
    Project,
    ProjectStatus,
)
from tests.portal.factories import member
from tests.projects.factories import AnnualListEntryFactory, AnnualListFactory


def plan_payload(world, **overrides):
    year = timezone.localdate().year
    payload = {
        "stage": world["category"].stages.first().pk,
        "kind": "",
        "positions": "12",
        "start": f"{year}-04-01",
        "end": f"{year}-09-30",
        "skills": "",
        "daily_rate": "200.00",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def office(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    return client


def take_off_this_years_list(world):
    AnnualListEntry.objects.filter(pk=world["entry"].pk).update(
        withdrawn_on=timezone.localdate(), withdrawn_reason="调整"
    )


def set_status(status, **fields):
    def make(world):
        Project.objects.filter(pk=world["project"].pk).update(status=status, **fields)

    return make


REFUSALS = {
    "completed": (set_status(ProjectStatus.COMPLETED), "项目已完工"),
    "evaluated": (set_status(ProjectStatus.EVALUATED), "项目已完工并完成综合评价"),
    "withdrawn": (
        set_status(ProjectStatus.WITHDRAWN, withdrawn_reason="取消"),
        "项目已退出以工代赈",
    ),
    "taken off this year's list": (take_off_this_years_list, "不在"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_no_plan_is_saved_or_published_for_a_project_that_takes_none(office, world, case):
    make, words = REFUSALS[case]
    make(world)
    project, draft = world["project"], world["draft_plan"]
    before = LaborPlan.objects.count()

    response = office.post(
        reverse("projects:plan-create", args=[project.code]), plan_payload(world)
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert LaborPlan.objects.count() == before

    response = office.post(
        reverse("projects:plan-publish", args=[project.code, draft.pk]), follow=True
    )
    assert words in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None
    assert not PlanNotice.objects.filter(plan=draft).exists()


def test_a_project_on_last_years_list_only_takes_no_plan(office, home, world):
    project = world["project"]
    take_off_this_years_list(world)
    last_year = AnnualListFactory(region=home["district"], year=timezone.localdate().year - 1)
    AnnualListEntryFactory(project=project, annual_list=last_year)
    with pytest.raises(ValidationError, match=f"不在{timezone.localdate().year}年度项目清单上"):
        services.labor_plan_publish(
            scope=Scope.for_user(member(home["office"], Role.EDITOR)), plan=world["draft_plan"]
        )


def test_the_plan_form_and_the_plans_tab_say_why_instead_of_offering_what_would_fail(office, world):
    project = world["project"]
    page = office.get(reverse("projects:project-detail", args=[project.code]), {"tab": "plans"})
    text = page.content.decode()
    assert "新增用工计划" in text
    assert reverse("projects:plan-publish", args=[project.code, world["draft_plan"].pk]) in text

    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.COMPLETED)
    page = office.get(reverse("projects:project-detail", args=[project.code]), {"tab": "plans"})
    text = page.content.decode()
    assert 'data-testid="plan-refusal"' in text
    assert "项目已完工，不再编制或发布用工计划" in text
    assert "新增用工计划" not in text
    assert reverse("projects:plan-publish", args=[project.code, world["draft_plan"].pk]) not in text

    form = office.get(reverse("projects:plan-create", args=[project.code])).content.decode()
    assert "项目已完工，不再编制或发布用工计划" in form
    assert "保存用工计划" not in form


def test_a_plan_lies_within_the_projects_period(office, world):
    project = world["project"]  # planned for this whole year
    year = timezone.localdate().year
    response = office.post(
        reverse("projects:plan-create", args=[project.code]),
        plan_payload(world, start=f"{year - 1}-12-01", end=f"{year + 1}-02-28"),
    )
    errors = response.context["form"].errors
    period = f"{year}-01-01 至 {year}-12-31"
    assert errors["start"] == [f"用工开始日期不能早于项目计划开工日期：项目计划工期为 {period}。"]
    assert errors["end"] == [f"用工结束日期不能晚于项目计划完工日期：项目计划工期为 {period}。"]
    assert not LaborPlan.objects.filter(positions=12).exists()

    # A draft saved before the project's period was shortened is not published outside it.
    Project.objects.filter(pk=project.pk).update(planned_end=datetime.date(year, 5, 31))
    response = office.post(
        reverse("projects:plan-publish", args=[project.code, world["draft_plan"].pk]),
        follow=True,
    )
    assert "用工结束日期不能晚于项目计划完工日期" in response.content.decode()
    world["draft_plan"].refresh_from_db()
    assert world["draft_plan"].published_at is None


def test_the_daily_rate_is_at_least_the_regions_minimum(office, home, world):
    project = world["project"]
    form = office.get(reverse("projects:plan-create", args=[project.code])).content.decode()
    assert "不得低于本区最低日工资 91.95 元" in form

    response = office.post(
        reverse("projects:plan-create", args=[project.code]), plan_payload(world, daily_rate="90")
    )
    assert response.context["form"].errors["daily_rate"] == [
        "日工资不得低于本区最低日工资 91.95 元（月最低工资标准 2000 元 ÷ 21.75）。"
    ]

    RegionRules.objects.create(region=home["district"], monthly_minimum_wage=Decimal("2610"))
    response = office.post(
        reverse("projects:plan-create", args=[project.code]), plan_payload(world, daily_rate="110")
    )
    assert "日工资不得低于本区最低日工资 120.00 元" in response.content.decode()
    response = office.post(
        reverse("projects:plan-create", args=[project.code]), plan_payload(world, daily_rate="120")
    )
    assert response.status_code == 302
    assert LaborPlan.objects.get(positions=12).daily_rate == Decimal("120.00")


def project_data(home, directory, owner, total: str) -> dict:
    category = Category.objects.get(directory=directory, number=1)
    return {
        "code": f"R-{total}",
        "name": f"规则测试工程{total}",
        "level": "district",
        "domain": category.domain,
        "category": category,
        "department": home["department"],
        "owner": owner,
        "total_investment": Decimal(total),
        "government_investment": Decimal("100"),
        "planned_start": datetime.date(2026, 3, 1),
        "planned_end": datetime.date(2026, 12, 1),
    }


def test_a_new_project_takes_the_regions_wage_account_threshold_and_pay_day(
    home, owner, directory, office_scope
):
    every = services.project_create(
        scope=office_scope, data=project_data(home, directory, owner, "200")
    )
    assert every.requires_wage_account is True  # by default every project needs one
    assert every.pay_day == 15

    RegionRules.objects.create(
        region=home["district"], wage_account_threshold=Decimal("400"), pay_day=8
    )
    small = services.project_create(
        scope=office_scope, data=project_data(home, directory, owner, "399.99")
    )
    large = services.project_create(
        scope=office_scope, data=project_data(home, directory, owner, "400")
    )
    assert (small.requires_wage_account, large.requires_wage_account) == (False, True)
    assert small.pay_day == 8


def test_the_project_form_says_what_the_threshold_is(client, home, owner, directory, world):
    client.force_login(member(home["office"], Role.EDITOR))
    page = client.get(reverse("projects:project-create")).content.decode()
    assert "按本区规则，所有项目都须开设农民工工资专用账户" in page
    assert 'name="requires_wage_account"' not in page  # decided by the rule when registered

    RegionRules.objects.create(
        region=home["district"], wage_account_threshold=Decimal("400"), pay_day=8
    )
    form = client.get(reverse("projects:project-create"))
    assert "总投资达到 400 万元（含）的项目须开设农民工工资专用账户" in form.content.decode()
    assert form.context["form"]["pay_day"].value() == 8
    edit = client.get(reverse("projects:project-edit", args=[world["project"].code]))
    assert 'name="requires_wage_account"' in edit.content.decode()
    assert "总投资达到 400 万元（含）" in edit.content.decode()
