"""The responsible-person list (page and API) and the coverage page run a fixed number of queries (DESIGN §7),
measured by tests/querycounts.py with 10 and with 100 entries in scope.

- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner joined,
  validity computed in SQL, mobile decrypted in Python), and the session save (savepoint, UPDATE, release).
- page (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the filter
  bar.
- coverage page (14): the shared part, COUNT, the figures (one aggregate), the rows (one query: one EXISTS per
  duty), the shell (2), the city choices of the filter bar, and the session save (3).
- a scoped user: one more on lists, whatever the rows (visible_to() asks whether the user is an auditor).
"""

from datetime import date

import querycounts
from factories_operations import make_person
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit
from operations.responsible.models import Duty

PAGE_QUERIES = 13
API_QUERIES = 10
COVERAGE_QUERIES = 14
SCOPED_EXTRA = 1


def populate(n, user, city="360100"):
    """n entries over the city's subtree, every duty in turn, some expired."""
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    duties = Duty.values
    for i in range(n):
        make_person(units[i % len(units)].code, duties[i % len(duties)], name=f"专员{i}",
                    valid_to=date(2025, 6, 30) if i % 7 == 0 else None)


PINS = [
    Pin("operations:responsible-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("operations:responsible-list", "province_reviewer", PAGE_QUERIES, {"validity": "current", "sort": "-to"},
        rows=lambda n: min(25, n - len(range(0, n, 7)))),
    Pin("/api/v1/operations/responsible-persons/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("operations:responsible-coverage", "province_reviewer", COVERAGE_QUERIES, {"show": "all"}),
    Pin("operations:responsible-list", "donghu_submitter", PAGE_QUERIES + SCOPED_EXTRA),
    Pin("/api/v1/operations/responsible-persons/", "donghu_submitter", API_QUERIES + SCOPED_EXTRA),
    Pin("operations:responsible-coverage", "donghu_submitter", COVERAGE_QUERIES + SCOPED_EXTRA),
]

test_query_counts = querycounts.test(PINS, populate)
