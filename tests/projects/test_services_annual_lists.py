"""The writes of the annual lists (projects/services/annual_lists.py): a project goes on a
list and comes off it with a date, so the list on any date can be read back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Role
from portal.scope import Scope
from projects import selectors, services
from projects.models import AnnualListEntry, ProjectStatus
from tests.portal.factories import member
from tests.projects.factories import ProjectFactory


@pytest.fixture
def project(home):
    return ProjectFactory(
        code="P-001",
        region=home["district"],
        department=home["department"],
        townships=[home["townships"][0]],
    )


def test_the_annual_list_on_any_date(project, office_scope):
    entry = services.annual_list_add(
        scope=office_scope, project=project, year=2026, on=datetime.date(2026, 3, 10)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.LISTED
    with pytest.raises(ValidationError, match="已在"):
        services.annual_list_add(
            scope=office_scope, project=project, year=2026, on=datetime.date(2026, 4, 1)
        )
    services.annual_list_withdraw(
        scope=office_scope, entry=entry, reason="资金未落实", on=datetime.date(2026, 7, 1)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.RESERVE

    def on(day):
        return [
            e.project.code
            for e in selectors.annual_list_entries(
                scope=office_scope, annual_list=entry.annual_list, on=day
            )
        ]

    assert on(datetime.date(2026, 3, 9)) == []
    assert on(datetime.date(2026, 3, 10)) == ["P-001"]
    assert on(datetime.date(2026, 6, 30)) == ["P-001"]
    assert on(datetime.date(2026, 7, 1)) == []
    # re-added later in the year: a new entry, the history keeps both
    services.annual_list_add(
        scope=office_scope, project=project, year=2026, on=datetime.date(2026, 9, 1)
    )
    assert on(datetime.date(2026, 9, 2)) == ["P-001"]
    assert AnnualListEntry.objects.filter(project=project).count() == 2


def test_a_withdrawal_needs_a_reason_and_a_date_after_the_entry(project, office_scope):
    entry = services.annual_list_add(
        scope=office_scope, project=project, year=2026, on=datetime.date(2026, 3, 10)
    )
    with pytest.raises(ValidationError, match="须说明原因"):
        services.annual_list_withdraw(scope=office_scope, entry=entry, reason="  ")
    with pytest.raises(ValidationError, match="不能早于列入日期"):
        services.annual_list_withdraw(
            scope=office_scope, entry=entry, reason="资金未落实", on=datetime.date(2026, 3, 1)
        )
    entry.refresh_from_db()
    assert entry.withdrawn_on is None


def test_only_the_office_manages_the_list(home, project):
    department = Scope.for_user(member(home["department"], Role.ADMIN))
    with pytest.raises(PermissionDenied):
        services.annual_list_add(scope=department, project=project, year=2026)
    assert not AnnualListEntry.objects.exists()
