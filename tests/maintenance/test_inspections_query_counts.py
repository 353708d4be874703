"""The inspection list (page and API) and the template API run a fixed number of queries (DESIGN section 7).

Measured by tests/querycounts.py with 10 and with 100 inspections in scope, each with three findings (one a
problem with a rectification), and n / 10 daily templates besides the platform one.

What the numbers are made of:
- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit,
  template and inspector joined; problem count and "has open problems" annotated), one prefetch of every row's
  findings with their rectifications joined, and the session save (savepoint, UPDATE, release).
- page (13): the API's without the findings prefetch, plus the shell (unread notifications, role names) and the
  org-unit choices of the filter bar.
- template API (10): the API's with the items prefetched instead of the findings.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_inspections import make_inspection, make_template
from querycounts import Pin, every_row, in_scope, one_page

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 11
TEMPLATE_API_QUERIES = 10
SCOPED_EXTRA = 1
NANCHANG = in_scope(OWNERS, {"360100", "360102"})
OPEN_PROBLEMS = {"kind": "platform", "status": "completed", "open_problems": "true", "sort": "-problems"}  # all


def populate(n, inspector):
    template = make_template("平台巡检清单", "platform")
    for i in range(n):
        make_inspection(template, OWNERS[i % len(OWNERS)], inspector=inspector, status="completed",
                        problems=("高频服务入口可用",), with_rectifications=True)
    for i in range(n // 10):
        make_template(f"日常巡检表 {i}", "daily")


def rectifications_shown(response, n):
    assert all(row["findings"][1]["rectification_status"] == "open" for row in response.json()["results"])


PINS = [
    Pin("maintenance:inspection-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("maintenance:inspection-list", "province_reviewer", PAGE_QUERIES, OPEN_PROBLEMS, rows=one_page),
    Pin("/api/v1/maintenance/inspections/", "province_reviewer", API_QUERIES, rows=every_row,
        check=rectifications_shown),
    Pin("/api/v1/maintenance/inspection-templates/", "province_reviewer", TEMPLATE_API_QUERIES,
        rows=lambda n: 1 + n // 10),
    Pin("maintenance:inspection-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("maintenance:inspection-list", "nanchang_submitter", PAGE_QUERIES + SCOPED_EXTRA, OPEN_PROBLEMS,
        count=NANCHANG),
    Pin("/api/v1/maintenance/inspections/", "nanchang_submitter", API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
