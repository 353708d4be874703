"""Demo data of the operations chapter (seed_demo calls seed(users)); each area seeds its own."""

from .partners import demo as partners
from .responsible import demo as responsible


def seed(users):
    for area in (responsible, partners):
        area.seed(users)
