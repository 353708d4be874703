"""Home work-list section of availability monitoring (第十七条): unresolved anomalies in the user's scope."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .models import AvailabilityAnomaly


def open_availability_anomalies(user):
    if not user.has_perm("maintenance.view_availabilityanomaly"):
        return None
    qs = (AvailabilityAnomaly.objects.visible_to(user).active()
          .select_related("service", "owner_org").order_by("-started_at", "-pk"))
    items = []
    for a in qs[:LIMIT]:
        since = timezone.localtime(a.started_at).strftime("%m-%d %H:%M")
        detail = _("down since %(since)s") % {"since": since} + f" · {a.get_status_display()} · {a.owner_org.name}"
        items.append({"label": a.service.name, "url": reverse("maintenance:anomaly-detail", args=[a.pk]),
                      "detail": detail, "overdue": False})
    return {
        "key": "availability-anomalies",
        "title": _("Services unavailable (anomalies not resolved)"),
        "count": qs.count(),
        "url": reverse("maintenance:anomaly-list") + "?active=true",
        "items": items,
    }


SECTIONS = [open_availability_anomalies]
