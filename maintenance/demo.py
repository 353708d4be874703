"""Demo data of the maintenance chapter (seed_demo calls seed(users)); each area seeds its own."""

from .budgets import demo as budgets
from .events import demo as events
from .hotline import demo as hotline
from .inspections import demo as inspections
from .monitoring import demo as monitoring


def seed(users):
    for area in (inspections, events, monitoring, hotline, budgets):
        area.seed(users)
