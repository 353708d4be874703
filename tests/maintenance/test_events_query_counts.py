"""The fault and advance-filing lists (pages and API) run a fixed number of queries (DESIGN section 7).

Measured with 10 and with 100 records in scope, each with two affected services (and, for advance filings, some
with an announcement); both must run exactly the pinned number. Pages show 25 rows (the planned windows 50); the API
cases ask for page_size=200. One warm-up request runs first.

What the numbers are made of (see tests/perf/test_kernel_query_counts.py for the shared part):
- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit and,
  for advance filings, the details joined), one prefetch of the affected services, and the session save
  (savepoint, UPDATE, release).
- pages (14): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the filter
  bar; announcements are joined to the rows.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import org
from factories_events import advance_filing, fault, service

from ganfutong_admin.announcements.models import Announcement
from maintenance.events.models import AdvanceFiling

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 14
API_QUERIES = 11
SCOPED_EXTRA = 1


def populate(n):
    services = {code: [service(code), service(code)] for code in OWNERS}
    operator = org("OP3601")
    for i in range(n):
        code = OWNERS[i % len(OWNERS)]
        fault(code, services=services[code], severity="major" if i % 3 == 0 else "ordinary",
              report_after=timedelta(minutes=20 + 10 * i))
        filing = advance_filing(code, status="submitted", services=services[code], filed_late=i % 2 == 0,
                                window_start=timezone.now() + timedelta(days=1 + i % 20),
                                first_submitted_at=timezone.now(), required_by=timezone.now())
        if i % 4 == 0:
            notice = Announcement.objects.create(title=f"公告{i}", body="维护", category="maintenance",
                                                 owner_org=operator)
            AdvanceFiling.objects.filter(filing=filing).update(announcement=notice)


CASES = [
    ("/maintenance/faults/", {}, PAGE_QUERIES),
    ("/maintenance/faults/", {"severity": "major", "late": "true", "sort": "-delay"}, PAGE_QUERIES),
    ("/maintenance/advance-filings/", {}, PAGE_QUERIES),
    ("/maintenance/advance-filings/", {"late": "true", "event_type": "system_upgrade", "sort": "window"},
     PAGE_QUERIES),
    ("/maintenance/maintenance-windows/", {}, PAGE_QUERIES),
    ("/api/v1/maintenance/fault-reports/", {"page_size": 200}, API_QUERIES),
    ("/api/v1/maintenance/advance-filings/", {"page_size": 200}, API_QUERIES),
]
IDS = [f"{url}{sorted(params)}" for url, params, _ in CASES]


def rows_of(response, url):
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
    if not params:
        page_size = 200 if url.startswith("/api/") else (50 if "windows" in url else 25)
        assert rows_of(response, url) == min(n, page_size)


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
    if not params:
        count = response.json()["count"] if url.startswith("/api/") else response.context["paginator"].count
        assert count == sum(1 for i in range(n) if OWNERS[i % len(OWNERS)] in ("360100", "360102"))
