"""Surveys and briefings for tests: `survey_world` gives the home township a survey of this
year with one response (the roster world's worker, so he is "working"), a briefing with a
photo and a finished upload — the objects the route walker names."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from labor import services
from labor.models import SurveyImport
from portal.models import JobStatus, Role
from portal.scope import Scope
from tests.labor.factories import roster_world
from tests.portal.factories import member

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def photo(name: str = "现场.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def township_editor(home: dict):
    if "township_editor" not in home:
        home["township_editor"] = member(home["township"], Role.EDITOR)
    return home["township_editor"]


def township_scope(home: dict) -> Scope:
    return Scope.for_user(township_editor(home))


def village_of(home: dict, index: int = 0):
    return home["townships"][index].children.get()


def open_survey(
    scope: Scope, *, year: int | None = None, title: str = "劳动力就业意愿和技能水平摸底调查"
):
    today = timezone.localdate()
    year = year or today.year
    opened = today if year == today.year else datetime.date(year, 3, 1)
    return services.survey_open(scope=scope, year=year, title=title, opened_on=opened)


def survey_world(home: dict) -> dict:
    """Cached on `home`."""
    if "survey_world" in home:
        return home["survey_world"]
    roster = roster_world(home)
    scope = township_scope(home)
    survey = open_survey(scope)
    response = services.survey_response_save(
        scope=scope,
        survey=survey,
        id_number=roster["worker"].id_number,
        name=roster["worker"].name,
        village=village_of(home),
        skills="砌筑、电焊",
        months_available="001111111110",
        priority_groups=["脱贫人口"],
        phone="13812341234",
    ).response
    briefing = services.briefing_record(
        scope=scope,
        held_on=timezone.localdate(),
        village=village_of(home),
        topic="以工代赈政策宣讲",
        people_reached=40,
        photos=[photo()],
    )
    survey_import = SurveyImport.objects.create(
        organization=home["township"],
        user=township_editor(home),
        survey=survey,
        file=SimpleUploadedFile("摸底.xlsx", b"PK"),
        filename="摸底.xlsx",
        status=JobStatus.DONE,
        summary="新增 0 人，更新 0 人，未变 1 人。",
    )
    home["survey_world"] = {
        "scope": scope,
        "survey": survey,
        "response": response,
        "briefing": briefing,
        "photo": briefing.photos.get(),
        "survey_import": survey_import,
        "worker": roster["worker"],
    }
    return home["survey_world"]
