"""Projects across versions of the guidance directory (projects/services/directory.py,
projects/selectors/directory.py, the project form and the list's category filter): after the
office extends the directory or adopts another version, every project keeps showing,
filtering by and saving its category and its labour plans' stages."""

import re

from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import AuditEntry, Role
from portal.scope import Scope
from projects import selectors, services
from projects.models import Category, Directory, StageKind, WorkStage
from tests.portal.factories import member
from tests.projects.factories import (
    CategoryFactory,
    DirectoryFactory,
    LaborPlanFactory,
    ProjectFactory,
    WorkStageFactory,
)


def shipped(directory, number: int) -> Category:
    return Category.objects.get(directory=directory, number=number)


def project_on(home, owner, category, code: str, region=None):
    return ProjectFactory(
        code=code,
        name=f"工程{code}",
        region=region or home["district"],
        category=category,
        department=home["department"],
        owner=owner,
        townships=[home["townships"][0]],
    )


def extend(scope, category, name="农村公路日常巡查"):
    return services.directory_add_stage(
        scope=scope, category=category, name=name, kind=StageKind.MAINTENANCE
    )


def selected_option(page: str, select_name: str) -> str:
    """The text of the selected option of a <select>, '' when none is selected."""
    select = re.search(rf'<select name="{select_name}".*?</select>', page, re.S)
    assert select, f"no <select name={select_name}>"
    chosen = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", select.group(0))
    return chosen.group(1) if chosen else ""


def resubmit(client, url: str) -> dict:
    """Post the edit form back as the page filled it in, untouched."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    return data


def test_extending_moves_the_districts_projects_and_plans_onto_its_copy(
    home, elsewhere, owner, directory, office_scope
):
    highway = shipped(directory, 1)
    earthwork = highway.stages.get(name="土方开挖")
    project = project_on(home, owner, highway, "HOME-1")
    plan = LaborPlanFactory(project=project, stage=earthwork)
    other_owner = ProjectFactory(region=elsewhere["district"]).owner
    outside = project_on(home, other_owner, highway, "AWAY-1", region=elsewhere["district"])

    extend(office_scope, highway)

    own = Directory.objects.get(region=home["district"])
    project.refresh_from_db()
    plan.refresh_from_db()
    assert project.category.directory == own
    assert (project.category.number, project.category.name) == (1, highway.name)
    assert plan.stage.category == project.category
    assert (plan.stage.order, plan.stage.name) == (earthwork.order, "土方开挖")
    plan.full_clean()  # the plan still fits its project
    outside.refresh_from_db()
    assert outside.category == highway  # another district's project is not touched
    entry = AuditEntry.objects.get(action="project.directory_follow", object_id=str(project.pk))
    assert own.name in entry.summary
    assert (
        "1 个项目的类别随之对应到新版本" in AuditEntry.objects.get(action="directory.copy").summary
    )


def test_after_an_extension_the_edit_form_shows_and_saves_the_category(
    client, home, owner, directory
):
    client.force_login(member(home["office"], Role.EDITOR))
    highway = shipped(directory, 1)
    project = project_on(home, owner, highway, "HOME-1")
    response = client.post(
        reverse("projects:directory-stage-add", args=[highway.pk]),
        {"name": "农村公路日常巡查", "kind": StageKind.MAINTENANCE},
    )
    assert response.status_code == 302

    url = reverse("projects:project-edit", args=[project.code])
    page = client.get(url).content.decode()
    assert selected_option(page, "category") == f"{highway.domain.name} · {highway.name}"
    data = resubmit(client, url)
    data["name"] = "改名后的工程"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.name == "改名后的工程"
    assert project.category.directory.region == home["district"]
    # The labour plan form offers the extended stages of the project's category.
    stages = client.get(reverse("projects:category-stages", args=[project.category_id]))
    assert "农村公路日常巡查" in stages.content.decode()


def test_the_category_filter_finds_projects_of_every_version(
    client, home, owner, directory, office_scope
):
    highway = shipped(directory, 1)
    extend(office_scope, highway)
    own_highway = Category.objects.get(directory__region=home["district"], number=1)
    on_copy = project_on(home, owner, own_highway, "NEW-1")
    # A project still on the shipped version (as one left behind by an earlier copy is).
    on_shipped = project_on(home, owner, highway, "OLD-1")
    project_on(home, owner, shipped(directory, 2), "BUS-1")

    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get(reverse("projects:project-list"), {"category": own_highway.pk})
    text = page.content.decode()
    assert on_copy.name in text
    assert on_shipped.name in text
    assert "工程BUS-1" not in text

    api = APIClient()
    api.force_authenticate(member(home["office"], Role.VIEWER))
    for category in (own_highway, highway):
        response = api.get("/api/v1/projects/", {"category": category.pk})
        assert response.status_code == 200, response.content
        assert sorted(row["code"] for row in response.json()["results"]) == ["NEW-1", "OLD-1"]


def test_an_extension_mends_projects_an_earlier_copy_left_on_the_old_version(
    home, owner, directory, office_scope
):
    highway = shipped(directory, 1)
    extend(office_scope, highway, name="边沟清理")
    left_behind = project_on(home, owner, highway, "OLD-1")

    extend(office_scope, highway, name="路肩整修")

    left_behind.refresh_from_db()
    assert left_behind.category.directory.region == home["district"]
    assert left_behind.category.stages.filter(name__in=["边沟清理", "路肩整修"]).count() == 2


def test_adopting_a_version_moves_what_matches_and_keeps_what_does_not(
    client, home, owner, directory, office_scope
):
    highway, bus_station = shipped(directory, 1), shipped(directory, 2)
    national = DirectoryFactory(code="national-test", name="国家指导目录（测试）")
    national_highway = CategoryFactory(
        directory=national, number=1, domain=highway.domain, name=highway.name
    )
    for stage in highway.stages.all():
        WorkStageFactory(
            category=national_highway, order=stage.order, name=stage.name, kind=stage.kind
        )
    CategoryFactory(directory=national, number=2, domain=highway.domain, name="农村公路")
    follows = project_on(home, owner, highway, "HW-1")
    plan = LaborPlanFactory(project=follows, stage=highway.stages.get(name="清表"))
    stays = project_on(home, owner, bus_station, "BUS-1")

    services.directory_adopt(scope=office_scope, directory=national)

    follows.refresh_from_db()
    plan.refresh_from_db()
    stays.refresh_from_db()
    assert follows.category == national_highway
    assert plan.stage.category == national_highway
    assert stays.category == bus_station  # no counterpart: kept, not broken
    kept = AuditEntry.objects.get(action="project.directory_kept", object_id=str(stays.pk))
    assert bus_station.name in kept.summary
    assert "BUS-1" in AuditEntry.objects.get(action="directory.adopt").summary

    # The kept project's form still shows its category, named with its version, and saves.
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:project-edit", args=[stays.code])
    page = client.get(url).content.decode()
    assert selected_option(page, "category").startswith(f"交通 · {bus_station.name}（沿用")
    response = client.post(url, resubmit(client, url))
    assert response.status_code == 302, response.context["form"].errors
    # Its category filter still finds it.
    assert stays in selectors.project_list(scope=office_scope, filters={"category": bus_station})


def test_a_project_whose_plan_uses_a_stage_the_new_version_lacks_keeps_its_category(
    home, owner, directory, office_scope
):
    highway = shipped(directory, 1)
    added = extend(office_scope, highway, name="边沟清理")
    own_highway = added.category
    project = project_on(home, owner, own_highway, "HW-1")
    LaborPlanFactory(project=project, stage=added)

    services.directory_adopt(scope=office_scope, directory=directory)  # back to the shipped one

    project.refresh_from_db()
    assert project.category == own_highway
    kept = AuditEntry.objects.get(action="project.directory_kept", object_id=str(project.pk))
    assert "边沟清理" in kept.summary
    assert selectors.directory_in_use(scope=office_scope) == directory


def test_a_township_or_department_scope_sees_the_moved_categories(
    home, owner, directory, office_scope
):
    highway = shipped(directory, 1)
    project = project_on(home, owner, highway, "HW-1")
    extend(office_scope, highway)
    project.refresh_from_db()
    department = Scope.for_user(member(home["department"], Role.VIEWER))
    assert project.category in selectors.directory_categories(scope=department)
    assert WorkStage.objects.filter(category=project.category, name="农村公路日常巡查").exists()
