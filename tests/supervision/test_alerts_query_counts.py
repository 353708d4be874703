"""The alert lists (pages and API) and the dashboard by city run a fixed number of queries whatever the number
of alerts (measured by tests/querycounts.py with 10 and 100 alerts spread over four org units).

- alert list page (13): the shared part (session, user, permissions, org unit, session save), the shell, the
  filter's org-unit choices, COUNT and the rows with the owner joined;
- API list (10): COUNT and the rows (owner and record type joined);
- dashboard (12 on the page, 10 on the API): the shell, every org unit (city of each) and one aggregate;
- a scoped user: one more per scoped queryset (visible_to() asks whether the user is an auditor).
"""

from datetime import timedelta

import querycounts
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factories import org
from querycounts import Pin, every_row, in_scope, one_page

from ganfutong_admin.workflow.models import Rectification
from supervision.alerts.models import Alert

OWNERS = ("360100", "360102", "360400", "360402")
NANCHANG = in_scope(OWNERS, {"360100", "360102"})
LEVELS = ("reminder", "yellow", "red")


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    source_type = ContentType.objects.get_for_model(Rectification)
    now = timezone.now()
    Alert.objects.bulk_create([
        Alert(rule="supervision.rectification_overdue", article="第二十四条", source_type=source_type, source_id=i + 1,
              source_label=f"整改事项 {i}", owner_org=owners[i % len(owners)], level=LEVELS[i % 3],
              status="resolved" if i % 5 == 0 else "open", breach_started_at=now - timedelta(days=i % 12),
              raised_at=now, last_checked_at=now, yellow_after_days=3, red_after_days=10,
              resolved_at=now if i % 5 == 0 else None)
        for i in range(n)])


def dashboard_totals(response, n):
    totals = response.context["totals"] if hasattr(response, "context") and response.context else None
    if totals is not None:
        assert totals["active"] + totals["resolved"] in (n, NANCHANG(n))


REVIEWER, SUBMITTER = "province_supervisor", "nanchang_submitter"
ACTIVE = {"active": "true", "level": "red", "q": "整改"}

PINS = [
    Pin("supervision:alert-list", REVIEWER, 13, rows=one_page),
    Pin("supervision:alert-list", REVIEWER, 13, ACTIVE),
    Pin("/api/v1/supervision/alerts/", REVIEWER, 10, rows=every_row),
    Pin("/api/v1/supervision/alerts/by-city/", REVIEWER, 10),
    Pin("supervision:alert-dashboard", REVIEWER, 12, check=dashboard_totals),
    Pin("supervision:alert-list", SUBMITTER, 14, count=NANCHANG),
    Pin("/api/v1/supervision/alerts/", SUBMITTER, 11, count=NANCHANG),
    Pin("supervision:alert-dashboard", SUBMITTER, 13, check=dashboard_totals),
]

test_query_counts = querycounts.test(PINS, populate)
