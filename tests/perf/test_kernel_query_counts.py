"""The kernel's lists (filings, legacy apps, rectifications; pages and API) run a fixed number of queries whatever
the number of rows (DESIGN section 7). The pins are the table below, run by tests/querycounts.py at 10 and 100 rows.

What the pinned numbers are made of:
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows, and the
  session save (SESSION_SAVE_EVERY_REQUEST: savepoint, UPDATE, release).
- pages (13): the same, plus the shell (unread notifications, role names) and the org-unit choices of the
  filter bar.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories import FilingFactory, LegacyAppFactory, RectificationFactory, org
from querycounts import Pin, every_row, in_scope, one_page

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
SCOPED_EXTRA = 1
NANCHANG = in_scope(OWNERS, {"360100", "360102"})  # 南昌市 and 东湖区


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        owner = owners[i % len(owners)]
        FilingFactory(owner_org=owner, submitted=True, created_by=user)
        RectificationFactory(owner_org=owner, submitted=i % 2 == 0)
        LegacyAppFactory(owner_org=owner)


PINS = [
    Pin("workflow:filing-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("channel_integration:legacyapp-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("workflow:rectification-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/filings/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("/api/v1/legacy-apps/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("/api/v1/rectifications/", "province_reviewer", API_QUERIES, rows=every_row),
    # A scoped user (subtree subquery and guardian grants subquery) runs no more queries per row either.
    Pin("workflow:filing-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/filings/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/legacy-apps/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
