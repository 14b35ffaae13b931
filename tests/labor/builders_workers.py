"""The route walker's builders for the worker registry's API parameters."""

from tests.labor.factories import roster_world
from tests.labor.factories_workers import attendance_month

BUILDERS = {
    # the home contractor's roster line of the labour organisation's member
    "engagement_id": lambda home, organization: str(roster_world(home)["engagement"].pk),
    # that worker's January on the same project
    "attendance_id": lambda home, organization: str(attendance_month(home).pk),
}
