"""Matching's test data: survey responses built as a township's officials record them, and
`matching_world`: a plan published to the home township whose period covers today, with a
pool of surveyed people, a neighbouring township's pool, a labour organisation's teams and
one referral waiting for the contractor's answer."""

import datetime

from django.utils import timezone

from labor import services
from labor.id_numbers import parse_id_number
from labor.models import LaborOrgForm, LaborOrgProfile, LaborSurvey, SurveyResponse, Team
from portal.models import OrganizationKind, Role
from portal.pii import blind_index
from portal.region_rules import RegionRules
from portal.scope import Scope
from tests.labor.factories import id_number
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import LaborPlanFactory, PlanNoticeFactory, project_world

ALL_YEAR = "1" * 12


def survey_for(township, year: int | None = None) -> LaborSurvey:
    year = year or timezone.localdate().year
    survey, _ = LaborSurvey.objects.get_or_create(
        township=township,
        year=year,
        defaults={"title": f"{year}年劳动力摸底调查", "opened_on": datetime.date(year, 1, 1)},
    )
    return survey


def survey_response(
    survey: LaborSurvey,
    name: str,
    *,
    birth: datetime.date = datetime.date(1985, 5, 1),
    male: bool = True,
    number: str | None = None,
    **fields,
) -> SurveyResponse:
    """One person as the township recorded him (willing, available all year by default)."""
    parsed = parse_id_number(number or id_number(birth, male=male))
    fields.setdefault("months_available", ALL_YEAR)
    fields.setdefault("village", survey.township.region.children.first())
    fields.setdefault("phone", "13900001111")
    response = SurveyResponse.objects.create(
        survey=survey,
        name=name,
        id_number=parsed.number,
        id_number_index=blind_index(parsed.number),
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        **fields,
    )
    # As the pages and the upload do: his latest response is the one the pool reads.
    SurveyResponse.objects.filter(pk=response.pk).mark_latest()
    response.refresh_from_db(fields=["is_latest"])
    return response


def set_neighbours(home: dict, text: str) -> None:
    RegionRules.objects.update_or_create(
        region=home["district"], defaults={"neighbouring_townships": text}
    )


def township_editor(home: dict):
    if "township_editor" not in home:
        home["township_editor"] = member(home["township"], Role.EDITOR)
    return home["township_editor"]


def matching_world(home: dict) -> dict:
    """Cached on `home`: project_world's project with a plan (钢筋、砌筑, two positions, this
    month to next) published to the home township; the township's survey with three willing
    people and one unwilling; the second township as its neighbour with its own survey; a
    返薄-risk collective's team and a labour company's; one referral from the pool."""
    if "matching_world" in home:
        return home["matching_world"]
    world = project_world(home)
    project = world["project"]
    stage = project.category.stages.order_by("order").first()
    today = timezone.localdate()
    start = today.replace(day=1)
    plan = LaborPlanFactory(
        project=project,
        stage=stage,
        published=True,
        positions=2,
        skills="钢筋工、砌筑",
        start=start,
        end=min(start + datetime.timedelta(days=45), datetime.date(today.year, 12, 31)),
    )
    notice = PlanNoticeFactory(plan=plan, township=home["township"])
    neighbour = OrganizationFactory(
        code="town-2",
        name="测试二镇人民政府",
        kind=OrganizationKind.TOWNSHIP,
        region=home["townships"][1],
    )
    set_neighbours(home, f"{home['townships'][0].name}：{home['townships'][1].name}")
    survey = survey_for(home["township"])
    pool = {
        "referred": survey_response(survey, "周已荐", skills="钢筋"),
        "plain": survey_response(survey, "吴普通"),
        "group": survey_response(survey, "郑重点", priority_groups="脱贫人口"),
        "unwilling": survey_response(survey, "王不愿", willing=False),
    }
    neighbour_pool = {
        "group": survey_response(
            survey_for(neighbour), "冯邻镇", priority_groups="返乡农民工", skills="砌筑"
        ),
    }
    collective = OrganizationFactory(
        code="collective-1",
        name="测试村股份经济合作社",
        kind=OrganizationKind.LABOR_ORG,
        region=home["townships"][1],
    )
    company = OrganizationFactory(
        code="labor-company-1",
        name="阿测试劳务有限公司",
        kind=OrganizationKind.LABOR_ORG,
        region=home["district"],
    )
    LaborOrgProfile.objects.create(
        organization=collective, form=LaborOrgForm.COLLECTIVE, return_risk=True
    )
    LaborOrgProfile.objects.create(organization=company, form=LaborOrgForm.COMPANY)
    teams = {
        "company": Team.objects.create(
            organization=company, name="钢筋班", trades="钢筋工", size=12
        ),
        "collective": Team.objects.create(
            organization=collective, name="村民突击队", trades="普工", size=20
        ),
    }
    editor = township_editor(home)
    (referral,) = services.referral_create(
        scope=Scope.for_user(editor), notice=notice, responses=[pool["referred"]]
    )
    home["matching_world"] = {
        "project": project,
        "stage": stage,
        "plan": plan,
        "notice": notice,
        "neighbour": neighbour,
        "survey": survey,
        "pool": pool,
        "neighbour_pool": neighbour_pool,
        "teams": teams,
        "referral": referral,
        "township_editor": editor,
    }
    return home["matching_world"]
