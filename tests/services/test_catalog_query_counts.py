"""The service list (page and API) and the self-test API list run a fixed number of queries (DESIGN section 7).

Measured by tests/querycounts.py with 10 and with 100 services in scope, each with a standard and a self-test.

What the numbers are made of (the shared part is in tests/querycounts.py):
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (with the
  owner org unit and the standard joined), and the session save (savepoint, UPDATE, release).
- self-test API (11): the same, plus one prefetch of every row's results with their checklist items joined.
- page (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the filter
  bar; the list's rows are one query with the owner and the standard joined.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard
from querycounts import Pin, every_row, in_scope, one_page

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
SELFTEST_API_QUERIES = 11
SCOPED_EXTRA = 1
NANCHANG = in_scope(OWNERS, {"360100", "360102"})
FILTERED = {"q": "目录", "status": "planned", "sort": "-name"}  # every service matches


def populate(n, user):
    standard = make_standard("2.0", items=("统一身份认证接入", "个人信息脱敏展示"))
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        service = ServiceFactory(owner_org=owners[i % len(owners)], standard=standard)
        make_report(service, standard, failed=("个人信息脱敏展示",) if i % 3 == 0 else ())


PINS = [
    Pin("services:service-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("services:service-list", "province_reviewer", PAGE_QUERIES, FILTERED, rows=one_page),
    Pin("/api/v1/services/services/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("/api/v1/services/self-tests/", "province_reviewer", SELFTEST_API_QUERIES, rows=every_row),
    Pin("services:service-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("services:service-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, FILTERED, count=NANCHANG),
    Pin("/api/v1/services/services/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/services/self-tests/", "nanchang_submitter", SELFTEST_API_QUERIES + SCOPED_EXTRA,
            count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
