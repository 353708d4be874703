"""The home-page figure of channel integration (第五条): legacy apps past their migration date, in scope."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import LegacyApp


def overdue_legacy_apps(user):
    if not user.has_perm("channel_integration.view_legacyapp"):
        return None  # not this role's work: the system roles saw a card that is always 0
    count = LegacyApp.objects.visible_to(user).with_overdue().filter(is_overdue=True).count()
    url = reverse("channel_integration:legacyapp-list") + "?overdue=true"
    return {"key": "overdue_legacy_apps", "label": _("Legacy apps past their migration date"), "icon": "bi-phone",
            "value": count, "url": url, "style": "warning"}
