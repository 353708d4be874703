"""Demo data of the supervision chapter (seed_demo calls seed(users)); each area seeds its own."""

from .alerts import demo as alerts


def seed(users):
    for area in (alerts,):
        area.seed(users)
