"""The operations-report list (page and API) runs a fixed number of queries (DESIGN §7), measured by
tests/querycounts.py with 10 and with 100 published monthly reports, each with a finding.

- page (12): the shared part, COUNT, rows (the findings counted in SQL), the filter form, the shell, the session save.
- API (10): the shared part, COUNT, rows, the session save.
- an org unit (scoped): one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from querycounts import Pin, every_row, one_page
from reports_fixture import make_report

PAGE_QUERIES = 12
API_QUERIES = 10
SCOPED_EXTRA = 1


def populate(n, user):
    for i in range(n):
        make_report(kind="monthly", year=2020 + i // 12, month=i % 12 + 1, quarter=None, title=f"运营月报{i}",
                    number="", status="published", findings=(("工单超期。", ("360100",)),))


PINS = [
    Pin("operations:report-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/operations/reports/", "province_reviewer", API_QUERIES, rows=every_row),
    Pin("operations:report-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, rows=one_page),
    Pin("/api/v1/operations/reports/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)
