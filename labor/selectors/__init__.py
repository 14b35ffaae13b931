"""Every read of the labour app, scoped; each topic module names its own in `__all__`."""

from labor.selectors.attendance import *  # noqa: F403
from labor.selectors.maintenance import *  # noqa: F403
from labor.selectors.matching import *  # noqa: F403
from labor.selectors.organizations import *  # noqa: F403
from labor.selectors.rosters import *  # noqa: F403
from labor.selectors.surveys import *  # noqa: F403
from labor.selectors.training import *  # noqa: F403
from labor.selectors.workers import *  # noqa: F403
