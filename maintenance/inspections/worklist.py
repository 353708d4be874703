"""Home work-list sections of inspections (第十六条/第十七条), registered with the kernel at start-up.

- inspectors: their draft inspections waiting to be completed;
- org units that record daily inspections: units of their jurisdiction without a completed daily inspection in
  the last working days (第十七条).
Rectifications opened by inspections appear in the kernel's own rectification sections.
Each section is built from visible_to() querysets: a count and the first rows, whatever the number of rows.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .coverage import DEFAULT_DAYS, coverage_queryset, window_start
from .models import Inspection, InspectionStatus


def completable_by(user):
    """Draft inspections the user may complete (the model's scope rule holds the kind rule of policy.py)."""
    return (Inspection.objects.visible_to(user, "change").filter(status=InspectionStatus.DRAFT)
            .select_related("owner_org").order_by("inspected_on", "pk"))


def draft_inspections(user):
    if not user.has_perm("maintenance.add_inspection"):
        return None
    qs = completable_by(user)
    return {
        "key": "inspection-drafts",
        "title": _("Inspections to complete"),
        "count": qs.count(),
        "url": reverse("maintenance:inspection-list") + "?status=draft",
        "items": [{"label": f"{i.get_kind_display()} · {i.owner_org.name}",
                   "url": reverse("maintenance:inspection-detail", args=[i.pk]),
                   "detail": i.inspected_on.strftime("%Y-%m-%d"), "overdue": False} for i in qs[:LIMIT]],
    }


def daily_inspection_gaps(user):
    if not (user.has_perm("maintenance.add_inspection") and user.has_perm("maintenance.view_inspection")):
        return None
    since = window_start(timezone.localdate(), DEFAULT_DAYS)
    gaps = coverage_queryset(user, since, with_listed_services=True).filter(is_gap=True).order_by("path")
    return {
        "key": "daily-inspection-gaps",
        "title": _("Org units without a daily inspection in the last %(days)s working days") % {"days": DEFAULT_DAYS},
        "count": gaps.count(),
        "note": _("Counted: org units of your jurisdiction that own listed services and have recorded no completed "
                  "daily inspection since %(day)s.") % {"day": since.strftime("%Y-%m-%d")},
        "url": reverse("maintenance:inspection-coverage"),
        "items": [{"label": u.name, "url": reverse("maintenance:inspection-coverage") + f"?org={u.pk}&show=all",
                   "detail": (_("last %(day)s") % {"day": u.last_daily.strftime("%Y-%m-%d")}) if u.last_daily
                   else _("never"), "overdue": False} for u in gaps[:LIMIT]],
    }


SECTIONS = [draft_inspections, daily_inspection_gaps]
