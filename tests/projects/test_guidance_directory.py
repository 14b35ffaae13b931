"""The guidance directory of fixtures/: its content, idempotent loading, browsing, extension."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Role
from projects.models import Category, Directory, Domain, StageKind, WorkStage
from tests.factories import member


def snapshot():
    return (
        list(Domain.objects.values_list("pk", "code", "name").order_by("pk")),
        list(Category.objects.values_list("pk", "number", "name", "guiding_department")),
        list(WorkStage.objects.values_list("pk", "category_id", "order", "name", "kind")),
    )


def test_the_directory_has_seven_domains_and_twenty_five_categories(directory):
    assert Domain.objects.count() == 7
    assert directory.categories.count() == 25
    assert set(Domain.objects.values_list("name", flat=True)) >= {"交通", "水利", "农业农村"}
    for category in directory.categories.prefetch_related("stages"):
        stages = list(category.stages.all())
        assert stages, f"{category.name} 没有用工环节"
        assert category.guiding_department
        assert {stage.kind for stage in stages} <= set(StageKind.values)
    kinds = set(WorkStage.objects.values_list("kind", flat=True))
    assert kinds == set(StageKind.values)


def test_loading_the_directory_twice_changes_nothing(directory):
    before = snapshot()
    call_command("loaddata", "guidance_directory", verbosity=0)
    assert snapshot() == before
    assert Directory.objects.count() == 1


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
    assert extended.stages.filter(name="农村公路日常巡查", kind="maintenance").exists()
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
