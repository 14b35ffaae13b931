"""The route walker's builders for training's URL parameters."""

from tests.labor.factories_training import training_world

BUILDERS = {
    # the office's session on the world project, with one participant
    "session_id": lambda home, organization: str(training_world(home)["session"].pk),
}
