"""Fixtures of the projects app's tests: the shipped guidance directory, an owner, the small
project graph of `project_world`, and the annual-list upload as the office makes it."""

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from portal.models import OrganizationKind
from tests.portal.factories import OrganizationFactory
from tests.projects.factories import list_upload, project_world


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


@pytest.fixture
def world(home):
    """`project_world(home)`: a project with its plans, notice, list entry, meeting and jobs."""
    return project_world(home)


@pytest.fixture
def upload_list():
    """Upload an annual list as the user does and land on the import's status page. Celery
    runs eagerly here (the tests marked `celery_worker` use a real worker); the test's
    transaction never commits, so the commit callbacks that queue the job are run by hand."""

    def upload(client, content: bytes, year: str = "2026", on: str = "2026-03-15"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                reverse("projects:annual-list-import"),
                {"year": year, "added_on": on, "file": list_upload(content)},
            )
        assert response.status_code == 302, response.content.decode()[:1000]
        assert "/annual-lists/imports/" in response["Location"]
        return client.get(response["Location"])

    return upload
