"""This year against last year (seed 001): per proposing department, township and domain,
summed in the database, set against sums computed by hand from the factories' rows; the
written explanation or 未说明; numbers that agree with the lists they open."""

import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import OrganizationKind, Role
from portal.scope import Scope
from projects.models import ProposalStatus
from projects.selectors.proposals import decline_missing_count, proposal_comparison
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import CategoryFactory, this_year
from tests.projects.proposal_factories import (
    DeclineExplanationFactory,
    ProposalFactory,
    submitted,
)

pytestmark = pytest.mark.django_db
YEAR = this_year()


def propose(proposer, year, workers, pay, status=ProposalStatus.SUBMITTED, **project):
    fields = submitted(status=status) if status != ProposalStatus.DRAFT else {}
    return ProposalFactory(
        proposer=proposer,
        year=year,
        forecast=(workers, pay),
        **{f"project__{key}": value for key, value in project.items()},
        **fields,
    )


@pytest.fixture
def rows(home):
    """Two departments and a township, over two years, with hand-known figures."""
    district = home["district"]
    transport = home["department"]
    water = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=district, name="水务局")
    township = home["township"]
    road, canal = CategoryFactory(), CategoryFactory()
    made = {"transport": transport, "water": water, "township": township, "road": road}
    on = {"region": district}
    # last year: transport 1 (100 workers, 50.00), water 2 (40+30, 20.00+15.50), township 1
    propose(
        transport,
        YEAR - 1,
        100,
        "50.00",
        ProposalStatus.ADOPTED,
        department=transport,
        category=road,
        **on,
    )
    propose(
        water, YEAR - 1, 40, "20.00", ProposalStatus.ADOPTED, department=water, category=canal, **on
    )
    propose(
        water,
        YEAR - 1,
        30,
        "15.50",
        ProposalStatus.RESERVED,
        department=water,
        category=canal,
        **on,
    )
    propose(
        township,
        YEAR - 1,
        20,
        "8.00",
        ProposalStatus.ADOPTED,
        department=transport,
        category=road,
        **on,
    )
    # this year: transport 2 (60+70 > 100), a draft that does not count; water 1 (falls);
    # township 1 with fewer workers (falls) and an explanation
    propose(
        transport,
        YEAR,
        60,
        "30.00",
        ProposalStatus.ADOPTED,
        department=transport,
        category=road,
        **on,
    )
    propose(
        transport,
        YEAR,
        70,
        "35.25",
        ProposalStatus.SUBMITTED,
        department=transport,
        category=road,
        **on,
    )
    propose(
        transport,
        YEAR,
        999,
        "999.00",
        ProposalStatus.DRAFT,
        department=transport,
        category=road,
        **on,
    )
    propose(
        water, YEAR, 90, "40.00", ProposalStatus.RETURNED, department=water, category=canal, **on
    )
    propose(
        township,
        YEAR,
        15,
        "9.00",
        ProposalStatus.SUBMITTED,
        department=transport,
        category=road,
        **on,
    )
    DeclineExplanationFactory(organization=township, year=YEAR, text="本镇重点项目跨年度实施")
    return made


def figures(row) -> dict:
    return {f["name"]: (f["now"], f["before"], f["change"], f["falls"]) for f in row["figures"]}


def test_the_figures_are_the_sums_of_the_rows(home, rows, office_scope):
    comparison = proposal_comparison(scope=office_scope, year=YEAR)
    departments = {row["organization"]: row for row in comparison["department"]}
    transport = figures(departments[rows["transport"]])
    assert transport["projects"] == (2, 1, 1, False)
    assert transport["on_list"] == (1, 1, 0, False)
    assert transport["jobs"] == (130, 100, 30, False)
    assert transport["remuneration"] == (
        Decimal("65.25"),
        Decimal("50.00"),
        Decimal("15.25"),
        False,
    )
    assert not departments[rows["transport"]]["falling"]
    water = figures(departments[rows["water"]])
    assert water["projects"] == (1, 2, -1, True)
    assert water["jobs"] == (90, 70, 20, False)
    assert water["remuneration"] == (Decimal("40.00"), Decimal("35.50"), Decimal("4.50"), False)
    assert departments[rows["water"]]["explanation"] is None
    (township_row,) = comparison["township"]
    township = figures(township_row)
    assert township["jobs"] == (15, 20, -5, True)
    assert township_row["explanation"].text == "本镇重点项目跨年度实施"
    domains = {row["id"]: figures(row) for row in comparison["domain"]}
    road = domains[rows["road"].domain_id]
    assert road["projects"] == (3, 2, 1, False)  # transport's two and the township's one
    assert road["jobs"] == (145, 120, 25, False)


def test_the_missing_explanations_are_the_falling_rows_without_one(home, rows, office_scope):
    missing = proposal_comparison(scope=office_scope, year=YEAR, missing_only=True)
    assert [row["organization"] for row in missing["department"]] == [rows["water"]]
    assert missing["township"] == []
    assert decline_missing_count(scope=office_scope, year=YEAR) == 1


def test_a_proposer_sees_its_own_row_only(home, rows):
    scope = Scope.for_user(member(rows["water"], Role.EDITOR))
    comparison = proposal_comparison(scope=scope, year=YEAR)
    assert [row["organization"] for row in comparison["department"]] == [rows["water"]]
    assert comparison["township"] == []
    assert decline_missing_count(scope=scope, year=YEAR) == 1


LINK = re.compile(r'<a href="([^"]+)" data-figure="(\w+)" data-count-url="[^"]+">([\d.,]+)</a>')


def test_each_number_of_the_page_is_the_number_of_rows_its_link_opens(client, home, rows):
    client.force_login(member(home["office"], Role.VIEWER))
    page = client.get(reverse("projects:proposal-comparison") + f"?year={YEAR}").content.decode()
    assert "未说明" in page
    assert "本镇重点项目跨年度实施" in page
    counted = 0
    for url, figure, number in LINK.findall(page):
        if figure not in ("projects", "on_list"):
            continue
        listed = client.get(html.unescape(url))
        assert listed.context["paginator"].count == int(number), (figure, url)
        counted += 1
    assert counted >= 8


def test_the_explanation_form_is_the_proposers(client, home, rows):
    client.force_login(member(rows["transport"], Role.EDITOR))
    url = reverse("projects:decline-explanation")
    response = client.post(url, {"year": YEAR, "text": "本局说明"})
    assert response.status_code == 302
    client.force_login(member(home["office"], Role.EDITOR))
    assert client.get(url).status_code == 403


def comparison_queries(client, home, count: int) -> int:
    district = home["district"]
    for number in range(count):
        proposer = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=district)
        for year in (YEAR, YEAR - 1):
            propose(proposer, year, 10 + number, "5.00", department=proposer, region=district)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:proposal-comparison") + f"?year={YEAR}")
    assert response.status_code == 200
    return len(queries)


def test_the_comparison_runs_a_fixed_number_of_queries(client, home):
    client.force_login(member(home["office"], Role.VIEWER))
    client.get(reverse("projects:proposal-comparison"))
    few = comparison_queries(client, home, 2)
    many = comparison_queries(client, home, 10)
    assert few == many, f"{few} 次查询 → {many} 次查询"
