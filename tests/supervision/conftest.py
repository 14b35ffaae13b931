"""Fixtures of the supervision tests: the `home` project (world) under construction, and the
scopes of the organisations that inspect, rectify and decide."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import ProjectStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import project_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def scope_of(organization, role=Role.EDITOR) -> Scope:
    return Scope.for_user(member(organization, role))


@pytest.fixture
def site(home):
    """The world project under construction, with its parties and their editors' scopes."""
    world = project_world(home)
    project = world["project"]
    project.status = ProjectStatus.UNDER_CONSTRUCTION
    project.save(update_fields=["status"])
    member_unit = OrganizationFactory(
        code="member-audit",
        name="测试区审计局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )
    return {
        "project": project,
        "office": home["office"],
        "department": home["department"],
        "township": home["township"],
        "contractor": home["contractor"],
        "owner": world["owner"],
        "member_unit": member_unit,
        "office_scope": scope_of(home["office"]),
        "department_scope": scope_of(home["department"]),
        "township_scope": scope_of(home["township"]),
        "contractor_scope": scope_of(home["contractor"]),
        "owner_scope": scope_of(world["owner"]),
        "member_scope": scope_of(member_unit),
    }


@pytest.fixture
def evidence():
    def make(name="整改照片.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make
