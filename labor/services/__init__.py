"""Every write of the labour app, audited; each topic module names its own in `__all__`."""

from labor.services.attendance import *  # noqa: F403
from labor.services.matching import *  # noqa: F403
from labor.services.organizations import *  # noqa: F403
from labor.services.rosters import *  # noqa: F403
from labor.services.surveys import *  # noqa: F403
from labor.services.training import *  # noqa: F403
from labor.services.workers import *  # noqa: F403
