"""The circular list (page and API) runs a fixed number of queries (DESIGN §7), measured by tests/querycounts.py
with 10 and with 100 published circulars, each naming two org units.

- page (12): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (the counts of
  praise, criticism and interviews aggregated in SQL), the shell (2), the session save (3).
- API (12): the shared part, COUNT, rows, the prefetch of every circular's entries and of their org units (2), the
  session save (3).
- a unit named in them (scoped): one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_operations import make_circular
from querycounts import Pin, every_row, one_page

PAGE_QUERIES = 12
API_QUERIES = 12
SCOPED_EXTRA = 1


def populate(n, user):
    for i in range(n):
        make_circular((("360100", "criticism"), ("360102", "praise")), number=f"赣政务〔2026〕{i}号")


PINS = [
    Pin("operations:circular-list", "province_supervisor", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/operations/circulars/", "province_supervisor", API_QUERIES, rows=every_row),
    Pin("operations:circular-list", "donghu_submitter", PAGE_QUERIES + SCOPED_EXTRA, rows=one_page),
    Pin("/api/v1/operations/circulars/", "donghu_submitter", API_QUERIES + SCOPED_EXTRA, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)
