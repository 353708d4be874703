"""The budget plan list (page and API) and the summary by city run a fixed number of queries (DESIGN section 7).

Measured with 10 and with 100 plans in scope (one per org unit and year), each with three items; both must run
exactly the pinned number. Pages show 25 rows; the API asks for page_size=200. One warm-up request runs first.

- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner joined,
  totals and variance aggregated in SQL), one prefetch of every plan's items with their variance, and the session
  save (savepoint, UPDATE, release).
- page (13): the API's without the items prefetch, plus the shell (unread notifications, role names) and the
  org-unit choices of the filter bar.
- summary page (14): session, user, permissions (2), the user's org unit, the cities with their aggregates (one
  query), the totals (three aggregates), the shell (2) and the session save (3).
- a scoped user: one more on lists, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import pytest
from factories_inspections import make_plan

from ganfutong_admin.orgs.models import OrgUnit

PAGE_QUERIES = 13
API_QUERIES = 11
SUMMARY_QUERIES = 14
SCOPED_EXTRA = 1
ITEMS = (("应用运维服务", "100000.00", "90000.00"), ("云资源", "50000.00", None), ("安全", "20000.00", "25000.00"))


def populate(n, city="360100"):
    """n plans: one per (unit, year) over the city's subtree and the years from 2026 down."""
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        make_plan(units[i % len(units)].code, 2026 - i // len(units), items=ITEMS)


CASES = [
    ("/maintenance/budgets/", {}, PAGE_QUERIES),
    ("/maintenance/budgets/", {"status": "draft", "sort": "-variance"}, PAGE_QUERIES),
    ("/api/v1/maintenance/budget-plans/", {"page_size": 200}, API_QUERIES),
    ("/maintenance/budgets/summary/", {"year": 2026}, SUMMARY_QUERIES),
]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=[f"{c[0]}{sorted(c[1])}" for c in CASES])
def test_provincial_reviewer(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if url.startswith("/api/"):
        rows = response.json()["results"]
        assert len(rows) == n
        assert rows[0]["planned_total"] == "170000.00" and len(rows[0]["items"]) == 3
    elif "summary" in url:
        assert len(response.context["rows"]) == 11
    else:
        assert len(response.context["object_list"]) == min(n, 25)


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES[:3], ids=[f"{c[0]}{sorted(c[1])}" for c in CASES[:3]])
def test_county_submitter(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    populate(n)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(expected + SCOPED_EXTRA):
        response = client.get(url, params)
    assert response.status_code == 200
