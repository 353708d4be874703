"""Who is told about availability anomalies (kernel notifications, sent after the transaction commits)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language
from ganfutong_admin.notifications.services import notify, users_with_permission

from .actor import USERNAME as SYSTEM_USERNAME


def recipients(anomaly):
    """The owner org's submitters (they answer for the service, 第四条) and the operator's publishers (they
    run monitoring); never the system actor."""
    owners = users_with_permission("acknowledge_anomaly", "maintenance", org=anomaly.owner_org)
    operator = users_with_permission("manage_monitoring", "maintenance").filter(org_unit__kind="operator")
    people = {u.pk: u for u in list(owners) + list(operator) if u.username != SYSTEM_USERNAME}
    return list(people.values())


@in_office_language
def notify_anomaly_opened(anomaly):
    service = anomaly.service
    title = _("Service unavailable: %(service)s") % {"service": service.name}
    # Sent to the owner too: the count and the time, never the cause of the failures (see errors.py).
    body = _("%(count)s checks in a row failed since %(since)s. Entry URL: %(url)s") % {
        "count": anomaly.consecutive_failures,
        "since": timezone.localtime(anomaly.started_at).strftime("%Y-%m-%d %H:%M"), "url": service.entry_url,
    }
    notify(recipients(anomaly), title, body, reverse("maintenance:anomaly-detail", args=[anomaly.pk]),
           dedup_key=f"anomaly-opened-{anomaly.pk}")


@in_office_language
def notify_anomaly_transition(anomaly, transition, actor, comment):
    title = _("Availability anomaly of %(service)s: %(action)s") % {
        "service": anomaly.service.name, "action": transition.label}
    people = [u for u in recipients(anomaly) if u.pk != actor.pk]
    notify(people, title, comment, reverse("maintenance:anomaly-detail", args=[anomaly.pk]),
           dedup_key=f"anomaly-{anomaly.pk}-v{anomaly.version}")
