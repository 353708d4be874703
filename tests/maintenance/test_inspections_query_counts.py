"""The inspection list (page and API) and the template API run a fixed number of queries (DESIGN section 7).

Measured with 10 and with 100 inspections in scope, each with three findings (one a problem with a rectification);
both must run exactly the pinned number. Pages show 25 rows; the API cases ask for page_size=200. One warm-up
request runs first.

What the numbers are made of:
- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit,
  template and inspector joined; problem count and "has open problems" annotated), one prefetch of every row's
  findings with their rectifications joined, and the session save (savepoint, UPDATE, release).
- page (13): the API's without the findings prefetch, plus the shell (unread notifications, role names) and the
  org-unit choices of the filter bar.
- template API (10): the API's with the items prefetched instead of the findings.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

import pytest
from factories_inspections import make_inspection, make_template

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 13
API_QUERIES = 11
TEMPLATE_API_QUERIES = 10
SCOPED_EXTRA = 1


def populate(n, inspector):
    template = make_template("平台巡检清单", "platform")
    for i in range(n):
        make_inspection(template, OWNERS[i % len(OWNERS)], inspector=inspector, status="completed",
                        problems=("高频服务入口可用",), with_rectifications=True)
    for i in range(n // 10):
        make_template(f"日常巡检表 {i}", "daily")


CASES = [
    ("/maintenance/inspections/", {}, PAGE_QUERIES),
    ("/maintenance/inspections/", {"kind": "platform", "status": "completed", "open_problems": "true",
                                   "sort": "-problems"}, PAGE_QUERIES),
    ("/api/v1/maintenance/inspections/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/maintenance/inspection-templates/", {"page_size": 200}, TEMPLATE_API_QUERIES),
]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES, ids=[f"{c[0]}{sorted(c[1])}" for c in CASES])
def test_provincial_reviewer_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n, reviewer)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if "templates" in url:
        assert len(response.json()["results"]) == 1 + n // 10
    elif url.startswith("/api/"):
        assert len(response.json()["results"]) == n
        assert all(row["findings"][1]["rectification_status"] == "open" for row in response.json()["results"])
    else:
        assert len(response.context["object_list"]) == min(n, 25)


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected"), CASES[:3], ids=[f"{c[0]}{sorted(c[1])}" for c in CASES[:3]])
def test_city_submitter_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected):
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    populate(n, submitter)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(expected + SCOPED_EXTRA):
        response = client.get(url, params)
    assert response.status_code == 200
    count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
    assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))
