"""The hotline's lists (pages and API) run a fixed number of queries whatever the number of rows (DESIGN §7).

Measured with 10 and with 100 work orders / bad reviews in scope; both must run exactly the pinned number. Pages
show 25 rows; the API asks for page_size=200. One warm-up request runs first.

What the numbers are made of (the shared part is in tests/perf/test_kernel_query_counts.py):
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit
  and service joined, the light computed in the same query), and the session save (savepoint, UPDATE, release).
  Masking and the light need no query per row.
- pages (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the
  filter bar.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import pytest
from factories import org
from factories_hotline import WorkOrderFactory, make_bad_review, make_service

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
SCOPED_EXTRA = 1


def populate(n):
    services = [make_service(code) for code in OWNERS]
    for i in range(n):
        owner = OWNERS[i % len(OWNERS)]
        traits = [{}, {"red": True}, {"yellow": True}, {"dispatched": True}, {"replied": True}][i % 5]
        wo = WorkOrderFactory(owner_org=org(owner), service=services[i % len(OWNERS)], **traits)
        make_bad_review(wo, owner_code=owner)


CASES = [
    ("/maintenance/hotline/work-orders/", {}, PAGE_QUERIES),
    ("/maintenance/hotline/work-orders/", {"light": "red", "type": "complaint", "sort": "-due"}, PAGE_QUERIES),
    ("/maintenance/hotline/bad-reviews/", {}, PAGE_QUERIES),
    ("/api/v1/maintenance/work-orders/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/maintenance/bad-reviews/", {"page_size": 200}, API_QUERIES),
]
IDS = [f"{c[0]}{sorted(c[1])}" for c in CASES]


def shown(response, url):
    return len(response.json()["results"]) if url.startswith("/api/") else len(response.context["object_list"])


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=IDS)
def test_provincial_reviewer_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params.get("light"):
        assert shown(response, url) == (n if url.startswith("/api/") else min(n, 25))


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=IDS)
def test_city_submitter_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    populate(n)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(expected + SCOPED_EXTRA):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params.get("light"):
        count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
        assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))
