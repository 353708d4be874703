"""The promotion lists (pages and API) and the summary run a fixed number of queries (DESIGN §7), measured by
tests/querycounts.py with 10 and with 100 activities (and plans) in scope.

- activity / plan page (13): session, user, user permissions, group permissions, the user's org unit, COUNT, rows
  (owner joined), the shell (2), the org-unit choices of the filter bar, the session save (3).
- activity API (11): the shared part, COUNT, rows, the evidence files (one prefetch), the session save (3);
  plan API (10): no prefetch.
- summary (12): the shared part, the aggregate per org unit and month (one query), the org units (grouping), the
  shell (2), the session save (3).
- a scoped user: one more, whatever the rows (visible_to() / org_units_for ask whether the user is an auditor).
"""

from datetime import date

import querycounts
from factories_promotion import make_activity, make_promotion_plan
from querycounts import Pin, every_row, one_page

from ganfutong_admin.orgs.models import OrgUnit

PAGE_QUERIES = 13
ACTIVITY_API_QUERIES = 11
PLAN_API_QUERIES = 10
SUMMARY_QUERIES = 12
SCOPED_EXTRA = 1


def populate(n, user, city="360100"):
    """n activities over the city's subtree and the months of 2026, each with an evidence row; n plans (one per
    unit and year)."""
    from operations.promotion.models import PromotionEvidence

    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        activity = make_activity(units[i % len(units)].code, title=f"活动{i}",
                                 held_on=date(2026, 1 + i % 12, 1 + i % 28), views=i)
        PromotionEvidence.objects.create(activity=activity, file=f"promotion/2026/01/e{i}.pdf")
        make_promotion_plan(units[i % len(units)].code, 2026 - i // len(units))


PINS = [
    Pin("operations:promotion-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("operations:promotion-list", "province_reviewer", PAGE_QUERIES,
        {"channel": "service_hall", "mode": "offline", "held_from": "2026-01-01", "sort": "-views"}, rows=one_page),
    Pin("/api/v1/operations/promotion-activities/", "province_reviewer", ACTIVITY_API_QUERIES, rows=every_row),
    Pin("operations:promotion-plan-list", "province_reviewer", PAGE_QUERIES, rows=one_page),
    Pin("/api/v1/operations/promotion-plans/", "province_reviewer", PLAN_API_QUERIES, rows=every_row),
    Pin("operations:promotion-summary", "province_reviewer", SUMMARY_QUERIES, {"year": 2026},
        check=lambda response, n: response.context["totals"]["activities"] == n),
    Pin("operations:promotion-list", "donghu_submitter", PAGE_QUERIES + SCOPED_EXTRA),
    Pin("/api/v1/operations/promotion-activities/", "donghu_submitter", ACTIVITY_API_QUERIES + SCOPED_EXTRA),
    Pin("operations:promotion-summary", "donghu_submitter", SUMMARY_QUERIES + SCOPED_EXTRA, {"year": 2026}),
]

test_query_counts = querycounts.test(PINS, populate)
