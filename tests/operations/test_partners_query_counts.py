"""The partner register (page and API) runs a fixed number of queries (DESIGN §7), measured by tests/querycounts.py
with 10 and with 100 partners.

- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner joined),
  the session save (savepoint, UPDATE, release).
- page (12): the API's plus the shell (unread notifications, role names).
- the operator (not the provincial authority): one more, whatever the rows (visible_to() asks whether the user is
  an auditor)."""

import querycounts
from factories_operations import make_partner
from querycounts import Pin, every_row, one_page

PAGE_QUERIES = 12
API_QUERIES = 10
SCOPED_EXTRA = 1


def populate(n, user):
    for i in range(n):
        make_partner(f"PQ{i:04d}", status=("applied", "active", "suspended")[i % 3])


PINS = [
    Pin("operations:partner-list", "province_supervisor", PAGE_QUERIES, rows=one_page),
    Pin("operations:partner-list", "province_supervisor", PAGE_QUERIES, {"status": "active", "sort": "-status"}),
    Pin("/api/v1/operations/partners/", "province_supervisor", API_QUERIES, rows=every_row),
    Pin("/api/v1/operations/partners/", "operator_publisher", API_QUERIES + SCOPED_EXTRA, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)
