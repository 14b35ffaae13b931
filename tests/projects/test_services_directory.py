"""The writes of the guidance directory (projects/services/directory.py): the office extends
the version its district uses by copying it first."""

from projects import selectors, services
from projects.models import Category, StageKind


def test_extending_the_directory_copies_it_first(home, directory, office_scope):
    category = Category.objects.get(directory=directory, number=1)
    before = category.stages.count()
    stage = services.directory_add_stage(
        scope=office_scope, category=category, name="边沟清理", kind=StageKind.MAINTENANCE
    )
    assert stage.category.directory != directory
    assert stage.category.directory.based_on == directory
    assert category.stages.count() == before  # the adopted version is untouched
    assert stage.category.stages.count() == before + 1
    assert selectors.directory_in_use(scope=office_scope) == stage.category.directory
