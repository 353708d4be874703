"""Demo data of the operations chapter (seed_demo calls seed(users)); each area seeds its own."""

from .responsible import demo as responsible


def seed(users):
    for area in (responsible,):
        area.seed(users)
