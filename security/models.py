"""Models of the security chapter (第二十条–第二十三条), one package per area."""

from .drills.models import *  # noqa: F403
from .duties.models import *  # noqa: F403
from .incidents.models import *  # noqa: F403
from .register.models import *  # noqa: F403
from .risks.models import *  # noqa: F403
from .suppliers.models import *  # noqa: F403
from .training.models import *  # noqa: F403
