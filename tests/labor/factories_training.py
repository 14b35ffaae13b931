"""Training sessions, labour organisations' profiles and teams, and maintenance jobs for the
tests of training, organisations, maintenance and figures; each world cached on `home`."""

import datetime
from decimal import Decimal

from django.utils import timezone

from labor import services
from labor.models import (
    LaborOrgForm,
    LaborOrgProfile,
    StaffCategory,
    Team,
    TrainingKind,
    TrainingMode,
)
from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import MaintenanceResponsibility, StageKind
from tests.labor.factories import contractor_editor, labor_world, register, roster_world
from tests.portal.factories import OrganizationFactory, member


def office_editor_of(home: dict):
    if "training_office_editor" not in home:
        home["training_office_editor"] = member(home["office"], Role.EDITOR)
    return home["training_office_editor"]


def training_world(home: dict) -> dict:
    """Cached on `home`: a skills session (培训+上岗, 16 hours) the office records on the world
    project in the home township, with the roster's worker attending and passing."""
    if "training_world" in home:
        return home["training_world"]
    roster = roster_world(home)
    scope = Scope.for_user(office_editor_of(home))
    year = timezone.localdate().year
    session = services.training_session_record(
        scope=scope,
        kind=TrainingKind.SKILLS,
        mode=TrainingMode.ON_SITE,
        title="路基施工技能培训",
        provider="测试建设有限公司",
        project=roster["project"],
        township=home["township"],
        start_date=datetime.date(year, 1, 5),
        end_date=datetime.date(year, 1, 6),
        hours=Decimal("16"),
    )
    services.training_participants_set(
        scope=scope,
        session=session,
        attendees=[
            services.Attendee(worker_id=roster["worker"].pk, passed=True, certificate="结业证")
        ],
    )
    home["training_world"] = {"session": session, "scope": scope, **roster}
    return home["training_world"]


def team_of(organization) -> Team:
    team, _ = Team.objects.get_or_create(
        organization=organization, name="第一施工队", defaults={"leader_name": "王队长", "size": 12}
    )
    return team


def collective(
    home: dict, *, code: str, name: str, return_risk: bool, kind=OrganizationKind.LABOR_ORG
):
    """A village collective of the home district with a profile and one team."""
    organization = OrganizationFactory(code=code, name=name, kind=kind, region=home["district"])
    LaborOrgProfile.objects.create(
        organization=organization,
        form=LaborOrgForm.COLLECTIVE,
        return_risk=return_risk,
        village=home["townships"][0].children.get(),
    )
    team_of(organization)
    return organization


def maintenance_world(home: dict) -> dict:
    """Cached on `home`: the world project's maintenance responsibility (3 planned) and two
    maintenance workers of the home contractor: the roster's worker, who built the road
    first, and a newcomer; plus a technician on maintenance, who never counts."""
    if "maintenance_world" in home:
        return home["maintenance_world"]
    roster = roster_world(home)
    project = roster["project"]
    year = timezone.localdate().year
    MaintenanceResponsibility.objects.create(
        project=project, unit=home["township"], since=datetime.date(year, 1, 1), planned_workers=3
    )
    stage = project.category.stages.get(kind=StageKind.MAINTENANCE)
    contractor_scope = Scope.for_user(contractor_editor(home))
    labor_scope = Scope.for_user(labor_world(home)["editor"])
    newcomer = register(labor_scope, name="赵六", household_township=home["townships"][1])
    technician = register(labor_scope, name="钱七", household_township=home["townships"][0])
    engagements = [
        services.engagement_add(
            scope=contractor_scope,
            project=project,
            contractor=home["contractor"],
            worker=worker,
            entry_date=datetime.date(year, 1, 2),
            stage=stage,
            staff_category=category,
        )
        for worker, category in (
            (roster["worker"], StaffCategory.WORKER),
            (newcomer, StaffCategory.WORKER),
            (technician, StaffCategory.TECHNICIAN),
        )
    ]
    home["maintenance_world"] = {
        **roster,
        "maintenance_stage": stage,
        "newcomer": newcomer,
        "technician": technician,
        "maintenance_engagements": engagements,
    }
    return home["maintenance_world"]
