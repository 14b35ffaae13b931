"""Figure providers are called once per batch of projects, not once per project; a figure no
provider knows is absent (shown as 暂无记录), never a 0."""

import datetime
from decimal import Decimal

import pytest

from portal.scope import Scope
from projects import figures, services
from projects.models import Category, Project


@pytest.fixture
def provider(monkeypatch):
    """A provider as the labour app will register one: one query, whatever the projects."""
    calls = []

    def local_workers(projects):
        calls.append(1)
        return {pk: {"local_workers": pk % 7 + 1} for pk in projects.values_list("pk", flat=True)}

    monkeypatch.setattr(figures, "_providers", [local_workers])
    return calls


def make_projects(home, owner, directory, office_editor, count: int) -> list[Project]:
    scope = Scope.for_user(office_editor)
    category = Category.objects.filter(directory=directory).select_related("domain").first()
    return [
        services.project_create(
            scope=scope,
            data={
                "code": f"FG-{number:03d}",
                "name": f"测试工程{number}",
                "level": "district",
                "domain": category.domain,
                "category": category,
                "department": home["department"],
                "owner": owner,
                "total_investment": Decimal("100"),
                "government_investment": Decimal("50"),
                "planned_start": datetime.date(2026, 1, 1),
                "planned_end": datetime.date(2026, 12, 31),
            },
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [2, 12])
def test_figures_of_many_projects_cost_one_query_per_provider(
    count, provider, home, owner, directory, office_editor, django_assert_num_queries
):
    projects = make_projects(home, owner, directory, office_editor, count)
    with django_assert_num_queries(2):  # the ids, then the one provider
        result = figures.figures_for(Project.objects.all())
    assert provider == [1]
    assert set(result) == {project.pk for project in projects}
    for project in projects:
        assert result[project.pk]["local_workers"] == project.pk % 7 + 1
        assert "arrears" not in result[project.pk]  # no app provides it yet: unknown, not 0


def test_one_projects_figures_come_from_the_same_function(
    provider, home, owner, directory, office_editor
):
    (project,) = make_projects(home, owner, directory, office_editor, 1)
    assert figures.project_figures(project)["local_workers"] == project.pk % 7 + 1


def test_no_projects_no_provider_call(provider, db):
    assert figures.figures_for(Project.objects.none()) == {}
    assert provider == []


def test_a_figure_no_provider_knows_is_absent_and_a_providers_zero_is_kept(
    monkeypatch, home, owner, directory, office_editor
):
    (project,) = make_projects(home, owner, directory, office_editor, 1)

    def arrears(projects):  # a wage app that knows of no arrears on this project: a real 0
        return {pk: {"arrears": Decimal(0)} for pk in projects.values_list("pk", flat=True)}

    monkeypatch.setattr(figures, "_providers", [])
    assert figures.project_figures(project) == {}
    rows = dict(figures.figure_rows(figures.project_figures(project)))
    assert rows == dict.fromkeys(figures.FIGURES.values())  # every one 暂无记录, none 0

    monkeypatch.setattr(figures, "_providers", [arrears])
    rows = dict(figures.figure_rows(figures.project_figures(project)))
    assert rows["拖欠劳务报酬（元）"] == 0
    assert rows["吸纳当地务工人数"] is None
