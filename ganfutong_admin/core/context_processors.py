"""The shell around every page: navigation by role and the unread count."""

from django.urls import NoReverseMatch, reverse

from ganfutong_admin.accounts.roles import ROLE_LABELS

from . import chapters
from .chapters import MenuGroup


def _link(user, current, entry):
    if entry.permission is not None and not user.has_perm(entry.permission):
        return None
    try:
        url = reverse(entry.url_name)
    except NoReverseMatch:  # a chapter whose pages are not installed
        return None
    label = entry.label_for(user) if entry.label_for is not None else entry.label
    return {"label": label, "url": url, "active": current == url if url == "/" else current.startswith(url)}


def navigation(user, current):
    """The menu every app declares (core.chapters): a group is shown when the user may open one of its entries;
    entries whose pages are not installed (NoReverseMatch) are left out."""
    nav = []
    for entry in chapters.menu():
        if isinstance(entry, MenuGroup):
            children = [link for link in (_link(user, current, child) for child in entry.entries) if link]
            if children:
                nav.append({"label": entry.label, "children": children,
                            "active": any(child["active"] for child in children)})
        else:
            link = _link(user, current, entry)
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
