"""The service list (page and API) and the self-test API list run a fixed number of queries (DESIGN section 7).

Measured with 10 and with 100 services in scope, each with a standard and a self-test; both must run exactly the
pinned number. Pages show 25 rows; the API cases ask for page_size=200. One warm-up request runs first.

What the numbers are made of (see tests/perf/test_query_counts.py for the shared part):
- API (10): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (with the
  owner org unit and the standard joined), and the session save (savepoint, UPDATE, release).
- self-test API (11): the same, plus one prefetch of every row's results with their checklist items joined.
- page (13): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the filter
  bar; the list's rows are one query with the owner and the standard joined.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import pytest
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 10
SELFTEST_API_QUERIES = 11
SCOPED_EXTRA = 1


def populate(n):
    standard = make_standard("2.0", items=("统一身份认证接入", "个人信息脱敏展示"))
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        service = ServiceFactory(owner_org=owners[i % len(owners)], standard=standard)
        make_report(service, standard, failed=("个人信息脱敏展示",) if i % 3 == 0 else ())


CASES = [
    ("/services/", {}, PAGE_QUERIES),
    ("/services/", {"q": "目录", "status": "planned", "sort": "-name"}, PAGE_QUERIES),
    ("/api/v1/services/services/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/services/self-tests/", {"page_size": 200}, SELFTEST_API_QUERIES),
]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=[f"{c[0]}{sorted(c[1])}" for c in CASES])
def test_provincial_reviewer_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert len(response.json()["results"]) == n
    else:
        assert len(response.context["object_list"]) == min(n, 25)


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=[f"{c[0]}{sorted(c[1])}" for c in CASES])
def test_city_submitter_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    populate(n)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(expected + SCOPED_EXTRA):
        response = client.get(url, params)
    assert response.status_code == 200
    count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
    assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))
