"""The project pages (projects/views/projects.py): the list, the project page and its forms as
the office and a department use them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects import services
from projects.models import Category, Project, ProjectStatus
from tests.portal.factories import OrganizationFactory, member


@pytest.fixture
def office_user(home):
    return member(home["office"], Role.EDITOR)


def create(home, owner, directory, user, code, name, number=1, **extra):
    category = Category.objects.get(directory=directory, number=number)
    data = {
        "code": code,
        "name": name,
        "level": extra.pop("level", "district"),
        "domain": category.domain,
        "category": category,
        "department": home["department"],
        "owner": owner,
        "total_investment": Decimal(extra.pop("total", "1000")),
        "government_investment": Decimal("500"),
        "work_relief_funds": Decimal("50"),
        "planned_start": datetime.date(2026, 3, 1),
        "planned_end": datetime.date(2026, 12, 1),
        **extra,
    }
    return services.project_create(
        scope=Scope.for_user(user), data=data, townships=[home["townships"][0]], contracts=[]
    )


def form_payload(home, owner, directory, **overrides):
    category = Category.objects.get(directory=directory, number=11)
    payload = {
        "code": "NEW-1",
        "name": "河湾镇高标准农田建设项目",
        "level": "district",
        "domain": category.domain.pk,
        "category": category.pk,
        "department": home["department"].pk,
        "owner": owner.pk,
        "supervisor": "",
        "total_investment": "1200.00",
        "government_investment": "1000.00",
        "work_relief_funds": "150.00",
        "planned_start": "2026-04-01",
        "planned_end": "2026-10-31",
        "pay_day": "15",
        "requires_wage_account": "on",
        "description": "",
        "contractors": [home["contractor"].pk],
        "townships": [home["townships"][0].pk],
        "contract_date": "2026-03-20",
        "forecast_year": "2026",
        "forecast_workers": "60",
        "forecast_remuneration": "80.00",
    }
    payload.update(overrides)
    return payload


def test_office_registers_a_project_through_the_form(client, home, owner, directory, office_user):
    client.force_login(office_user)
    response = client.post(reverse("projects:project-create"), form_payload(home, owner, directory))
    assert response.status_code == 302
    project = Project.objects.get(code="NEW-1")
    assert project.status == ProjectStatus.RESERVE
    assert project.contracts.get().contract_date == datetime.date(2026, 3, 20)
    page = client.get(response["Location"]).content.decode()
    assert "河湾镇高标准农田建设项目" in page
    assert "储备" in page


def test_form_errors_are_in_chinese_and_nothing_is_saved(
    client, home, owner, directory, office_user
):
    client.force_login(office_user)
    water = Category.objects.get(directory=directory, number=4)
    payload = form_payload(
        home,
        owner,
        directory,
        category=water.pk,
        planned_end="2026-01-01",
        work_relief_funds="5000",
    )
    page = client.post(reverse("projects:project-create"), payload).content.decode()
    assert "不属于建设领域「农业农村」" in page
    assert "计划完工日期不能早于计划开工日期" in page
    assert "以工代赈资金不能超过政府投资" in page
    assert not Project.objects.exists()


def test_list_filters_search_and_sorting(client, home, owner, directory, office_user):
    create(home, owner, directory, office_user, "A-1", "石桥公路工程", number=1, total="900")
    create(
        home,
        owner,
        directory,
        office_user,
        "A-2",
        "青山水库工程",
        number=4,
        total="5000",
        level="provincial",
    )
    client.force_login(office_user)
    url = reverse("projects:project-list")

    def names(**params):
        page = client.get(url, params).content.decode()
        return [name for name in ("石桥公路工程", "青山水库工程") if name in page]

    assert names() == ["石桥公路工程", "青山水库工程"]
    assert names(level="provincial") == ["青山水库工程"]
    assert names(q="石桥") == ["石桥公路工程"]
    assert names(q="A-2") == ["青山水库工程"]
    water_domain = Category.objects.get(directory=directory, number=4).domain_id
    assert names(domain=water_domain) == ["青山水库工程"]
    assert names(missing_checkpoint="feasibility") == ["石桥公路工程", "青山水库工程"]
    page = client.get(url, {"sort": "-investment"}).content.decode()
    assert page.index("青山水库工程") < page.index("石桥公路工程")


def test_project_page_shows_missing_checkpoints_and_history(
    client, home, owner, directory, office_user
):
    project = create(home, owner, directory, office_user, "A-1", "石桥公路工程")
    client.force_login(office_user)
    page = client.get(
        reverse("projects:project-detail", args=[project.code]), {"tab": "checkpoints"}
    ).content.decode()
    assert "可研体现以工代赈" in page
    assert "缺少" in page
    page = client.get(
        reverse("projects:project-detail", args=[project.code]), {"tab": "history"}
    ).content.decode()
    assert "登记项目：A-1 石桥公路工程" in page


def test_office_adds_a_project_to_this_years_list_from_its_page(
    client, home, owner, directory, office_user
):
    project = create(home, owner, directory, office_user, "A-1", "石桥公路工程")
    client.force_login(office_user)
    url = reverse("projects:project-add-to-list", args=[project.code])
    response = client.post(
        url, {"year": "2026", "added_on": "2026-05-06", "reason": "年中增补"}, follow=True
    )
    assert "已列入" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.LISTED
    again = client.post(
        url, {"year": "2026", "added_on": "2026-05-07", "reason": ""}
    ).content.decode()
    assert "已在" in again


def test_a_department_sees_only_its_projects_and_may_not_list_them(
    client, home, owner, directory, office_user
):
    mine = create(home, owner, directory, office_user, "A-1", "石桥公路工程")
    other_department = OrganizationFactory(
        kind=OrganizationKind.DEPARTMENT, region=home["district"]
    )
    client.force_login(member(other_department, Role.EDITOR))
    assert "石桥公路工程" not in client.get(reverse("projects:project-list")).content.decode()
    assert client.get(reverse("projects:project-detail", args=[mine.code])).status_code == 404
    client.force_login(member(home["department"], Role.EDITOR))
    assert client.get(reverse("projects:project-detail", args=[mine.code])).status_code == 200
    assert client.get(reverse("projects:project-add-to-list", args=[mine.code])).status_code == 403


def test_list_page_runs_a_constant_number_of_queries(
    client, home, owner, directory, office_user, django_assert_max_num_queries
):
    create(home, owner, directory, office_user, "A-0", "工程0")
    client.force_login(office_user)
    url = reverse("projects:project-list")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(1, 30):
        create(
            home,
            owner,
            directory,
            office_user,
            f"A-{number}",
            f"工程{number}",
            number=1 + number % 25,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"page_size": "50"}).content.decode()
    assert "工程29" in page


def test_date_inputs_carry_iso_dates_the_browser_accepts(
    client, home, owner, directory, office_user
):
    project = create(home, owner, directory, office_user, "D-1", "日期工程")
    client.force_login(office_user)
    page = client.get(reverse("projects:project-add-to-list", args=[project.code])).content
    today = timezone.localdate().isoformat()
    assert f'type="date" name="added_on" value="{today}"' in page.decode()


def test_a_project_on_this_years_list_is_not_offered_the_list_again(client, home, world):
    project = world["project"]  # on this year's list
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:project-detail", args=[project.code])
    assert "列入年度清单</a>" not in client.get(url).content.decode()
    world["entry"].withdrawn_on = world["entry"].added_on
    world["entry"].withdrawn_reason = "测试"
    world["entry"].save()
    assert "列入年度清单</a>" in client.get(url).content.decode()
