"""Demo data of the security chapter (seed_demo calls seed(users)); each area seeds its own."""

import importlib

from .drills import demo as drills
from .duties import demo as duties
from .incidents import demo as incidents
from .register import demo as register
from .risks import demo as risks
from .suppliers import demo as suppliers
from .training import demo as training


def seed(users):
    register.seed(users)
    # The services demo runs first and submits two listing filings, which the register guard refuses until their
    # services have complete entries (made just now): let it tell those stories now. It skips what it already
    # made, so seeding again changes nothing.
    if importlib.util.find_spec("services.demo_filings") is not None:
        importlib.import_module("services.demo_filings").seed_filings(users)
    incidents.seed(users)
    risks.seed(users)
    suppliers.seed(users)
    drills.seed(users)
    training.seed(users)
    duties.seed(users)
