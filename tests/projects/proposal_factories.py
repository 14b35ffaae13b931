"""Factories of proposals (项目申报), their written explanations and pre-reviews (预审), and
`proposal_world`: the submitted proposal the route walker opens."""

from decimal import Decimal

import factory
from django.utils import timezone

from projects.models import (
    DeclineExplanation,
    PreReview,
    PreReviewFinding,
    PreReviewStage,
    ProjectStatus,
    Proposal,
    ProposalStatus,
)
from tests.projects.factories import ProjectFactory, ProjectForecastFactory, this_year


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal of its project's department, for this year, in draft; the project is 申报中
    and names its proposer. `forecast=(workers, remuneration)` adds the year's forecast."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory, status=ProjectStatus.PROPOSED)
    year = factory.LazyFunction(this_year)
    proposer = factory.SelfAttribute("project.department")
    status = ProposalStatus.DRAFT

    @factory.post_generation
    def link(self, create, extracted, **kwargs):
        if self.project.proposed_by_id != self.proposer_id:
            self.project.proposed_by = self.proposer
            self.project.save(update_fields=["proposed_by"])

    @factory.post_generation
    def forecast(self, create, extracted, **kwargs):
        if extracted:
            workers, remuneration = extracted
            ProjectForecastFactory(
                project=self.project,
                year=self.year,
                local_workers=workers,
                remuneration=Decimal(remuneration),
            )


def submitted(**kwargs) -> dict:
    """The fields of a proposal submitted once."""
    return {
        "status": ProposalStatus.SUBMITTED,
        "round": 1,
        "submitted_at": timezone.now(),
        **kwargs,
    }


class DeclineExplanationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclineExplanation

    organization = factory.SubFactory("tests.portal.factories.OrganizationFactory")
    region = factory.SelfAttribute("organization.region")
    year = factory.LazyFunction(this_year)
    text = "重点项目建设周期跨年度，申报数量减少。"


class PreReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreReview

    project = factory.SubFactory(ProjectFactory)
    stage = PreReviewStage.FEASIBILITY
    reviewer = factory.SelfAttribute("project.department")
    reviewed_on = factory.LazyFunction(timezone.localdate)
    finding = PreReviewFinding.IMPLEMENTED


def proposal_world(home: dict) -> dict:
    """A proposal the home department submitted for this year (with its forecast), kept in
    `home["proposal_world"]`: what the walker's proposal routes open."""
    if "proposal_world" in home:
        return home["proposal_world"]
    proposal = ProposalFactory(
        project__code="SB-001",
        project__name="测试申报道路工程",
        project__region=home["district"],
        project__department=home["department"],
        project__townships=[home["townships"][0]],
        proposer=home["department"],
        forecast=(40, "60.00"),
        **submitted(),
    )
    home["proposal_world"] = {"proposal": proposal, "project": proposal.project}
    return home["proposal_world"]
