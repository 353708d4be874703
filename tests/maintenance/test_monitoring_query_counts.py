"""The monitoring lists (pages and API) run a fixed number of queries whatever the number of services
(DESIGN section 7). Measured by tests/querycounts.py with 10 and with 100 monitored services, each with checks, a
day of uptime and an anomaly.

What the numbers are made of (the shared part: session, user, its permissions and groups' permissions, the
user's org unit, and the session save):
- dashboard (15): the shell (unread notifications, role names), the org-unit choices of the filter bar, COUNT,
  the page's rows (every figure a correlated subquery of the same query), the summary of states (one aggregate),
  the unresolved anomalies count.
- anomaly list (13): COUNT and the rows with service and owner joined, plus the shell and the filter choices.
- API lists (10): COUNT and the rows (figures or joins in the same query).
- a scoped user: one to three more, whatever the rows: visible_to() asks whether the user is an auditor once per
  scoped queryset (dashboard: the services, the anomalies counted in each row, the unresolved anomalies figure),
  and once more whether the user sees why checks failed (errors.sees_diagnostics: only those who see every
  service do; the pages and lists that show a failure's cause).
"""

from datetime import timedelta

import querycounts
from django.utils import timezone
from factories import org
from factories_monitoring import ListedServiceFactory, add_results, make_anomaly, make_day
from querycounts import Pin, every_row, in_scope, one_page

OWNERS = ("360100", "360102", "360400", "360402")

DASHBOARD_QUERIES = 15
ANOMALY_PAGE_QUERIES = 13
API_QUERIES = 10
NANCHANG = in_scope(OWNERS, {"360100", "360102"})


def populate(n, user):
    yesterday = timezone.localdate() - timedelta(days=1)
    owners = [org(code) for code in OWNERS]
    for i in range(n):
        service = ListedServiceFactory(owner_org=owners[i % len(owners)])
        add_results(service, "++-+" if i % 2 else "+---")
        make_day(service, yesterday, checks=288, successes=280 - i)
        make_anomaly(service)


DOWN = {"state": "down", "below": "99.9", "sort": "-u30"}  # the filtered lists are measured, not counted
ACTIVE = {"active": "true", "sort": "-failures", "q": "监测"}
REVIEWER, SUBMITTER = "province_reviewer", "nanchang_submitter"

PINS = [
    Pin("maintenance:monitoring-dashboard", REVIEWER, DASHBOARD_QUERIES, rows=one_page),
    Pin("maintenance:monitoring-dashboard", REVIEWER, DASHBOARD_QUERIES, DOWN),
    Pin("maintenance:anomaly-list", REVIEWER, ANOMALY_PAGE_QUERIES, rows=one_page),
    Pin("maintenance:anomaly-list", REVIEWER, ANOMALY_PAGE_QUERIES, ACTIVE),
    Pin("/api/v1/maintenance/service-status/", REVIEWER, API_QUERIES, rows=every_row),
    Pin("/api/v1/maintenance/uptime-days/", REVIEWER, API_QUERIES, rows=every_row),
    Pin("/api/v1/maintenance/anomalies/", REVIEWER, API_QUERIES, rows=every_row),
    # The scoped user: +3 on the dashboard, +2 on the service status, +1 elsewhere; +1 more for the diagnostics
    # question where a failure's cause could be shown (not the uptime days).
    Pin("maintenance:monitoring-dashboard", SUBMITTER, DASHBOARD_QUERIES + 3 + 1, count=NANCHANG),
    Pin("maintenance:monitoring-dashboard", SUBMITTER, DASHBOARD_QUERIES + 3 + 1, DOWN),
    Pin("maintenance:anomaly-list", SUBMITTER, ANOMALY_PAGE_QUERIES + 1 + 1, count=NANCHANG),
    Pin("maintenance:anomaly-list", SUBMITTER, ANOMALY_PAGE_QUERIES + 1 + 1, ACTIVE),
    Pin("/api/v1/maintenance/service-status/", SUBMITTER, API_QUERIES + 2 + 1, count=NANCHANG),
    Pin("/api/v1/maintenance/uptime-days/", SUBMITTER, API_QUERIES + 1, count=NANCHANG),
    Pin("/api/v1/maintenance/anomalies/", SUBMITTER, API_QUERIES + 1 + 1, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
