"""GET /public/announcements.json and .atom: no auth, only what is public now, newest first, conditional GET."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation
from django.utils.http import http_date
from factories_announcements import AnnouncementFactory

from ganfutong_admin.announcements.feeds import FEED_LIMIT
from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.workflow import engine

JSON = "/public/announcements.json"
ATOM = "/public/announcements.atom"
FEEDS = [JSON, ATOM]
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


def office(label):
    """A label in the office language (the feed is the same for everyone, whatever their language cookie)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def titles(response):
    if response["Content-Type"].startswith("application/json"):
        return [row["title"] for row in json.loads(response.content)["announcements"]]
    root = ET.fromstring(response.content)
    return [entry.find("a:title", ATOM_NS).text for entry in root.findall("a:entry", ATOM_NS)]


@pytest.fixture
def mixed(db):
    """One announcement in every state; only "公开" may appear in the feed."""
    return {
        "public": AnnouncementFactory(title="公开公告", public=True),
        "scheduled": AnnouncementFactory(title="定时公告", scheduled=True),
        "expired": AnnouncementFactory(title="过期公告", expired=True),
        "withdrawn": AnnouncementFactory(title="撤回公告", withdrawn=True),
        "draft": AnnouncementFactory(title="草稿公告"),
    }


@pytest.mark.parametrize("url", FEEDS)
def test_only_public_announcements_without_login(anonymous, mixed, url):
    response = anonymous.get(url)
    assert response.status_code == 200
    assert titles(response) == ["公开公告"]
    assert "sessionid" not in response.cookies  # no session is started for the public
    assert "Cookie" not in response.get("Vary", "")


def test_json_shape(anonymous, mixed):
    data = json.loads(anonymous.get(JSON).content)
    assert set(data) == {"announcements", "generated_at"}
    [row] = data["announcements"]
    a = mixed["public"]
    assert row == {
        "id": a.pk, "title": "公开公告", "category": "general",
        "category_label": office(AnnouncementCategory.GENERAL.label),
        "body_html": "<p>赣服通平台将于周六凌晨进行系统维护。</p>",
        "published_at": timezone.localtime(a.publish_at).isoformat(), "expires_at": None,
        "url": f"http://testserver/public/announcements/{a.pk}/",
    }
    assert data["generated_at"].endswith("+08:00")


def test_atom_shape(anonymous, mixed):
    response = anonymous.get(ATOM)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    [entry] = root.findall("a:entry", ATOM_NS)
    a = mixed["public"]
    assert entry.find("a:id", ATOM_NS).text == f"http://testserver/public/announcements/{a.pk}/"
    assert entry.find("a:link", ATOM_NS).get("href") == f"http://testserver/public/announcements/{a.pk}/"
    content = entry.find("a:content", ATOM_NS)
    assert content.get("type") == "html"
    assert content.text == "<p>赣服通平台将于周六凌晨进行系统维护。</p>"  # escaped in the XML, this once parsed
    assert entry.find("a:author/a:name", ATOM_NS).text == a.owner_org.name
    assert entry.find("a:category", ATOM_NS).get("term") == office(AnnouncementCategory.GENERAL.label)
    assert root.find("a:link[@rel='self']", ATOM_NS).get("href") == "http://testserver/public/announcements.atom"


@pytest.mark.parametrize("url", FEEDS)
def test_newest_first_and_limited(anonymous, db, url):
    now = timezone.now()
    for i in range(FEED_LIMIT + 5):
        AnnouncementFactory(title=f"公告{i:03d}", status="published", publish_at=now - timedelta(hours=i + 1))
    shown = titles(anonymous.get(url))
    assert shown == [f"公告{i:03d}" for i in range(FEED_LIMIT)]


def test_public_page_of_one_announcement(anonymous, mixed):
    response = anonymous.get(f"/public/announcements/{mixed['public'].pk}/")
    assert response.status_code == 200
    assert "赣服通平台将于周六凌晨进行系统维护。" in response.content.decode()
    for name in ("scheduled", "expired", "withdrawn", "draft"):
        assert anonymous.get(f"/public/announcements/{mixed[name].pk}/").status_code == 404, name


@pytest.mark.parametrize("url", FEEDS)
def test_post_is_refused(anonymous, db, url):
    assert anonymous.post(url).status_code == 405


# --- conditional GET --------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", FEEDS)
def test_etag_last_modified_and_304(anonymous, mixed, url):
    first = anonymous.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and last_modified
    assert first["Cache-Control"] in ("public, max-age=60", "max-age=60, public")

    again = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "max-age=60" in again["Cache-Control"]

    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert anonymous.get(url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200
    earlier = http_date(mixed["public"].updated_at.timestamp() - 3600)
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_last_modified_is_the_latest_publication_or_change(anonymous, db):
    publish_at = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    a = AnnouncementFactory(status="published", publish_at=publish_at)
    Announcement.objects.filter(pk=a.pk).update(updated_at=publish_at - timedelta(hours=1))  # published earlier
    assert anonymous.get(JSON)["Last-Modified"] == http_date(publish_at.timestamp())


@pytest.mark.parametrize("change", ["publish", "withdraw", "schedule_passes", "expiry_passes"])
@pytest.mark.parametrize("url", FEEDS)
def test_any_change_of_the_feed_invalidates_both_validators(anonymous, publisher, db, url, change):
    """After every kind of change a client holding the old ETag or Last-Modified gets the new feed."""
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        shown = AnnouncementFactory(title="已公开", public=True)
        draft = AnnouncementFactory(title="待发布")
        scheduled = AnnouncementFactory(title="定时", status="published", publish_at=start + timedelta(hours=1))
        expiring = AnnouncementFactory(title="将过期", status="published", publish_at=start - timedelta(hours=2),
                                       expire_at=start + timedelta(hours=1))
        before = anonymous.get(url)
    passes = change in ("schedule_passes", "expiry_passes")
    later = start + (timedelta(hours=2) if passes else timedelta(seconds=5))
    with time_machine.travel(later, tick=False):
        if change == "publish":
            engine.perform(Announcement, draft.pk, "publish", publisher, draft.version)
        elif change == "withdraw":
            engine.perform(Announcement, shown.pk, "withdraw", publisher, shown.version, "发布有误")
        # Only one thing happens at a time: the jump would also pass the other record's time, so move it away
        # (update() leaves updated_at alone).
        elif change == "schedule_passes":
            Announcement.objects.filter(pk=expiring.pk).update(expire_at=later + timedelta(hours=1))
        elif change == "expiry_passes":
            Announcement.objects.filter(pk=scheduled.pk).update(publish_at=later + timedelta(hours=1))
        after = anonymous.get(url)
        assert titles(after) != titles(before)
        assert after["ETag"] != before["ETag"]
        assert after["Last-Modified"] != before["Last-Modified"]
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
        assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
    assert scheduled.pk and expiring.pk


# --- query counts -----------------------------------------------------------------------------------------

FEED_QUERIES = 2  # the aggregate behind ETag / Last-Modified, then the rows (with their org unit)
NOT_MODIFIED_QUERIES = 1  # the aggregate only


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("url", FEEDS)
def test_feed_query_count_is_fixed(anonymous, db, django_assert_num_queries, url, n):
    for i in range(n):
        AnnouncementFactory(public=True, category=["general", "fault", "maintenance", "service_change"][i % 4])
    anonymous.get(url)  # warm-up (ContentType cache and the like)
    with django_assert_num_queries(FEED_QUERIES):
        response = anonymous.get(url)
    assert len(titles(response)) == min(n, FEED_LIMIT)
    with django_assert_num_queries(NOT_MODIFIED_QUERIES):
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
