"""The spot-check draw: stored with its seed, sorted population and size, it reproduces —
rerunning random.Random(seed).sample(sorted(population), size) gives the stored result."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, Role
from projects.models import ProjectStatus
from supervision import services
from supervision.models import InspectionLevel, SpotCheckDraw
from tests.portal.factories import member
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
CODES = [f"SC-{n:03d}" for n in range(30, 0, -1)]  # given unsorted on purpose


@pytest.fixture(autouse=True)
def population(site):
    """The thirty projects of CODES in the office's district: a draw is made of projects the
    office sees, nothing else."""
    for code in CODES:
        ProjectFactory(code=code, region=site["project"].region)


def test_a_draw_reproduces_from_what_it_stores(site):
    draw = services.draw_create(
        scope=site["office_scope"], title="四季度抽查", population=CODES, size=5
    )
    draw.refresh_from_db()
    assert draw.population == sorted(CODES)
    # Rerun by hand, as anyone could, from the three stored values.
    rerun = random.Random(draw.seed).sample(sorted(draw.population), draw.size)
    assert rerun == draw.result
    assert draw.reproduces
    assert len(set(draw.result)) == 5
    assert set(draw.result) <= set(CODES)
    assert str(draw.seed) in AuditEntry.objects.get(action="draw.create").summary


def test_a_typed_seed_redoes_an_earlier_draw(site):
    first = services.draw_create(scope=site["office_scope"], title="a", population=CODES, size=4)
    again = services.draw_create(
        scope=site["office_scope"],
        title="b",
        population=list(reversed(CODES)),
        size=4,
        seed=first.seed,
    )
    assert again.result == first.result


def test_a_seed_chosen_by_hand_is_refused_for_a_new_draw(site):
    """A seed typed for a new draw could be searched for one that draws the projects wanted."""
    first = services.draw_create(scope=site["office_scope"], title="a", population=CODES, size=4)
    with pytest.raises(ValidationError, match="抽签种子由系统随机生成"):
        services.draw_create(
            scope=site["office_scope"], title="c", population=CODES, size=4, seed=first.seed + 1
        )
    assert SpotCheckDraw.objects.count() == 1


def test_a_population_with_a_project_the_office_does_not_see_is_refused(site, elsewhere):
    outside = ProjectFactory(code="ELSEWHERE-1", region=elsewhere["district"])
    with pytest.raises(ValidationError, match="看不到的项目"):
        services.draw_create(
            scope=site["office_scope"], title="x", population=[*CODES, outside.code], size=2
        )
    assert not SpotCheckDraw.objects.exists()


def test_a_stored_draw_that_was_tampered_with_does_not_reproduce(site):
    draw = services.draw_create(scope=site["office_scope"], title="a", population=CODES, size=3)
    draw.result = list(reversed(draw.result))
    assert not draw.reproduces


@pytest.mark.parametrize(("population", "size"), [(CODES, 0), (CODES, 31), ([], 1)])
def test_a_size_outside_the_population_is_refused(site, population, size):
    with pytest.raises(ValidationError):
        services.draw_create(
            scope=site["office_scope"], title="x", population=population, size=size
        )
    assert not SpotCheckDraw.objects.exists()


@pytest.mark.parametrize("scope_key", ["department_scope", "member_scope", "contractor_scope"])
def test_only_the_office_draws(site, scope_key):
    with pytest.raises(PermissionDenied):
        services.draw_create(scope=site[scope_key], title="x", population=CODES, size=1)


def test_the_office_draws_on_the_page_and_the_page_shows_the_reproduction(client, site, home):
    district = site["project"].region
    for number in range(6):
        ProjectFactory(
            code=f"DR-{number}", region=district, status=ProjectStatus.UNDER_CONSTRUCTION
        )
    ProjectFactory(code="DR-reserve", region=district, status=ProjectStatus.RESERVE)
    client.force_login(member(site["office"]))
    url = reverse("supervision:draw-create")
    data = {"title": "四季度抽查", "status": ProjectStatus.UNDER_CONSTRUCTION, "size": "3"}
    preview = client.post(url, {**data, "preview": "1"}).content.decode()
    # The six projects under construction and the world project (under construction here).
    assert "符合条件的项目 <b>7</b> 个" in preview
    assert "DR-reserve" not in preview
    typed = client.post(url, {**data, "seed": "424242"})
    assert "抽签种子由系统随机生成" in typed.content.decode()
    response = client.post(url, data)
    draw = SpotCheckDraw.objects.get()
    assert draw.population == sorted([f"DR-{n}" for n in range(6)] + [site["project"].code])
    detail = client.get(response["Location"]).content.decode()
    assert "复现结果与保存的抽签结果一致" in detail
    assert f"random.Random({draw.seed}).sample(sorted(总体), 3)" in detail
    for code in draw.result:
        assert code in detail
    # A member unit reads the draw; it may not draw.
    client.force_login(member(site["member_unit"], Role.EDITOR))
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url).status_code == 403


def test_a_spot_check_from_a_draw_names_a_drawn_project(site):
    project = site["project"]
    kwargs = {
        "scope": site["office_scope"],
        "project": project,
        "level": InspectionLevel.SPOT_CHECK,
        "inspected_on": timezone.localdate(),
    }
    everyone = services.draw_create(
        scope=site["office_scope"], title="y", population=[project.code, *CODES[:2]], size=3
    )
    assert services.inspection_record(**{**kwargs, "draw": everyone}).draw == everyone
    without = services.draw_create(
        scope=site["office_scope"], title="z", population=CODES[:2], size=1
    )
    with pytest.raises(ValidationError, match="不在「z」抽中的项目中"):
        services.inspection_record(**{**kwargs, "draw": without})
