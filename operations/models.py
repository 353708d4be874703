"""Operations (第十二条–第十五条). One app, one package per area; Django finds the models through here."""

from .circulars.models import *  # noqa: F401,F403
from .partners.models import *  # noqa: F401,F403
from .plans.models import *  # noqa: F401,F403
from .promotion.models import *  # noqa: F401,F403
from .reports.models import *  # noqa: F401,F403
from .responsible.models import *  # noqa: F401,F403
from .selfchecks.models import *  # noqa: F401,F403
