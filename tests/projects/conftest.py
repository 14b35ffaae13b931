import pytest
from django.core.management import call_command

from portal.models import OrganizationKind
from tests.factories import OrganizationFactory


@pytest.fixture
def directory(db):
    """The guidance directory of fixtures/, as seed_demo and a real installation load it."""
    call_command("loaddata", "guidance_directory", verbosity=0)
    from projects.models import Directory

    return Directory.objects.get(code="district-2024")


@pytest.fixture
def owner(home):
    """The project owner of the `home` district (its short name is what departments write)."""
    return OrganizationFactory(
        code="owner-1",
        name="测试城投公司",
        short_name="城投公司",
        kind=OrganizationKind.OWNER,
        region=home["district"],
    )
