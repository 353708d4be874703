"""The announcement list page and API list run a fixed number of queries whatever the number of rows
(DESIGN section 7), measured by tests/querycounts.py at 10 and 100 rows; the public feeds are pinned in
test_public_feed.py.

Made of: session, user, user permissions, group permissions, the user's org unit, COUNT, rows (with owner org and
author joined), session save (savepoint, UPDATE, release) = 10 for the API; the page adds the shell (unread
notifications, role names) and has no org-unit filter = 12. The operator's publisher costs one more than the
provincial reviewer: visible_to() asks whether the user is an auditor before granting the operator everything.
"""

import querycounts
from factories import org
from factories_announcements import AnnouncementFactory
from querycounts import Pin, every_row, one_page

PAGE_QUERIES = 12
API_QUERIES = 10
NOT_PROVINCE_EXTRA = 1

TRAITS = [{}, {"public": True}, {"scheduled": True}, {"expired": True}, {"withdrawn": True}]
OWNERS = ["OP3601", "360100", "360402"]


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        AnnouncementFactory(owner_org=owners[i % len(owners)], created_by=user, **TRAITS[i % len(TRAITS)])


def public(n):
    return sum(1 for i in range(n) if TRAITS[i % len(TRAITS)] == {"public": True})


def rows_have_their_joins(response, n):
    assert all(row["state"] and row["owner_org_name"] and row["created_by"] for row in response.json()["results"])


PINS = [
    Pin("announcements:announcement-list", "province_reviewer", PAGE_QUERIES, count=every_row,
        rows=one_page),
    Pin("/api/v1/announcements/", "province_reviewer", API_QUERIES, rows=every_row, check=rows_have_their_joins),
    Pin("announcements:announcement-list", "operator_publisher", PAGE_QUERIES + NOT_PROVINCE_EXTRA, count=every_row,
        rows=one_page),
    Pin("/api/v1/announcements/", "operator_publisher", API_QUERIES + NOT_PROVINCE_EXTRA, rows=every_row,
            check=rows_have_their_joins),
    Pin("announcements:announcement-list", "operator_publisher", PAGE_QUERIES + NOT_PROVINCE_EXTRA,
        {"state": "public", "sort": "-publish"}, count=public, rows=lambda n: one_page(public(n))),
]

test_query_counts = querycounts.test(PINS, populate)
