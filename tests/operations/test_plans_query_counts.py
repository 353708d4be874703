"""The operations-plan list and the page of units without a plan run a fixed number of queries (DESIGN §7),
measured by tests/querycounts.py with 10 and with 100 plans (one per org unit and year).

- list page (12): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (filing and
  owner joined), the shell (2), the session save (3).
- missing page (16): the shared part, COUNT, the rows (one query: one EXISTS per unit), the count of units in view,
  the deadline (the policy parameter's version in force, the calendar's years and days), the shell (2), the
  session save (3).
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_operations import make_plan
from querycounts import Pin, one_page

from ganfutong_admin.orgs.models import OrgUnit

LIST_QUERIES = 12
MISSING_QUERIES = 16
SCOPED_EXTRA = 1


def populate(n, user, city="360100"):
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        make_plan(units[i % len(units)].code, 2026 - i // len(units), status=("draft", "acknowledged")[i % 2])


PINS = [
    Pin("operations:plan-list", "province_reviewer", LIST_QUERIES, rows=one_page),
    Pin("operations:plan-list", "province_reviewer", LIST_QUERIES, {"year": 2026, "sort": "-status"}),
    Pin("operations:plan-missing", "province_reviewer", MISSING_QUERIES, {"year": 2026}),
    Pin("operations:plan-list", "nanchang_submitter", LIST_QUERIES + SCOPED_EXTRA),
    Pin("operations:plan-missing", "nanchang_submitter", MISSING_QUERIES + SCOPED_EXTRA, {"year": 2026}),
]

test_query_counts = querycounts.test(PINS, populate)
