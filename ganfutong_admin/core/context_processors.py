"""The shell around every page: navigation by role and the unread count."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.accounts.roles import ROLE_LABELS

# (label, url name, permission needed or None); a group is (label, [entries]) and becomes a menu,
# shown when the user may open at least one of its entries. Entries whose pages are not installed
# (NoReverseMatch) are left out.
NAVIGATION = [
    (_("Work list"), "core:home", None),
    (_("Filings"), "workflow:filing-list", "workflow.view_filing"),
    (_("Rectifications"), "workflow:rectification-list", "workflow.view_rectification"),
    (_("Services"), "services:service-list", "services.view_service"),
    (_("Announcements"), "announcements:announcement-list", "announcements.view_announcement"),
    (_("Operation and maintenance"), [
        (_("Inspections"), "maintenance:inspection-list", "maintenance.view_inspection"),
        (_("Daily inspection coverage"), "maintenance:inspection-coverage", "maintenance.view_inspection"),
        (_("Advance filings"), "maintenance:advance-filing-list", "workflow.view_filing"),
        (_("Fault reports"), "maintenance:fault-list", "maintenance.view_faultreport"),
        (_("Availability monitoring"), "maintenance:monitoring-dashboard", "maintenance.view_uptimeday"),
        (_("12345 work orders"), "maintenance:hotline-workorder-list", "maintenance.view_workorder"),
        (_("Bad reviews"), "maintenance:hotline-badreview-list", "maintenance.view_badreview"),
        (_("Maintenance budgets"), "maintenance:budget-list", "maintenance.view_budgetplan"),
    ]),
    (_("Legacy apps"), "channel_integration:legacyapp-list", "channel_integration.view_legacyapp"),
    (_("Working-day calendar"), "workflow:calendar", "workflow.view_calendarday"),
    (_("Security log"), "audit:event-list", "audit.view_securityevent"),
]


def _link(user, current, label, name, perm):
    if perm is not None and not user.has_perm(perm):
        return None
    try:
        url = reverse(name)
    except NoReverseMatch:  # a chapter whose pages are not installed
        return None
    return {"label": label, "url": url, "active": current == url if url == "/" else current.startswith(url)}


def navigation(user, current):
    nav = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            children = [link for link in (_link(user, current, *child) for child in entry[1]) if link]
            if children:
                nav.append({"label": entry[0], "children": children,
                            "active": any(child["active"] for child in children)})
        else:
            link = _link(user, current, *entry)
            if link:
                nav.append(link)
    return nav


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from ganfutong_admin.notifications.models import Notification

    return {
        "nav_items": navigation(user, request.path),
        "unread_count": Notification.objects.for_user(user).unread().count(),
        "user_roles": [ROLE_LABELS.get(r, r) for r in sorted(user.role_names)],
    }
