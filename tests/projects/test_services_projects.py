"""The writes of projects (projects/services/projects.py): registration with its rules,
changes, lifecycle moves and withdrawal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects import services
from projects.models import AnnualListEntry, Category, Project, ProjectLevel, ProjectStatus
from tests.portal.factories import OrganizationFactory, member


@pytest.fixture
def parties(home, owner):
    return {"owner": owner, "contractor": home["contractor"]}


def project_data(home, parties, directory, **overrides):
    category = Category.objects.get(directory=directory, number=1)  # 交通 · 公路建设
    data = {
        "code": "P-001",
        "name": "测试公路建设工程",
        "level": ProjectLevel.DISTRICT,
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
    home, parties, directory, office_scope
):
    project = make_project(home, parties, directory, office_scope)
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
    home, parties, directory, office_scope, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        make_project(home, parties, directory, office_scope, **overrides)
    assert field in error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field])
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_category_of_another_domain_is_refused(home, parties, directory, office_scope):
    water = Category.objects.get(directory=directory, number=4)
    with pytest.raises(ValidationError) as error:
        make_project(home, parties, directory, office_scope, category=water)
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


def test_withdrawal_needs_a_reason_and_closes_list_entries(home, parties, directory, office_scope):
    project = make_project(home, parties, directory, office_scope)
    services.annual_list_add(
        scope=office_scope, project=project, year=2026, on=datetime.date(2026, 3, 10)
    )
    with pytest.raises(ValidationError):
        services.project_withdraw(scope=office_scope, project=project, reason="  ")
    services.project_withdraw(
        scope=office_scope, project=project, reason="改为社会投资", on=datetime.date(2026, 5, 5)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    assert AnnualListEntry.objects.get(project=project).withdrawn_on == datetime.date(2026, 5, 5)


def test_status_moves_follow_the_lifecycle(home, parties, directory, office_scope):
    project = make_project(home, parties, directory, office_scope)
    with pytest.raises(ValidationError, match="不能改为"):
        services.project_set_status(
            scope=office_scope, project=project, status=ProjectStatus.COMPLETED
        )
    services.annual_list_add(
        scope=office_scope, project=project, year=2026, on=datetime.date(2026, 3, 1)
    )
    project.refresh_from_db()
    services.project_set_status(
        scope=office_scope, project=project, status=ProjectStatus.UNDER_CONSTRUCTION
    )
    services.project_set_status(scope=office_scope, project=project, status=ProjectStatus.COMPLETED)
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.COMPLETED


@pytest.mark.parametrize("status", ["", "demolished"])
def test_a_status_that_does_not_exist_is_refused_in_chinese(
    home, parties, directory, office_scope, status
):
    """The status page posts whatever the form sent: a missing or unknown status is a
    validation error for the user, not a server error."""
    project = make_project(home, parties, directory, office_scope)
    with pytest.raises(ValidationError) as error:
        services.project_set_status(scope=office_scope, project=project, status=status)
    assert error.value.message_dict["status"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.RESERVE


def test_update_records_each_change(home, parties, directory, office_scope):
    project = make_project(home, parties, directory, office_scope)
    services.project_update(scope=office_scope, project=project, data={"name": "测试公路改建工程"})
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.changes["项目名称"] == ["测试公路建设工程", "测试公路改建工程"]
