"""The fault and advance-filing lists (pages and API) run a fixed number of queries (DESIGN section 7).

Measured by tests/querycounts.py with 10 and with 100 records in scope, each with two affected services (and, for
advance filings, some with an announcement). Pages show 25 rows (the planned windows 50).

What the numbers are made of (the shared part is in tests/querycounts.py):
- API (11): session, user, user permissions, group permissions, the user's org unit, COUNT, rows (owner org unit and,
  for advance filings, the details joined), one prefetch of the affected services, and the session save
  (savepoint, UPDATE, release).
- pages (14): the API's, plus the shell (unread notifications, role names) and the org-unit choices of the filter
  bar; announcements are joined to the rows.
- a scoped user: one more, whatever the rows (visible_to() asks whether the user is an auditor).
"""

from datetime import timedelta

import querycounts
from django.utils import timezone
from factories import org
from factories_events import advance_filing, fault, service
from querycounts import Pin, every_row, in_scope, one_page

from ganfutong_admin.announcements.models import Announcement
from maintenance.events.models import AdvanceFiling

OWNERS = ("360100", "360102", "360400", "360402")

PAGE_QUERIES = 14
API_QUERIES = 11
SCOPED_EXTRA = 1
NANCHANG = in_scope(OWNERS, {"360100", "360102"})


def populate(n, user):
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


MAJOR_LATE = {"severity": "major", "late": "true", "sort": "-delay"}  # the filtered lists are measured, not counted
LATE_UPGRADES = {"late": "true", "event_type": "system_upgrade", "sort": "window"}
REVIEWER, SUBMITTER = "province_reviewer", "nanchang_submitter"

PINS = [
    Pin("maintenance:fault-list", REVIEWER, PAGE_QUERIES, rows=one_page),
    Pin("maintenance:fault-list", REVIEWER, PAGE_QUERIES, MAJOR_LATE),
    Pin("maintenance:advance-filing-list", REVIEWER, PAGE_QUERIES, rows=one_page),
    Pin("maintenance:advance-filing-list", REVIEWER, PAGE_QUERIES, LATE_UPGRADES),
    Pin("maintenance:maintenance-windows", REVIEWER, PAGE_QUERIES, rows=lambda n: one_page(n, 50)),
    Pin("/api/v1/maintenance/fault-reports/", REVIEWER, API_QUERIES, rows=every_row),
    Pin("/api/v1/maintenance/advance-filings/", REVIEWER, API_QUERIES, rows=every_row),
    Pin("maintenance:fault-list", SUBMITTER, PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("maintenance:fault-list", SUBMITTER, PAGE_QUERIES + SCOPED_EXTRA, MAJOR_LATE),
    Pin("maintenance:advance-filing-list", SUBMITTER, PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("maintenance:advance-filing-list", SUBMITTER, PAGE_QUERIES + SCOPED_EXTRA, LATE_UPGRADES),
    Pin("maintenance:maintenance-windows", SUBMITTER, PAGE_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/maintenance/fault-reports/", SUBMITTER, API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
    Pin("/api/v1/maintenance/advance-filings/", SUBMITTER, API_QUERIES + SCOPED_EXTRA, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
