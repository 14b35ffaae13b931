"""Each person's latest survey response stays one when two townships record him at the same
moment: `mark_latest` takes the person in turn, the second seeing the first's response."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from labor import services
from labor.models import SurveyResponse
from portal.models import OrganizationKind, Role
from portal.scope import Scope
from tests.labor.factories import id_number
from tests.labor.factories_surveys import open_survey, township_scope
from tests.portal.factories import OrganizationFactory, member


@pytest.mark.django_db(transaction=True)
def test_two_townships_recording_one_person_at_once_leave_one_latest_response(home):
    first = township_scope(home)
    other = OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
    second = Scope.for_user(member(other, Role.EDITOR))
    last_year = open_survey(first, year=timezone.localdate().year - 1)
    this_year = open_survey(second)
    person = id_number()
    saved, release = threading.Event(), threading.Event()
    errors = []

    def record(scope, survey, before_commit=None, after_start=None):
        try:
            if after_start:
                after_start.wait(10)
            with transaction.atomic():
                services.survey_response_save(
                    scope=scope, survey=survey, id_number=person, name="甲"
                )
                if before_commit:
                    saved.set()
                    before_commit.wait(10)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    one = threading.Thread(
        target=record, args=(first, last_year), kwargs={"before_commit": release}
    )
    two = threading.Thread(target=record, args=(second, this_year), kwargs={"after_start": saved})
    one.start()
    two.start()
    # The second waits for the first's transaction: give it the time to reach the lock.
    two.join(1)
    release.set()
    one.join(10)
    two.join(10)
    assert not errors
    latest = dict(SurveyResponse.objects.values_list("survey", "is_latest"))
    assert latest == {last_year.pk: False, this_year.pk: True}
