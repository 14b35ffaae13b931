import pytest
from django.core.management import call_command


@pytest.fixture
def directory(db):
    """The guidance directory of fixtures/, as seed_demo and a real installation load it."""
    call_command("loaddata", "guidance_directory", verbosity=0)
    from projects.models import Directory

    return Directory.objects.get(code="district-2024")
