"""The route walker's builders for labour organisations' URL parameters."""

from portal.models import LABOR_ORG_KINDS
from tests.labor.factories import labor_world
from tests.labor.factories_training import team_of

BUILDERS = {
    # the district's labour organisation (with one member)
    "labor_org_code": lambda home, organization: labor_world(home)["labor_org"].code,
    # a team of the acting labour organisation (only labour organisations keep teams)
    "team_id": lambda home, organization: str(
        team_of(
            organization if organization.kind in LABOR_ORG_KINDS else labor_world(home)["labor_org"]
        ).pk
    ),
}
