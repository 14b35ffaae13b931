"""Factories for the supervision app, and `supervision_world`: an inspection of the `home`
project with a finding waiting for review, its evidence, an observation and a draw, for the
route walker and the page tests."""

import datetime

import factory
from django.utils import timezone

from supervision.models import (
    Finding,
    FindingStatus,
    FindingTopic,
    Inspection,
    InspectionLevel,
    Observation,
    Rectification,
    SpotCheckDraw,
)
from supervision.models.draws import draw_sample
from tests.projects.factories import project_world

PDF = b"%PDF-1.4\n%%EOF\n"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    level = InspectionLevel.SPOT_CHECK
    inspected_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    summary = "现场检查"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    topic = FindingTopic.PAY
    description = factory.Sequence(lambda n: f"劳务报酬未按时发放{n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    status = FindingStatus.OPEN


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rectification

    finding = factory.SubFactory(FindingFactory)
    description = "已整改"
    rectified_on = factory.LazyFunction(timezone.localdate)
    evidence = factory.django.FileField(filename="整改.pdf", data=PDF)
    organization = factory.SelfAttribute("finding.responsible")


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    observed_on = factory.LazyFunction(timezone.localdate)
    topic = FindingTopic.LOCAL_HIRING
    text = "现场务工人员与名册一致"
    attachment = factory.django.FileField(filename="现场.pdf", data=PDF)


def make_draw(region, organization, population, size=2, seed=12345) -> SpotCheckDraw:
    population = sorted(population)
    return SpotCheckDraw.objects.create(
        region=region,
        title="测试抽查",
        drawn_on=timezone.localdate(),
        seed=seed,
        population=population,
        size=size,
        result=draw_sample(seed, population, size),
        organization=organization,
    )


def supervision_world(home: dict) -> dict:
    """Built once per test in `home["supervision"]`: the office's spot check of the world
    project, a finding addressed to the office (the walker's acting organisation) with its
    rectification reported with evidence, an observation with a file, and a draw."""
    if "supervision" in home:
        return home["supervision"]
    world = project_world(home)
    project = world["project"]
    inspection = InspectionFactory(project=project, inspecting_organization=home["office"])
    finding = FindingFactory(
        inspection=inspection, responsible=home["office"], status=FindingStatus.REPORTED
    )
    rectification = RectificationFactory(finding=finding)
    observation = ObservationFactory(project=project, organization=home["office"])
    draw = make_draw(home["district"], home["office"], [project.code, "X-1", "X-2"])
    home["supervision"] = {
        "inspection": inspection,
        "finding": finding,
        "rectification": rectification,
        "observation": observation,
        "draw": draw,
    }
    return home["supervision"]
