"""The labour app's figures for the projects: local workers (household township in the
project's district, only 务工人员), priority-group workers, people trained; in a constant
number of queries whatever the number of projects."""

import datetime

import pytest
from django.utils import timezone

from labor import services
from labor.figures import labor_figures
from labor.models import StaffCategory, WorkerPriorityGroup
from portal.scope import Scope
from projects.figures import figures_for
from projects.models import Project
from tests.labor.factories import contractor_editor, labor_world, register
from tests.labor.factories_training import training_world
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def engage(home, project, worker, category=StaffCategory.WORKER):
    return services.engagement_add(
        scope=Scope.for_user(contractor_editor(home)),
        project=project,
        contractor=home["contractor"],
        worker=worker,
        entry_date=datetime.date(timezone.localdate().year, 2, 1),
        staff_category=category,
    )


def test_local_means_the_household_township_in_the_district_and_only_workers_count(home, elsewhere):
    world = training_world(home)  # the roster's worker (home township 1) trained on the project
    project = world["project"]
    labor_scope = Scope.for_user(labor_world(home)["editor"])
    # same man twice on the roster: counted once
    engage(home, project, world["worker"])
    local_priority = register(labor_scope, name="本地重点", household_township=home["townships"][1])
    WorkerPriorityGroup.objects.create(
        worker=local_priority,
        group="脱贫人口",
        source="乡镇摸底调查",
        recorded_on=datetime.date(2025, 1, 1),
    )
    engage(home, project, local_priority)
    # lives in another district (an ID area code of this district would not make him local)
    outsider = register(labor_scope, name="外区人", household_township=elsewhere["townships"][0])
    engage(home, project, outsider)
    # no household township recorded: not local
    engage(home, project, register(labor_scope, name="未填户籍"))
    # managers, technicians and organisers never count, local or not
    for category in (StaffCategory.MANAGER, StaffCategory.TECHNICIAN, StaffCategory.ORGANIZER):
        manager = register(
            labor_scope, name=f"本地{category}", household_township=home["townships"][0]
        )
        WorkerPriorityGroup.objects.create(
            worker=manager,
            group="脱贫人口",
            source="乡镇摸底调查",
            recorded_on=datetime.date(2025, 1, 1),
        )
        engage(home, project, manager, category)
    figures = labor_figures(Project.objects.filter(pk=project.pk))[project.pk]
    assert figures == {"local_workers": 2, "priority_group_workers": 1, "people_trained": 1}
    assert figures_for(Project.objects.filter(pk=project.pk))[project.pk]["local_workers"] == 2


def test_a_project_without_roster_or_training_has_no_figures_not_zeros(home):
    bare = ProjectFactory(region=home["district"], department=home["department"])
    assert labor_figures(Project.objects.filter(pk=bare.pk)) == {}


def test_constant_queries_whatever_the_number_of_projects(home, django_assert_num_queries):
    world = training_world(home)
    projects = [world["project"]]
    for _ in range(5):
        project = ProjectFactory(
            region=home["district"], department=home["department"], contractors=[home["contractor"]]
        )
        engage(home, project, world["worker"])
        projects.append(project)
    with django_assert_num_queries(4):
        figures = labor_figures(Project.objects.filter(pk__in=[p.pk for p in projects]))
    assert len(figures) == 6
    assert all(figures[p.pk]["local_workers"] == 1 for p in projects)
    assert figures[world["project"].pk]["people_trained"] == 1
