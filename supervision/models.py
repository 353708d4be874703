"""Supervision and evaluation (第二十四条–第二十六条). One app, one module per area; Django finds the models here."""

from .accountability.models import *  # noqa: F401,F403
from .alerts.models import *  # noqa: F401,F403
from .evaluation.models import *  # noqa: F401,F403
from .simulations.models import *  # noqa: F401,F403
from .spotchecks.models import *  # noqa: F401,F403
