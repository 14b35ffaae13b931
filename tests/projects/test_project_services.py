"""Project rules, annual list management and scoping, through the services a page calls."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects import selectors, services
from projects.models import AnnualListEntry, Category, Project, ProjectStatus
from tests.factories import OrganizationFactory, member


@pytest.fixture
def parties(home, owner):
    district = home["district"]
    return {
        "owner": owner,
        "contractor": home["contractor"],
        "other_contractor": OrganizationFactory(
            code="contractor-2",
            name="另一建设公司",
            kind=OrganizationKind.CONTRACTOR,
            region=district,
        ),
    }


@pytest.fixture
def office(home):
    return Scope.for_user(member(home["office"], Role.EDITOR))


def project_data(home, parties, directory, **overrides):
    category = Category.objects.get(directory=directory, number=1)  # 交通 · 公路建设
    data = {
        "code": "P-001",
        "name": "测试公路建设工程",
        "level": "district",
        "domain": category.domain,
        "category": category,
        "department": home["department"],
        "owner": parties["owner"],
        "total_investment": Decimal("1000.00"),
        "government_investment": Decimal("800.00"),
        "work_relief_funds": Decimal("100.00"),
        "planned_start": datetime.date(2026, 3, 1),
        "planned_end": datetime.date(2026, 12, 31),
    }
    data.update(overrides)
    return data


def make_project(home, parties, directory, scope, **overrides):
    return services.project_create(
        scope=scope,
        data=project_data(home, parties, directory, **overrides),
        contracts=[services.ContractLine(parties["contractor"], datetime.date(2026, 2, 1))],
        townships=[home["townships"][0]],
        forecasts={2026: (50, Decimal("120.00"))},
    )


def test_a_new_project_enters_the_reserve_with_its_parties_and_an_audit_entry(
    home, parties, directory, office
):
    project = make_project(home, parties, directory, office)
    assert project.status == ProjectStatus.RESERVE
    assert project.region == home["district"]
    assert list(project.contractors.all()) == [parties["contractor"]]
    assert project.forecasts.get(year=2026).local_workers == 50
    assert AuditEntry.objects.filter(action="project.create", object_id=str(project.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"planned_end": datetime.date(2026, 1, 1)},
            "planned_end",
            "计划完工日期不能早于计划开工日期",
        ),
        ({"total_investment": Decimal("-1")}, "total_investment", "不能为负数"),
        (
            {"work_relief_funds": Decimal("900")},
            "work_relief_funds",
            "以工代赈资金不能超过政府投资",
        ),
        (
            {"government_investment": Decimal("2000")},
            "government_investment",
            "政府投资不能超过总投资",
        ),
        ({"category": None}, "category", "请选择具体类别"),
        ({"domain": None}, "domain", "请选择建设领域"),
    ],
)
def test_bad_project_data_is_refused_in_chinese_and_nothing_is_saved(
    home, parties, directory, office, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        make_project(home, parties, directory, office, **overrides)
    assert field in error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field])
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_category_of_another_domain_is_refused(home, parties, directory, office):
    water = Category.objects.get(directory=directory, number=4)
    with pytest.raises(ValidationError) as error:
        make_project(home, parties, directory, office, category=water)
    assert "不属于建设领域「交通」" in error.value.message_dict["category"][0]


def test_a_department_proposes_only_its_own_projects(home, parties, directory):
    department = Scope.for_user(member(home["department"], Role.EDITOR))
    other = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=home["district"])
    with pytest.raises(ValidationError):
        make_project(home, parties, directory, department, department=other)
    assert make_project(home, parties, directory, department).department == home["department"]


def test_a_contractor_may_not_register_projects(home, parties, directory):
    contractor = Scope.for_user(member(home["contractor"], Role.ADMIN))
    with pytest.raises(PermissionDenied):
        make_project(home, parties, directory, contractor)


def test_the_annual_list_on_any_date(home, parties, directory, office):
    project = make_project(home, parties, directory, office)
    entry = services.annual_list_add(
        scope=office, project=project, year=2026, on=datetime.date(2026, 3, 10)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.LISTED
    with pytest.raises(ValidationError, match="已在"):
        services.annual_list_add(
            scope=office, project=project, year=2026, on=datetime.date(2026, 4, 1)
        )
    services.annual_list_withdraw(
        scope=office, entry=entry, reason="资金未落实", on=datetime.date(2026, 7, 1)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.RESERVE

    def on(day):
        return [
            e.project.code
            for e in selectors.annual_list_entries(
                scope=office, annual_list=entry.annual_list, on=day
            )
        ]

    assert on(datetime.date(2026, 3, 9)) == []
    assert on(datetime.date(2026, 3, 10)) == ["P-001"]
    assert on(datetime.date(2026, 6, 30)) == ["P-001"]
    assert on(datetime.date(2026, 7, 1)) == []
    # re-added later in the year: a new entry, the history keeps both
    services.annual_list_add(scope=office, project=project, year=2026, on=datetime.date(2026, 9, 1))
    assert on(datetime.date(2026, 9, 2)) == ["P-001"]
    assert AnnualListEntry.objects.filter(project=project).count() == 2


def test_withdrawal_needs_a_reason_and_closes_list_entries(home, parties, directory, office):
    project = make_project(home, parties, directory, office)
    services.annual_list_add(
        scope=office, project=project, year=2026, on=datetime.date(2026, 3, 10)
    )
    with pytest.raises(ValidationError):
        services.project_withdraw(scope=office, project=project, reason="  ")
    services.project_withdraw(
        scope=office, project=project, reason="改为社会投资", on=datetime.date(2026, 5, 5)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    assert AnnualListEntry.objects.get(project=project).withdrawn_on == datetime.date(2026, 5, 5)


def test_only_the_office_manages_the_list(home, parties, directory, office):
    project = make_project(home, parties, directory, office)
    department = Scope.for_user(member(home["department"], Role.ADMIN))
    with pytest.raises(PermissionDenied):
        services.annual_list_add(scope=department, project=project, year=2026)


def test_status_moves_follow_the_lifecycle(home, parties, directory, office):
    project = make_project(home, parties, directory, office)
    with pytest.raises(ValidationError, match="不能改为"):
        services.project_set_status(scope=office, project=project, status=ProjectStatus.COMPLETED)
    services.annual_list_add(scope=office, project=project, year=2026, on=datetime.date(2026, 3, 1))
    project.refresh_from_db()
    services.project_set_status(
        scope=office, project=project, status=ProjectStatus.UNDER_CONSTRUCTION
    )
    services.project_set_status(scope=office, project=project, status=ProjectStatus.COMPLETED)
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.COMPLETED


def test_update_records_each_change(home, parties, directory, office):
    project = make_project(home, parties, directory, office)
    services.project_update(scope=office, project=project, data={"name": "测试公路改建工程"})
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.changes["项目名称"] == ["测试公路建设工程", "测试公路改建工程"]


def test_scoping_of_projects(home, parties, directory, office, elsewhere):
    project = make_project(home, parties, directory, office)

    def sees(organization):
        scope = Scope.for_user(member(organization, Role.VIEWER))
        return list(Project.objects.visible_to(scope)) == [project]

    assert sees(home["office"])
    assert sees(home["department"])
    assert sees(home["township"])  # the project stands on townships[0], the township's ground
    assert sees(parties["contractor"])
    assert sees(parties["owner"])
    assert not sees(parties["other_contractor"])
    assert not sees(OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=home["district"]))
    assert not sees(elsewhere["office"])
    other_township = OrganizationFactory(
        kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]
    )
    assert not sees(other_township)


def test_extending_the_directory_copies_it_first(home, directory, office):
    category = Category.objects.get(directory=directory, number=1)
    before = category.stages.count()
    stage = services.directory_add_stage(
        scope=office, category=category, name="边沟清理", kind="maintenance"
    )
    assert stage.category.directory != directory
    assert stage.category.directory.based_on == directory
    assert category.stages.count() == before  # the adopted version is untouched
    assert stage.category.stages.count() == before + 1
    assert selectors.directory_in_use(scope=office) == stage.category.directory
