"""Demo data of the operations chapter (seed_demo calls seed(users)); each area seeds its own."""

from .circulars import demo as circulars
from .partners import demo as partners
from .plans import demo as plans
from .promotion import demo as promotion
from .reports import demo as reports
from .responsible import demo as responsible
from .selfchecks import demo as selfchecks


def seed(users):
    for area in (responsible, plans, selfchecks, circulars, reports, partners, promotion):
        area.seed(users)
