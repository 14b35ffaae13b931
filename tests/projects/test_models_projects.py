"""Which organisations see a project (`Project.objects.visible_to`, projects/models/projects.py)."""

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import Project
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory


def test_scoping_of_projects(home, owner, elsewhere):
    district = home["district"]
    supervisor = OrganizationFactory(kind=OrganizationKind.SUPERVISOR, region=district)
    project = ProjectFactory(
        region=district,
        department=home["department"],
        owner=owner,
        supervisor=supervisor,
        townships=[home["townships"][0]],
        contractors=[home["contractor"]],
    )

    def sees(organization):
        scope = Scope.for_user(member(organization, Role.VIEWER))
        return list(Project.objects.visible_to(scope)) == [project]

    assert sees(home["office"])
    assert sees(home["department"])
    assert sees(home["township"])  # the project stands on townships[0], the township's ground
    assert sees(home["contractor"])
    assert sees(owner)
    assert sees(supervisor)
    assert sees(OrganizationFactory(kind=OrganizationKind.LABOR_ORG, region=district))
    assert not sees(OrganizationFactory(kind=OrganizationKind.CONTRACTOR, region=district))
    assert not sees(OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=district))
    assert not sees(OrganizationFactory(kind=OrganizationKind.OWNER, region=district))
    assert not sees(OrganizationFactory(kind=OrganizationKind.SUPERVISOR, region=district))
    assert not sees(elsewhere["office"])
    other_township = OrganizationFactory(
        kind=OrganizationKind.TOWNSHIP, region=home["townships"][1]
    )
    assert not sees(other_township)
