"""The guidance directory's models with the reference data of fixtures/: its content, and
natural keys that make loading it again change nothing."""

from django.core.management import call_command

from projects.models import Category, Directory, Domain, StageKind, WorkStage


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
