"""A list page or API list runs a fixed number of queries whatever the number of rows (DESIGN section 7).

Each case is measured with 10 and with 100 records in scope and must run exactly the pinned number of
queries both times. Pages show 25 rows a page; the API cases ask for page_size=200 so that all 100 rows
are serialized in one response. One warm-up request runs first (process-wide caches such as ContentType).

What the pinned numbers are made of:
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows, and the
  session save (SESSION_SAVE_EVERY_REQUEST: savepoint, UPDATE, release).
- pages (13): the same, plus the shell (unread notifications, role names) and the org-unit choices of the
  filter bar.
"""

import pytest
from factories import FilingFactory, LegacyAppFactory, RectificationFactory, org

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
# A scoped user costs one more query, whatever the rows: visible_to() asks whether the user is an auditor.
SCOPED_EXTRA = 1


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        owner = owners[i % len(owners)]
        FilingFactory(owner_org=owner, submitted=True, created_by=user)
        RectificationFactory(owner_org=owner, submitted=i % 2 == 0)
        LegacyAppFactory(owner_org=owner)


CASES = [
    # (url, query string, pinned count)
    ("/filings/", {}, PAGE_QUERIES),
    ("/legacy-apps/", {}, PAGE_QUERIES),
    ("/rectifications/", {}, PAGE_QUERIES),
    ("/api/v1/filings/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/legacy-apps/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/rectifications/", {"page_size": 200}, API_QUERIES),
]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=[c[0] for c in CASES])
def test_provincial_reviewer_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n, reviewer)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    shown = len(response.json()["results"]) if url.startswith("/api/") else len(response.context["object_list"])
    assert shown == (n if url.startswith("/api/") else min(n, 25))


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("url", ["/filings/", "/api/v1/filings/", "/api/v1/legacy-apps/"])
def test_city_submitter_lists(make_user, web, api, django_assert_num_queries, n, url):
    """A scoped user (subtree subquery and guardian grants subquery) runs no more queries per row either."""
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    populate(n, submitter)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    params = {"page_size": 200} if url.startswith("/api/") else {}
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries((API_QUERIES if url.startswith("/api/") else PAGE_QUERIES) + SCOPED_EXTRA):
        response = client.get(url, params)
    assert response.status_code == 200
    count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
    assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))  # 南昌市, 东湖区
