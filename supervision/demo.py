"""Demo data of the supervision chapter (seed_demo calls seed(users)); each area seeds its own."""

from .accountability import demo as accountability
from .alerts import demo as alerts
from .evaluation import demo as evaluation
from .simulations import demo as simulations
from .spotchecks import demo as spotchecks


def seed(users):
    for area in (alerts, spotchecks, simulations, evaluation, accountability):
        area.seed(users)
