"""Sections of the home work list contributed by service management (第九条–第十一条).

- publishers: services waiting to be listed (approved listing, status "ready"), and approved delistings to
  record;
- owners (who may submit filings): written filings of emergency delistings that are due, overdue flagged.
Each section is built from visible_to() querysets: a count and the first rows, whatever the number of rows.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .models import ChangeKind, Service, ServiceChangeFiling, ServiceStatus


def _url(name, *args, query=""):
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def _day(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else ""


def services_waiting_to_be_listed(user):
    if not user.has_perm("services.record_listing"):
        return None
    qs = (Service.objects.visible_to(user, "record_listing").filter(status=ServiceStatus.READY)
          .select_related("owner_org").order_by("updated_at", "pk"))
    return {
        "key": "services-ready",
        "title": _("Services waiting to be listed"),
        "count": qs.count(),
        "url": _url("services:service-list", query=f"?status={ServiceStatus.READY}"),
        "items": [{"label": str(s), "url": _url("services:service-detail", s.pk),
                   "detail": s.owner_org.name, "overdue": False} for s in qs[:LIMIT]],
    }


def approved_delistings_to_record(user):
    if not user.has_perm("services.record_delisting"):
        return None
    qs = (ServiceChangeFiling.objects
          .filter(change=ChangeKind.DELISTING, filing__status=FilingStatus.APPROVED, carried_out_at__isnull=True,
                  service__status=ServiceStatus.LISTED,
                  service__in=Service.objects.visible_to(user, "record_delisting").values("pk"))
          .select_related("filing", "service", "service__owner_org")
          .order_by("planned_on", "filing__decided_at", "pk"))
    items = []
    for d in qs[:LIMIT]:
        detail = f"{d.filing.reference} · {d.service.owner_org.name}"
        if d.planned_on:
            detail += " · " + _("planned %(day)s") % {"day": d.planned_on.strftime("%Y-%m-%d")}
        items.append({"label": str(d.service), "url": _url("services:service-detail", d.service_id),
                      "detail": detail, "overdue": False})
    return {
        "key": "delistings-to-record",
        "title": _("Approved delistings to record"),
        "count": qs.count(),
        "url": _url("workflow:filing-list", query="?kind=service_delisting&status=approved"),
        "items": items,
    }


def emergency_written_filings_due(user):
    if not user.has_perm("workflow.submit_filing"):
        return None
    qs = (Filing.objects.visible_to(user, "submit_filing")
          .filter(kind="emergency_delisting", status=FilingStatus.ORAL_REPORTED)
          .with_overdue().select_related("owner_org").order_by("due_at", "pk"))
    items = [{"label": f"{f.reference} {f.title}", "url": _url("workflow:filing-detail", f.pk),
              "detail": _("due %(day)s") % {"day": _day(f.due_at)} + f" · {f.owner_org.name}",
              "overdue": f.is_overdue} for f in qs[:LIMIT]]
    return {
        "key": "emergency-written-due",
        "title": _("Written filings of emergency delistings due"),
        "count": qs.count(),
        "url": _url("workflow:filing-list", query="?kind=emergency_delisting&status=oral_reported"),
        "items": items,
    }


SECTIONS = [services_waiting_to_be_listed, approved_delistings_to_record, emergency_written_filings_due]
