"""The chapter's API viewsets, registered by area on the project's /api/v1/ router."""

from .budgets import api as budgets
from .events import api as events
from .hotline import api as hotline
from .inspections import api as inspections
from .monitoring import api as monitoring


def register(router):
    for area in (inspections, events, monitoring, hotline, budgets):
        area.register(router)
