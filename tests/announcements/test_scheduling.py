"""Scheduling: visibility follows from the times alone (no worker, no stored flag), checked with time_machine."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories_announcements import AnnouncementFactory

from ganfutong_admin.announcements import tasks
from ganfutong_admin.announcements.filters import AnnouncementState, state_of, with_state
from ganfutong_admin.announcements.models import Announcement

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
PUBLISH_AT = datetime(2026, 12, 3, 8, 0, tzinfo=SHANGHAI)
EXPIRE_AT = datetime(2026, 12, 10, 18, 0, tzinfo=SHANGHAI)


@pytest.fixture
def no_worker(monkeypatch):
    """Any attempt to run the beat task fails the test: visibility must not depend on it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the beat task must not be needed for visibility")

    monkeypatch.setattr(tasks, "_notify_announcements_going_public", forbidden)


def feed_ids(client):
    return [row["id"] for row in json.loads(client.get("/public/announcements.json").content)["announcements"]]


def state_in_db(a):
    return with_state(Announcement.objects.filter(pk=a.pk)).get().state


def list_ids(client, state):
    response = client.get("/announcements/", {"state": state})
    return [a.pk for a in response.context["object_list"]]


def test_scheduled_goes_public_by_itself_and_leaves_at_expiry(anonymous, publisher, api, web, no_worker):
    with time_machine.travel(T0, tick=False):
        response = api(publisher).post("/api/v1/announcements/", {
            "title": "元旦期间系统升级公告", "category": "maintenance", "body": "<p>升级期间暂停服务。</p>",
            "publish_at": PUBLISH_AT.isoformat(), "expire_at": EXPIRE_AT.isoformat(),
        }, format="json")
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        response = api(publisher).post(f"/api/v1/announcements/{pk}/transitions/",
                                       {"action": "publish", "version": 1}, format="json")
        assert response.status_code == 200, response.content
        assert (response.json()["status"], response.json()["state"]) == ("published", "scheduled")
        a = Announcement.objects.get(pk=pk)
        assert a.publish_at == PUBLISH_AT  # the operator's time is kept, not replaced by "now"
        assert feed_ids(anonymous) == []
        assert state_in_db(a) == state_of(a) == AnnouncementState.SCHEDULED
        assert pk in list_ids(web(publisher), "scheduled")

    with time_machine.travel(PUBLISH_AT - timedelta(seconds=1), tick=False):
        assert feed_ids(anonymous) == []
        assert anonymous.get(f"/public/announcements/{pk}/").status_code == 404

    with time_machine.travel(PUBLISH_AT, tick=False):
        assert feed_ids(anonymous) == [pk]
        a.refresh_from_db()
        assert state_in_db(a) == state_of(a) == AnnouncementState.PUBLIC
        assert a.status == "published"  # nothing was written: the state is computed
        assert pk in list_ids(web(publisher), "public")
        assert anonymous.get(f"/public/announcements/{pk}/").status_code == 200
        assert api(publisher).get(f"/api/v1/announcements/{pk}/").json()["state"] == "public"

    with time_machine.travel(EXPIRE_AT, tick=False):
        assert feed_ids(anonymous) == []
        assert state_in_db(a) == state_of(a) == AnnouncementState.EXPIRED
        assert pk in list_ids(web(publisher), "expired")
        assert anonymous.get(f"/public/announcements/{pk}/").status_code == 404


def test_withdrawn_leaves_the_feed_at_once(anonymous, publisher, api, no_worker):
    a = AnnouncementFactory(public=True)
    assert feed_ids(anonymous) == [a.pk]
    response = api(publisher).post(f"/api/v1/announcements/{a.pk}/transitions/",
                                   {"action": "withdraw", "version": a.version, "comment": "内容有误，撤回重发"},
                                   format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    assert feed_ids(anonymous) == []
    a.refresh_from_db()
    assert a.withdrawn_at is not None
    assert a.history.first().history_change_reason.endswith("内容有误，撤回重发")


def test_a_scheduled_announcement_withdrawn_before_its_time_never_appears(anonymous, publisher, api, no_worker):
    with time_machine.travel(T0, tick=False):
        a = AnnouncementFactory(status="published", publish_at=PUBLISH_AT)
        response = api(publisher).post(f"/api/v1/announcements/{a.pk}/transitions/",
                                       {"action": "withdraw", "version": a.version, "comment": "活动取消"},
                                       format="json")
        assert response.status_code == 200
    with time_machine.travel(PUBLISH_AT + timedelta(hours=1), tick=False):
        assert feed_ids(anonymous) == []


def test_publish_without_a_time_is_public_now(anonymous, publisher, web, no_worker):
    with time_machine.travel(T0, tick=False):
        a = AnnouncementFactory(title="立即发布的公告")
        response = web(publisher).post(f"/announcements/{a.pk}/transition/", {"action": "publish", "version": 1},
                                       follow=True)
        assert response.status_code == 200
        a.refresh_from_db()
        assert (a.status, a.publish_at, a.published_by) == ("published", T0, publisher)
        assert feed_ids(anonymous) == [a.pk]


def test_an_expiry_already_passed_cannot_be_published(publisher, api):
    with time_machine.travel(T0, tick=False):
        a = AnnouncementFactory(expire_at=T0 - timedelta(hours=1))
        response = api(publisher, language="en").post(f"/api/v1/announcements/{a.pk}/transitions/",
                                       {"action": "publish", "version": 1}, format="json")
        assert response.status_code == 400
        assert "expiry time" in response.json()["detail"]
        a.refresh_from_db()
        assert (a.status, a.version) == ("draft", 1)
