"""The route walker's objects for the roster pages (the home contractor's roster)."""

from tests.labor.factories import roster_world
from tests.labor.factories_rosters import roster_import_job, scanned_engagement

BUILDERS = {
    # the project of the home contractor's roster (its contractor, owner, department see it)
    "project_id": lambda home, organization: str(roster_world(home)["project"].pk),
    # the roster world's engagement, its signed contract's scan uploaded
    "scanned_engagement_id": lambda home, organization: str(scanned_engagement(home).pk),
    # the home contractor's finished upload
    "roster_import_id": lambda home, organization: str(roster_import_job(home).pk),
}
