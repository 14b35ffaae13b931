"""What the projects app puts on the dashboard (projects/cards.py): each user sees the
figures and the work waiting for their own organisation."""

import re

from django.urls import reverse

from portal.models import OrganizationKind, Role
from projects.models import PreReviewFinding, ProjectStatus, ProposalStatus
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import ProjectFactory
from tests.projects.proposal_factories import PreReviewFactory, ProposalFactory, submitted


def count_on(page: str, name: str) -> int | None:
    """The number a dashboard shows under `data-count="name"`, None when it is not shown."""
    found = re.search(rf'data-count="{name}"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else None


def dashboard_of(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def test_the_township_sees_the_plans_waiting_for_it(client, home, world):
    page = dashboard_of(client, member(home["township"], Role.VIEWER))
    assert count_on(page, "inbox_pending") == 1
    assert world["project"].name in page
    office = dashboard_of(client, member(home["office"], Role.VIEWER))
    assert count_on(office, "inbox_pending") is None
    assert 'data-testid="inbox-card"' not in office


def test_the_office_sees_the_overdue_action_items_of_its_district(client, home, world):
    page = dashboard_of(client, member(home["office"], Role.VIEWER))
    assert count_on(page, "overdue_items") == 1
    assert world["item"].description in page  # three days overdue
    contractor = dashboard_of(client, member(home["contractor"], Role.VIEWER))
    assert world["item"].description not in contractor


# --- proposals and pre-review (issue 14 items 1, 2 and 6) --------------------------------


def test_a_member_unit_has_its_dashboard_with_no_action_it_cannot_take(client, home, world):

    hrss = OrganizationFactory(kind=OrganizationKind.MEMBER_UNIT, region=home["district"])
    ProjectFactory(region=home["district"], status=ProjectStatus.RESERVE)  # not pre-reviewed
    failed = ProjectFactory(region=home["district"], status=ProjectStatus.LISTED)
    PreReviewFactory(project=failed, finding=PreReviewFinding.NOT_IMPLEMENTED, additions="补充")
    ProposalFactory(project__region=home["district"], forecast=(5, "5.00"), **submitted())
    page = dashboard_of(client, member(hrss, Role.EDITOR))
    assert count_on(page, "projects") is not None  # the region's projects, read-only
    assert count_on(page, "prereview-not_passed") == 1
    assert count_on(page, "proposals-submitted") == 1
    assert "待预审的项目（开工前缺少预审）" in page
    for action in ("/proposals/new/", "/projects/new/", "/decide/", "/prereviews/new/"):
        assert action not in page, f"成员单位的工作台不应提供 {action}"


def test_a_township_is_told_what_its_proposals_need(client, home):

    def propose(**fields):
        return ProposalFactory(
            project__region=home["district"],
            project__townships=[home["townships"][0]],
            proposer=home["township"],
            **fields,
        )

    propose(**submitted(status=ProposalStatus.RETURNED, decision_reason="补充"))
    propose()
    page = dashboard_of(client, member(home["township"], Role.EDITOR))
    assert re.search(r"被退回待修改的项目申报</a>\s*<span[^>]*>1<", page)
    assert re.search(r"尚未提交的申报草稿</a>\s*<span[^>]*>1<", page)
    assert count_on(page, "proposals-draft") == 1
    office = dashboard_of(client, member(home["office"], Role.EDITOR))
    assert re.search(r"待审核的项目申报</a>", office) is None  # nothing waits for the office
    assert count_on(office, "proposals-draft") is None  # drafts are the township's own
