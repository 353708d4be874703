"""The shell around every page: navigation by role and the unread count."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.accounts.roles import ROLE_LABELS

# (label, url name, permission needed or None)
NAVIGATION = [
    (_("Work list"), "core:home", None),
    (_("Filings"), "workflow:filing-list", "workflow.view_filing"),
    (_("Rectifications"), "workflow:rectification-list", "workflow.view_rectification"),
    (_("Services"), "services:service-list", "services.view_service"),
    (_("Announcements"), "announcements:announcement-list", "announcements.view_announcement"),
    (_("Legacy apps"), "channel_integration:legacyapp-list", "channel_integration.view_legacyapp"),
    (_("Working-day calendar"), "workflow:calendar", "workflow.view_calendarday"),
    (_("Security log"), "audit:event-list", "audit.view_securityevent"),
]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from ganfutong_admin.notifications.models import Notification

    current = request.path
    nav = []
    for label, name, perm in NAVIGATION:
        if perm is None or user.has_perm(perm):
            try:
                url = reverse(name)
            except NoReverseMatch:  # a chapter whose pages are not installed
                continue
            nav.append({"label": label, "url": url,
                        "active": current == url if url == "/" else current.startswith(url)})
    return {
        "nav_items": nav,
        "unread_count": Notification.objects.for_user(user).unread().count(),
        "user_roles": [ROLE_LABELS.get(r, r) for r in sorted(user.role_names)],
    }
