"""The route walker's objects for the survey and briefing pages (all of the home township)."""

from tests.labor.factories_surveys import survey_world

BUILDERS = {
    "survey_id": lambda home, organization: str(survey_world(home)["survey"].pk),
    "survey_import_id": lambda home, organization: str(survey_world(home)["survey_import"].pk),
    "response_id": lambda home, organization: str(survey_world(home)["response"].pk),
    "photo_id": lambda home, organization: str(survey_world(home)["photo"].pk),
}
