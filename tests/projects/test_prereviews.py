"""Pre-review (预审, seed 000): member units, departments and the office record a review per
stage; a new review adds a row and the latest counts; the office sees the projects whose
pre-review is missing or failed, and the numbers agree with the list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects.models import PreReview, PreReviewFinding, PreReviewStage, ProjectStatus
from projects.selectors.prereviews import FAILED, MISSING, prereview_flagged
from projects.services.prereviews import prereview_record
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory
from tests.projects.proposal_factories import PreReviewFactory

pytestmark = pytest.mark.django_db
FEASIBILITY, DESIGN = PreReviewStage.FEASIBILITY, PreReviewStage.PRELIMINARY_DESIGN
OK, FAILS = PreReviewFinding.IMPLEMENTED, PreReviewFinding.NOT_IMPLEMENTED


@pytest.fixture
def approval(home):
    """行政审批局: a member unit of the district."""
    return OrganizationFactory(
        code="member-approval",
        name="测试区行政审批服务管理局",
        kind=OrganizationKind.MEMBER_UNIT,
        region=home["district"],
    )


def scope_of(organization, role=Role.EDITOR) -> Scope:
    return Scope.for_user(member(organization, role))


def record(scope, project, stage=FEASIBILITY, finding=OK, additions="", on=None):
    return prereview_record(
        scope=scope,
        project=project,
        stage=stage,
        reviewed_on=on or timezone.localdate(),
        finding=finding,
        additions=additions,
    )


def test_the_approval_bureau_records_a_review_and_a_new_one_keeps_the_history(home, approval):
    project = ProjectFactory(region=home["district"])
    scope = scope_of(approval)
    first = record(scope, project, finding=FAILS, additions="补充用工环节")
    assert (first.reviewer, first.reviewed_by) == (approval, scope.user)
    second = record(scope, project, finding=OK)
    assert PreReview.objects.filter(project=project, stage=FEASIBILITY).count() == 2
    assert second.pk != first.pk
    assert AuditEntry.objects.filter(action="prereview.record").count() == 2


def test_a_failed_review_says_what_to_add_and_a_date_is_not_in_the_future(home, approval):
    project = ProjectFactory(region=home["district"])
    with pytest.raises(ValidationError) as no_additions:
        record(scope_of(approval), project, finding=FAILS)
    assert "须在要件中补充" in no_additions.value.message_dict["additions"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        record(scope_of(approval), project, on=tomorrow)
    assert "不能晚于今天" in future.value.message_dict["reviewed_on"][0]


def test_who_may_record(home, approval, elsewhere):
    project = ProjectFactory(region=home["district"], department=home["department"])
    other_departments = ProjectFactory(region=home["district"])
    record(scope_of(home["office"]), project)
    record(scope_of(home["department"]), project, stage=DESIGN)
    for scope, target in (
        (scope_of(home["department"]), other_departments),  # not its project
        (scope_of(home["township"]), project),
        (scope_of(home["contractor"]), project),
        (scope_of(approval, Role.VIEWER), project),
        (scope_of(elsewhere["office"]), project),
    ):
        with pytest.raises(PermissionDenied):
            record(scope, target)


def test_the_flagged_list_counts_the_latest_review_per_stage(home, approval):
    district = home["district"]
    scope = scope_of(home["office"])
    none = ProjectFactory(region=district, status=ProjectStatus.LISTED)
    half = ProjectFactory(region=district, status=ProjectStatus.RESERVE)
    PreReviewFactory(project=half, stage=FEASIBILITY, reviewer=approval)
    done = ProjectFactory(region=district, status=ProjectStatus.LISTED)
    failed = ProjectFactory(region=district, status=ProjectStatus.UNDER_CONSTRUCTION)
    corrected = ProjectFactory(region=district, status=ProjectStatus.LISTED)
    building = ProjectFactory(region=district, status=ProjectStatus.UNDER_CONSTRUCTION)
    earlier = timezone.localdate() - datetime.timedelta(days=5)
    for project in (done, failed, corrected):
        PreReviewFactory(project=project, stage=DESIGN, reviewer=approval)
        PreReviewFactory(project=project, stage=FEASIBILITY, reviewer=approval, reviewed_on=earlier)
    PreReviewFactory(
        project=failed, stage=FEASIBILITY, reviewer=approval, finding=FAILS, additions="补充"
    )
    PreReviewFactory(
        project=corrected,
        stage=FEASIBILITY,
        reviewer=approval,
        finding=FAILS,
        reviewed_on=earlier - datetime.timedelta(days=3),
    )

    def codes(problem=""):
        return set(
            prereview_flagged(scope=scope, filters={"problem": problem}).values_list(
                "code", flat=True
            )
        )

    assert codes(MISSING) == {none.code, half.code}  # before construction only
    assert codes(FAILED) == {failed.code}  # the latest review counts: corrected is not
    assert codes() == {none.code, half.code, failed.code}
    assert building.code not in codes()


def test_the_tab_shows_the_reviews_and_the_form_to_those_who_may_record(client, home, approval):
    project = ProjectFactory(region=home["district"], status=ProjectStatus.LISTED)
    PreReviewFactory(project=project, reviewer=approval, finding=FAILS, additions="补充岗位清单")
    url = reverse("projects:project-detail", args=[project.code]) + "?tab=prereview"
    client.force_login(member(approval, Role.EDITOR))
    page = client.get(url).content.decode()
    assert "补充岗位清单" in page
    assert "未预审" in page  # the preliminary design
    assert reverse("projects:prereview-create", args=[project.code]) in page
    client.force_login(member(approval, Role.VIEWER))
    assert (
        reverse("projects:prereview-create", args=[project.code])
        not in client.get(url).content.decode()
    )


def test_the_member_unit_records_through_the_form(client, home, approval):
    project = ProjectFactory(region=home["district"])
    client.force_login(member(approval, Role.EDITOR))
    url = reverse("projects:prereview-create", args=[project.code])
    assert client.get(url).status_code == 200
    refused = client.post(
        url, {"stage": FEASIBILITY, "reviewed_on": timezone.localdate(), "finding": FAILS}
    )
    assert "须在要件中补充" in refused.content.decode()
    response = client.post(
        url,
        {
            "stage": FEASIBILITY,
            "reviewed_on": timezone.localdate(),
            "finding": FAILS,
            "additions": "补充岗位",
        },
    )
    assert response.status_code == 302
    assert PreReview.objects.get(project=project).reviewer == approval
    client.force_login(member(home["township"], Role.ADMIN))
    assert client.get(url).status_code == 403


def test_the_office_sees_the_flagged_list_and_its_number(client, home, approval):
    failed = ProjectFactory(region=home["district"], status=ProjectStatus.LISTED)
    PreReviewFactory(project=failed, reviewer=approval, finding=FAILS, additions="补充")
    ProjectFactory(region=home["district"], status=ProjectStatus.RESERVE)
    client.force_login(member(home["office"], Role.EDITOR))
    page = client.get(reverse("projects:prereview-list") + "?problem=not_passed")
    assert page.context["paginator"].count == 1
    assert failed.name in page.content.decode()
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert (
        'data-count="prereview-not_passed" data-count-url="/prereviews/?problem=not_passed">1<'
        in dashboard
    )


def flagged_queries(client, home, count) -> int:
    for _ in range(count):
        project = ProjectFactory(region=home["district"], status=ProjectStatus.LISTED)
        PreReviewFactory(project=project, finding=FAILS, additions="补充")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:prereview-list"))
    assert response.status_code == 200
    return len(queries)


def test_the_flagged_list_runs_a_fixed_number_of_queries(client, home):
    client.force_login(member(home["office"], Role.VIEWER))
    client.get(reverse("projects:prereview-list"))
    assert flagged_queries(client, home, 2) == flagged_queries(client, home, 12)
