"""The demo district's supervision: the three levels, a finding in each state (one overdue),
a supervisor's observation and a draw that reproduces; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from supervision.models import (
    DecisionOutcome,
    Finding,
    FindingStatus,
    Inspection,
    InspectionLevel,
    Observation,
    SpotCheckDraw,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in (Inspection, Finding, Observation, SpotCheckDraw)
    ]


def test_the_demo_has_every_level_and_state_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    assert set(Inspection.objects.values_list("level", flat=True)) == set(InspectionLevel.values)
    assert set(Finding.objects.values_list("status", flat=True)) == set(FindingStatus.values)
    assert Finding.objects.overdue().exists()
    assert Finding.objects.filter(
        decisions__outcome=DecisionOutcome.REOPENED, status=FindingStatus.OPEN
    ).exists()
    assert Observation.objects.exists()
    draw = SpotCheckDraw.objects.get()
    assert draw.reproduces
    assert draw.inspections.exists()
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before
