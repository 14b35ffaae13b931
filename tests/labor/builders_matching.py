"""The route walker's builders for matching's URL parameters."""

from tests.labor.factories_matching import matching_world

BUILDERS = {
    # referred by the home township to a plan of the home contractor's project, unanswered
    "referral_id": lambda home, organization: str(matching_world(home)["referral"].pk),
}
