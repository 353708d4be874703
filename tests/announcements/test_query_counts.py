"""The announcement list page and API list run a fixed number of queries whatever the number of rows
(DESIGN section 7); the public feeds are pinned in test_public_feed.py.

Made of (as in tests/perf/test_query_counts.py): session, user, user permissions, group permissions, the user's
org unit, COUNT, rows (with owner org and author joined), session save (savepoint, UPDATE, release) = 10 for
the API; the page adds the shell (unread notifications, role names) and has no org-unit filter = 12.
The operator's publisher costs one more than the provincial reviewer: visible_to() asks whether the user is an
auditor before granting the operator everything.
"""

import pytest
from factories import org
from factories_announcements import AnnouncementFactory

PAGE_QUERIES = 12
API_QUERIES = 10
NOT_PROVINCE_EXTRA = 1

TRAITS = [{}, {"public": True}, {"scheduled": True}, {"expired": True}, {"withdrawn": True}]
OWNERS = ["OP3601", "360100", "360402"]


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        AnnouncementFactory(owner_org=owners[i % len(owners)], created_by=user, **TRAITS[i % len(TRAITS)])


CASES = [
    # (who, role, org, url, params, pinned)
    ("province_reviewer", "reviewer", "360000", "/announcements/", {}, PAGE_QUERIES),
    ("province_reviewer", "reviewer", "360000", "/api/v1/announcements/", {"page_size": 200}, API_QUERIES),
    ("operator_publisher", "publisher", "OP3601", "/announcements/", {}, PAGE_QUERIES + NOT_PROVINCE_EXTRA),
    ("operator_publisher", "publisher", "OP3601", "/api/v1/announcements/", {"page_size": 200},
     API_QUERIES + NOT_PROVINCE_EXTRA),
    ("operator_publisher", "publisher", "OP3601", "/announcements/", {"state": "public", "sort": "-publish"},
     PAGE_QUERIES + NOT_PROVINCE_EXTRA),
]


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(("who", "role", "code", "url", "params", "expected"), CASES,
                         ids=[f"{c[0]}-{c[3]}-{'-'.join(c[4])}" for c in CASES])
def test_list_queries_are_fixed(make_user, web, api, django_assert_num_queries, n, who, role, code, url, params,
                                expected):
    user = make_user(who, role, code)
    populate(n, user)
    client = api(user) if url.startswith("/api/") else web(user)
    assert client.get(url, params).status_code == 200  # warm-up
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert len(response.json()["results"]) == n
        assert all(row["state"] and row["owner_org_name"] and row["created_by"] for row in response.json()["results"])
    else:
        total = n if "state" not in params else sum(1 for i in range(n) if TRAITS[i % len(TRAITS)] == {"public": True})
        assert response.context["paginator"].count == total
        assert len(response.context["object_list"]) == min(total, 25)
