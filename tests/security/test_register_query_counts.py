"""The data-security register list (page and API) runs a fixed number of queries (DESIGN section 7), measured by
tests/querycounts.py with 10 and with 100 entries in scope (over 南昌市 and its districts).

- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (service and owner
  joined), and the session save (savepoint, UPDATE, release) — "missing" is computed from the row itself.
- page (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the
  filter bar.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_security import register, service
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit

PAGE_QUERIES = 13
API_QUERIES = 10
SCOPED_EXTRA = 1
FILTERED = {"complete": "false", "sort": "-updated"}


def populate(n, user, city="360100"):
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        register(service(units[i % len(units)].code), complete=False)


PINS = [
    Pin("security:register-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("security:register-list", "province_reviewer", PAGE_QUERIES, FILTERED, rows=one_page),
    Pin("/api/v1/security/data-register/", "province_reviewer", API_QUERIES, rows=every_row, count=every_row),
    Pin("security:register-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, rows=one_page),
    Pin("/api/v1/security/data-register/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)
