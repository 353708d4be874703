"""Maintenance (第十六条–第十九条). One app, one module per area; Django finds the models through here."""

from .budgets.models import *  # noqa: F401,F403
from .events.models import *  # noqa: F401,F403
from .hotline.models import *  # noqa: F401,F403
from .inspections.models import *  # noqa: F401,F403
from .monitoring.models import *  # noqa: F401,F403
