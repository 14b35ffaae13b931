"""Numbers of the right form for tests (computed here, nobody's real number), and
`labor_world`: a labour organisation of the `home` district with one member worker, for the
route walker and the page tests."""

import datetime
import itertools

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
