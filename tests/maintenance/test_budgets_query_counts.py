"""The budget plan list (page and API) and the summary by city run a fixed number of queries (DESIGN section 7).

Measured by tests/querycounts.py with 10 and with 100 plans in scope (one per org unit and year), each with three
items.

- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner joined,
  totals and variance aggregated in SQL), one prefetch of every plan's items with their variance, and the session
  save (savepoint, UPDATE, release).
- page (13): the API's without the items prefetch, plus the shell (unread notifications, role names) and the
  org-unit choices of the filter bar.
- summary page (14): session, user, permissions (2), the user's org unit, the cities with their aggregates (one
  query), the totals (three aggregates), the shell (2) and the session save (3).
- a scoped user: one more on lists, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import querycounts
from factories_inspections import make_plan
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit

PAGE_QUERIES = 13
API_QUERIES = 11
SUMMARY_QUERIES = 14
SCOPED_EXTRA = 1
ITEMS = (("应用运维服务", "100000.00", "90000.00"), ("云资源", "50000.00", None), ("安全", "20000.00", "25000.00"))
FILTERED = {"status": "draft", "sort": "-variance"}  # every plan is a draft


def populate(n, user, city="360100"):
    """n plans: one per (unit, year) over the city's subtree and the years from 2026 down."""
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        make_plan(units[i % len(units)].code, 2026 - i // len(units), items=ITEMS)


def totals_and_items(response, n):
    row = response.json()["results"][0]
    assert row["planned_total"] == "170000.00" and len(row["items"]) == 3


def every_city(response, n):
    assert len(response.context["rows"]) == 11


PINS = [
    Pin("maintenance:budget-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("maintenance:budget-list", "province_reviewer", PAGE_QUERIES, FILTERED, rows=one_page),
    Pin("/api/v1/maintenance/budget-plans/", "province_reviewer", API_QUERIES, rows=every_row,
            check=totals_and_items),
    Pin("maintenance:budget-summary", "province_reviewer", SUMMARY_QUERIES, {"year": 2026}, check=every_city),
    Pin("maintenance:budget-list", "donghu_submitter", PAGE_QUERIES + SCOPED_EXTRA),
    Pin("maintenance:budget-list", "donghu_submitter", PAGE_QUERIES + SCOPED_EXTRA, FILTERED),
    Pin("/api/v1/maintenance/budget-plans/", "donghu_submitter", API_QUERIES + SCOPED_EXTRA),
]

test_query_counts = querycounts.test(PINS, populate)
