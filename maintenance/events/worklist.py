"""Sections of the home work list contributed by advance filings and fault reports (第十六条).

- the owners (who may change fault reports): faults still being handled;
- the provincial authority (review_fault): resolved faults waiting for the post-incident review;
- the operator (add_announcement): filed maintenance windows still to be announced.
Each is built from visible_to() querysets: a count and the first rows, whatever the number of rows.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT
from ganfutong_admin.workflow.models import Filing

from . import advance
from .models import FAULT_OPEN_STATES, FaultReport, FaultStatus


def _time(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _fault_items(qs):
    return [{"label": f.title, "url": reverse("maintenance:fault-detail", args=[f.pk]),
             "detail": f"{f.get_severity_display()} · {f.owner_org.name} · {_time(f.occurred_at)}",
             "overdue": False} for f in qs[:LIMIT]]


def faults_being_handled(user):
    if not user.has_perm("maintenance.change_faultreport"):
        return None
    qs = (FaultReport.objects.visible_to(user, "change").filter(status__in=FAULT_OPEN_STATES)
          .select_related("owner_org").order_by("occurred_at", "pk"))
    return {
        "key": "faults-open",
        "title": _("Faults being handled"),
        "count": qs.count(),
        "url": reverse("maintenance:fault-list") + "?open=true",
        "items": _fault_items(qs),
    }


def faults_to_review(user):
    if not user.has_perm("maintenance.review_fault"):
        return None
    qs = (FaultReport.objects.visible_to(user, "review_fault").filter(status=FaultStatus.RESOLVED)
          .select_related("owner_org").order_by("resolved_at", "pk"))
    return {
        "key": "faults-to-review",
        "title": _("Faults waiting for the post-incident review"),
        "count": qs.count(),
        "url": reverse("maintenance:fault-list") + f"?status={FaultStatus.RESOLVED}",
        "items": _fault_items(qs),
    }


def windows_to_announce(user):
    if not (user.has_perm(advance.ANNOUNCE_PERMISSION) and user.has_perm("workflow.view_filing")):
        return None
    qs = (Filing.objects.visible_to(user)
          .filter(kind=advance.KIND, status__in=advance.ANNOUNCEABLE_STATES,
                  advance_filing__announcement__isnull=True, advance_filing__window_end__gt=timezone.now())
          .select_related("owner_org", "advance_filing").order_by("advance_filing__window_start", "pk"))
    items = [{"label": f"{f.reference} {f.title}", "url": reverse("workflow:filing-detail", args=[f.pk]),
              "detail": f"{_time(f.advance_filing.window_start)} – {_time(f.advance_filing.window_end)}"
                        f" · {f.owner_org.name}",
              "overdue": False} for f in qs[:LIMIT]]
    return {
        "key": "windows-to-announce",
        "title": _("Maintenance windows to announce"),
        "count": qs.count(),
        "url": reverse("maintenance:maintenance-windows"),
        "items": items,
    }


SECTIONS = [faults_being_handled, faults_to_review, windows_to_announce]
