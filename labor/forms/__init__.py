"""Forms of the labour app; each topic module names its own in `__all__`."""

from labor.forms.attendance import *  # noqa: F403
from labor.forms.matching import *  # noqa: F403
from labor.forms.organizations import *  # noqa: F403
from labor.forms.rosters import *  # noqa: F403
from labor.forms.surveys import *  # noqa: F403
from labor.forms.training import *  # noqa: F403
from labor.forms.workers import *  # noqa: F403
