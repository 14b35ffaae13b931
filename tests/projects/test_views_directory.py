"""The guidance directory's pages (projects/views/directory.py): browsing, the stages a
category proposes, and extension by the office."""

import pytest
from django.urls import reverse

from portal.models import Role
from projects.models import Directory, StageKind
from tests.portal.factories import member


def test_the_browser_shows_domains_categories_and_stages(client, home, directory):
    client.force_login(member(home["department"], Role.VIEWER))
    page = client.get(reverse("projects:directory")).content.decode()
    highway = directory.categories.get(number=1)
    assert highway.name in page
    assert highway.stages.first().name in page
    assert "后期管护环节" in page


def test_the_office_extends_the_directory_without_touching_the_shipped_version(
    client, home, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    category = directory.categories.get(number=1)
    shipped = category.stages.count()
    response = client.post(
        reverse("projects:directory-stage-add", args=[category.pk]),
        {"name": "农村公路日常巡查", "kind": StageKind.MAINTENANCE},
    )
    assert response.status_code == 302
    assert category.stages.count() == shipped  # the shipped version is untouched
    own = Directory.objects.get(region=home["district"])
    extended = own.categories.get(number=1)
    assert extended.stages.filter(name="农村公路日常巡查", kind=StageKind.MAINTENANCE).exists()
    assert extended.stages.count() == shipped + 1
    page = client.get(reverse("projects:directory")).content.decode()
    assert "农村公路日常巡查" in page


def test_a_category_proposes_its_stages_to_the_project_form(client, home, directory):
    client.force_login(member(home["office"], Role.EDITOR))
    category = directory.categories.get(number=11)
    fragment = client.get(reverse("projects:category-stages", args=[category.pk])).content
    for stage in category.stages.all():
        assert stage.name in fragment.decode()


@pytest.mark.parametrize("name", ["", "   "])
def test_a_stage_needs_a_name(client, home, directory, name):
    client.force_login(member(home["office"], Role.EDITOR))
    category = directory.categories.get(number=1)
    response = client.post(
        reverse("projects:directory-stage-add", args=[category.pk]),
        {"name": name, "kind": StageKind.MAINTENANCE},
    )
    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode()
    assert not Directory.objects.filter(region=home["district"]).exists()
