"""Numbers of the right form for tests (computed here, nobody's real number), and
`labor_world`: a labour organisation of the `home` district with one member worker, for the
route walker and the page tests."""

import datetime
import itertools

from django.utils import timezone

from labor import services
from labor.id_numbers import check_character
from labor.models import Worker
from portal.models import OrganizationKind, Role
from portal.scope import Scope
from tests.portal.factories import OrganizationFactory, member

_serial = itertools.count(100)


def id_number(
    birth: datetime.date = datetime.date(1990, 1, 1), *, male: bool = True, area: str = "140214"
) -> str:
    """A well-formed 18-character number born on `birth`, a new one on every call."""
    serial = (next(_serial) * 2 + (1 if male else 0)) % 1000  # the 17th digit: odd for men
    first17 = f"{area}{birth:%Y%m%d}{serial:03d}"
    return first17 + check_character(first17)


def luhn_card(prefix: str = "621700001234567") -> str:
    """`prefix` with its Luhn check digit appended."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char)
            if position % 2:
                value = value * 2 - 9 if value > 4 else value * 2
            total += value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def register(scope: Scope, **fields) -> Worker:
    fields.setdefault("id_number", id_number())
    fields.setdefault("name", "张三")
    return services.worker_register(scope=scope, **fields).worker


def labor_world(home: dict) -> dict:
    """Cached on `home`: a labour organisation and its member worker with every number."""
    if "labor_world" in home:
        return home["labor_world"]
    labor_org = OrganizationFactory(
        code="labor-org-1",
        name="测试劳务合作社",
        kind=OrganizationKind.LABOR_ORG,
        region=home["district"],
    )
    editor = member(labor_org, Role.EDITOR)
    township = home["townships"][0]
    worker = register(
        Scope.for_user(editor),
        name="李四",
        phone="13812341234",
        household_township=township,
        household_village=township.children.get(),
        bank_name="测试银行",
        bank_card=luhn_card(),
    )
    home["labor_world"] = {"labor_org": labor_org, "editor": editor, "worker": worker}
    return home["labor_world"]


def contractor_editor(home: dict):
    """An editor of the home contractor (cached on `home`)."""
    if "contractor_editor" not in home:
        home["contractor_editor"] = member(home["contractor"], Role.EDITOR)
    return home["contractor_editor"]


def roster_world(home: dict) -> dict:
    """Cached on `home`: `project_world`'s project with the home contractor's roster of one
    engagement (the labour organisation's member, at the project's first stage, entered at
    the start of this year) — the base the topic factories build on."""
    if "roster_world" in home:
        return home["roster_world"]
    from labor.services import engagement_add
    from tests.projects.factories import project_world

    world = project_world(home)
    project = world["project"]
    worker = labor_world(home)["worker"]
    stage = project.category.stages.order_by("order").first()
    engagement = engagement_add(
        scope=Scope.for_user(contractor_editor(home)),
        project=project,
        contractor=home["contractor"],
        worker=worker,
        entry_date=datetime.date(timezone.localdate().year, 1, 1),
        stage=stage,
        trade="普工",
        daily_pay=200,
    )
    home["roster_world"] = {
        "project": project,
        "stage": stage,
        "worker": worker,
        "engagement": engagement,
        "editor": contractor_editor(home),
    }
    return home["roster_world"]
