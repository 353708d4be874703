"""Home work list of the publishers: drafts to complete and publish (every delisting produces one)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .models import Announcement, AnnouncementStatus


def drafts_waiting(user):
    """Home work list of the publishers: drafts to complete and publish (every delisting produces one)."""
    if not user.has_perm("announcements.publish_announcement"):
        return None
    drafts = Announcement.objects.visible_to(user, "publish_announcement").filter(status=AnnouncementStatus.DRAFT)
    rows = list(drafts.order_by("-created_at")[: LIMIT])
    if not rows:
        return None
    return {
        "key": "announcement-drafts",
        "title": _("Draft announcements to publish"),
        "count": drafts.count(),
        "url": f"{reverse('announcements:announcement-list')}?state=draft",
        "items": [{"label": a.title, "url": reverse("announcements:announcement-detail", args=[a.pk]),
                   "detail": timezone.localtime(a.created_at).strftime("%Y-%m-%d"),
                   "overdue": False} for a in rows],
    }
