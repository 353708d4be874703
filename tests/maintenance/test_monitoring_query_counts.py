"""The monitoring lists (pages and API) run a fixed number of queries whatever the number of services
(DESIGN section 7). Measured with 10 and with 100 monitored services, each with checks, a day of uptime and an
anomaly; both must run exactly the pinned number. Pages show 25 rows; the API cases ask for page_size=200.

What the numbers are made of (the shared part: session, user, its permissions and groups' permissions, the
user's org unit, and the session save):
- dashboard (15): the shell (unread notifications, role names), the org-unit choices of the filter bar, COUNT,
  the page's rows (every figure a correlated subquery of the same query), the summary of states (one aggregate),
  the unresolved anomalies count.
- anomaly list (13): COUNT and the rows with service and owner joined, plus the shell and the filter choices.
- API lists (10): COUNT and the rows (figures or joins in the same query).
- a scoped user: one to three more, whatever the rows: visible_to() asks whether the user is an auditor once per
  scoped queryset (dashboard: the services, the anomalies counted in each row, the unresolved anomalies figure).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import org
from factories_monitoring import ListedServiceFactory, add_results, make_anomaly, make_day

OWNERS = ("360100", "360102", "360400", "360402")

DASHBOARD_QUERIES = 15
ANOMALY_PAGE_QUERIES = 13
API_QUERIES = 10


def populate(n):
    yesterday = timezone.localdate() - timedelta(days=1)
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        service = ListedServiceFactory(owner_org=owners[i % len(owners)])
        add_results(service, "++-+" if i % 2 else "+---")
        make_day(service, yesterday, checks=288, successes=280 - i)
        make_anomaly(service)


CASES = [
    ("/maintenance/monitoring/", {}, DASHBOARD_QUERIES, 3),
    ("/maintenance/monitoring/", {"state": "down", "below": "99.9", "sort": "-u30"}, DASHBOARD_QUERIES, 3),
    ("/maintenance/monitoring/anomalies/", {}, ANOMALY_PAGE_QUERIES, 1),
    ("/maintenance/monitoring/anomalies/", {"active": "true", "sort": "-failures", "q": "监测"}, ANOMALY_PAGE_QUERIES,
     1),
    ("/api/v1/maintenance/service-status/", {"page_size": 200}, API_QUERIES, 2),
    ("/api/v1/maintenance/uptime-days/", {"page_size": 200}, API_QUERIES, 1),
    ("/api/v1/maintenance/anomalies/", {"page_size": 200}, API_QUERIES, 1),
]
IDS = [f"{c[0]}{sorted(c[1])}" for c in CASES]


def _rows(response, url):
    if url.startswith("/api/"):
        return response.json()["results"]
    return response.context["object_list"]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected", "_scoped_extra"), CASES, ids=IDS)
def test_provincial_reviewer_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected,
                                   _scoped_extra):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    populate(n)
    client = api(reviewer) if url.startswith("/api/") else web(reviewer)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params or "page_size" in params:
        assert len(_rows(response, url)) == (n if url.startswith("/api/") else min(n, 25))


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("url", "params", "expected", "scoped_extra"), CASES, ids=IDS)
def test_city_submitter_lists(make_user, web, api, django_assert_num_queries, n, url, params, expected,
                              scoped_extra):
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    populate(n)
    client = api(submitter) if url.startswith("/api/") else web(submitter)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(expected + scoped_extra):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params or "page_size" in params:
        count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
        assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))
