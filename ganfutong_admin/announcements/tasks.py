"""Periodic notices about announcements. Visibility never depends on this task: a scheduled announcement is
public when its time comes (computed in the query); the task only tells the publishers it happened."""

from datetime import timedelta

from celery import shared_task
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

# Events older than this are not announced any more (the beat runs every few minutes; a worker that was
# down for a while still catches up on a week).
LOOKBACK = timedelta(days=7)


@shared_task
def notify_announcements_going_public():
    from ganfutong_admin.core.language import in_office_language

    return in_office_language(_notify_announcements_going_public)()


def _notify_announcements_going_public(now=None):
    """Tell the publishers who can see it that a scheduled announcement became public, or that an
    announcement expired. Each event once per announcement (dedup key). Returns the notifications created."""
    from ganfutong_admin.notifications.services import notify, users_with_permission

    from .models import Announcement, AnnouncementStatus

    now = now or timezone.now()
    since = now - LOOKBACK
    published = Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED)
    events = []
    # Scheduled = published before its publication time (publish_at after the row's last write); an
    # announcement published "now" is not news to the one who pressed the button.
    for a in published.filter(publish_at__gt=since, publish_at__lte=now).filter(publish_at__gt=F("updated_at")):
        if a.expire_at is None or a.expire_at > now:
            events.append((a, "public", _("Announcement now public: %(title)s") % {"title": a.title},
                           _("Scheduled for %(time)s; it is in the public feed now.")
                           % {"time": timezone.localtime(a.publish_at).strftime("%Y-%m-%d %H:%M")}))
    for a in published.filter(expire_at__gt=since, expire_at__lte=now):
        events.append((a, "expired", _("Announcement expired: %(title)s") % {"title": a.title},
                       _("Expired at %(time)s; it has left the public feed.")
                       % {"time": timezone.localtime(a.expire_at).strftime("%Y-%m-%d %H:%M")}))
    if not events:
        return 0

    # Each publisher hears about the announcements in their scope (one query per publisher).
    ids = {a.pk for a, *_ in events}
    publishers = list(users_with_permission("publish_announcement", "announcements").select_related("org_unit"))
    audience = {
        user.pk: set(Announcement.objects.visible_to(user, "publish_announcement").filter(pk__in=ids)
                     .values_list("pk", flat=True))
        for user in publishers
    }
    created = 0
    for a, kind, title, body in events:
        recipients = [u for u in publishers if a.pk in audience[u.pk]]
        created += len(notify(recipients, title, body, reverse("announcements:announcement-detail", args=[a.pk]),
                              dedup_key=f"announcement:{a.pk}:{kind}"))
    return created
