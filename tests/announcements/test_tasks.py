"""The beat task only notifies publishers (once per event); it never decides what is public."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from factories import org
from factories_announcements import AnnouncementFactory

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.announcements.tasks import notify_announcements_going_public
from ganfutong_admin.celery import app as celery_app
from ganfutong_admin.notifications.models import Notification

TASK = "ganfutong_admin.announcements.tasks.notify_announcements_going_public"


def test_registered_in_the_beat_schedule():
    entries = [e for e in celery_app.conf.beat_schedule.values() if e["task"] == TASK]
    assert len(entries) == 1
    assert entries[0]["schedule"] <= timedelta(minutes=15)
    assert TASK in celery_app.tasks


def test_scheduled_and_expired_are_announced_once_to_the_publishers_who_see_them(publisher, make_user,
                                                                                mailoutbox):
    city_publisher = make_user("nanchang_publisher", "publisher", "360100")  # sees only 南昌市's records
    submitter = make_user("donghu_submitter", "submitter", "360102")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        scheduled = AnnouncementFactory(title="春节服务安排", status="published",
                                        publish_at=start + timedelta(hours=2))  # written now, public later
        expiring = AnnouncementFactory(title="维护公告", status="published", publish_at=start - timedelta(days=1),
                                       expire_at=start + timedelta(hours=1))
        city = AnnouncementFactory(title="南昌停车服务调整", owner_org=org("360100"), status="published",
                                   publish_at=start + timedelta(hours=2))
        AnnouncementFactory(title="即时发布的公告", public=True)  # published "now": not news
        AnnouncementFactory(title="草稿", publish_at=start + timedelta(hours=2))  # a draft never goes public
        assert notify_announcements_going_public.delay().get() == 0

    with time_machine.travel(start + timedelta(hours=3), tick=False):
        created = notify_announcements_going_public.delay().get()
        mine = Notification.objects.filter(recipient=publisher)
        assert sorted(mine.values_list("dedup_key", flat=True)) == sorted([
            f"announcement:{scheduled.pk}:public", f"announcement:{expiring.pk}:expired",
            f"announcement:{city.pk}:public"])
        assert list(Notification.objects.filter(recipient=city_publisher).values_list("dedup_key", flat=True)) == [
            f"announcement:{city.pk}:public"]
        assert not Notification.objects.filter(recipient=submitter).exists()
        assert created == 4
        note = mine.get(dedup_key=f"announcement:{scheduled.pk}:public")
        assert "春节服务安排" in note.title and note.url == f"/announcements/{scheduled.pk}/"
        assert len(mailoutbox) == 4

        # The beat runs again: nothing new.
        assert notify_announcements_going_public.delay().get() == 0
        assert Notification.objects.count() == 4


def test_a_withdrawn_or_long_past_announcement_is_not_announced(publisher):
    now = timezone.now()
    AnnouncementFactory(status="withdrawn", publish_at=now - timedelta(minutes=5))
    old = AnnouncementFactory(status="published", publish_at=now - timedelta(days=30),
                              expire_at=now - timedelta(days=20))
    Announcement.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=40))
    assert notify_announcements_going_public.delay().get() == 0
    assert not Notification.objects.exists()
