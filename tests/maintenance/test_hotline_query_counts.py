"""The hotline's lists (pages and API) run a fixed number of queries whatever the number of rows (DESIGN §7).

Measured by tests/querycounts.py with 10 and with 100 work orders / bad reviews in scope.

What the numbers are made of (the shared part is in tests/querycounts.py):
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit
  and service joined, the light computed in the same query), and the session save (savepoint, UPDATE, release).
  Masking and the light need no query per row.
- pages (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the
  filter bar.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories import org
from factories_hotline import WorkOrderFactory, make_bad_review, make_service
from querycounts import Pin, every_row, in_scope, one_page

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
SCOPED_EXTRA = 1
NANCHANG = in_scope(OWNERS, {"360100", "360102"})
RED_COMPLAINTS = {"light": "red", "type": "complaint", "sort": "-due"}  # measured, not counted


def populate(n, user):
    services = [make_service(code) for code in OWNERS]
    for i in range(n):
        owner = OWNERS[i % len(OWNERS)]
        traits = [{}, {"red": True}, {"yellow": True}, {"dispatched": True}, {"replied": True}][i % 5]
        wo = WorkOrderFactory(owner_org=org(owner), service=services[i % len(OWNERS)], **traits)
        make_bad_review(wo, owner_code=owner)


PINS = [
    Pin("maintenance:hotline-workorder-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("maintenance:hotline-workorder-list", "province_reviewer", PAGE_QUERIES, RED_COMPLAINTS),
    Pin("maintenance:hotline-badreview-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/maintenance/work-orders/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("/api/v1/maintenance/bad-reviews/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("maintenance:hotline-workorder-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("maintenance:hotline-workorder-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, RED_COMPLAINTS),
    Pin("maintenance:hotline-badreview-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/maintenance/work-orders/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/maintenance/bad-reviews/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
