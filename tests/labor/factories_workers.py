"""Factories of the worker registry's tests: a township's survey response of a person (the
surveys' own services may not exist yet, so the rows are built directly, the way the survey
import writes them), and a month of attendance on the roster of `roster_world`."""

import datetime

from django.utils import timezone

from labor.id_numbers import parse_id_number
from labor.models import Attendance, LaborSurvey, SurveyResponse, month_days
from portal.pii import blind_index
from tests.labor.factories import id_number, roster_world


def township_survey(home: dict) -> LaborSurvey:
    """The home township's survey of this year (cached on `home`)."""
    if "township_survey" not in home:
        today = timezone.localdate()
        home["township_survey"] = LaborSurvey.objects.create(
            township=home["township"],
            year=today.year,
            title=f"{today.year}年劳动力状况摸底调查",
            opened_on=today.replace(month=1, day=1),
        )
    return home["township_survey"]


def survey_response(home: dict, number: str | None = None, **fields) -> SurveyResponse:
    """A person the home township's survey (or `survey`) recorded, joined to no worker
    unless `worker` is given."""
    parsed = parse_id_number(number or id_number())
    fields.setdefault("name", "赵六")
    fields.setdefault("phone", "13900001111")
    response = SurveyResponse.objects.create(
        survey=fields.pop("survey", None) or township_survey(home),
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


def attendance_month(home: dict) -> Attendance:
    """This January's attendance of `roster_world`'s worker (cached on `home`)."""
    if "attendance_month" not in home:
        world = roster_world(home)
        month = datetime.date(timezone.localdate().year, 1, 1)
        marks = ("P" * 20 + "H" + "R" * 10)[: month_days(month)]
        home["attendance_month"] = Attendance.objects.create(
            worker=world["worker"],
            project=world["project"],
            contractor=home["contractor"],
            month=month,
            marks=marks,
            days=Attendance.count_days(marks),
        )
    return home["attendance_month"]
