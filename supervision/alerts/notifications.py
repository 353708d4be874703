"""Who is told about supervision alerts: the responsible org unit's people who acknowledge them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language
from ganfutong_admin.notifications.services import notify, users_with_permission


@in_office_language
def notify_alert(alert):
    title = _("Supervision %(level)s: %(rule)s") % {"level": alert.get_level_display(), "rule": alert.rule_label}
    notify(users_with_permission("acknowledge_alert", "supervision", org=alert.owner_org), title, alert.source_label,
           reverse("supervision:alert-detail", args=[alert.pk]), dedup_key=f"alert-{alert.pk}-{alert.level}")
