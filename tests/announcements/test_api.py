"""API /api/v1/announcements/: drafts written, state computed, transitions through the engine, 409 on conflicts."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from factories import org
from factories_announcements import AnnouncementFactory
from testsupport import results

from ganfutong_admin.announcements.models import Announcement

BASE = "/api/v1/announcements/"


def test_create_defaults_to_the_operator(publisher, api):
    response = api(publisher).post(BASE, {"title": "故障处理公告", "category": "fault", "body": "<p>已恢复。</p>"},
                                   format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner_org"], body["status"], body["state"], body["version"]) == ("OP3601", "draft", "draft", 1)
    assert body["created_by"] == "operator_publisher"
    a = Announcement.objects.get(pk=body["id"])
    assert (a.owner_org.code, a.created_by) == ("OP3601", publisher)


def test_invalid_window_and_category_are_400(publisher, api):
    now = timezone.now()
    response = api(publisher, language="en").post(BASE, {
        "title": "x", "category": "nonsense", "body": "<p>x</p>",
        "publish_at": (now + timedelta(days=2)).isoformat(), "expire_at": (now + timedelta(days=1)).isoformat(),
    }, format="json")
    assert response.status_code == 400
    assert "category" in response.json()
    response = api(publisher, language="en").post(BASE, {
        "title": "x", "category": "general", "body": "<p>x</p>",
        "publish_at": (now + timedelta(days=2)).isoformat(), "expire_at": (now + timedelta(days=1)).isoformat(),
    }, format="json")
    assert response.status_code == 400
    assert "expiry time must be after" in response.json()["expire_at"][0]
    assert not Announcement.objects.exists()


def test_status_cannot_be_written(publisher, api):
    a = AnnouncementFactory()
    response = api(publisher).patch(f"{BASE}{a.pk}/", {"status": "published", "version": 1}, format="json")
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.status == "draft"


def test_update_needs_the_version_and_refuses_a_stale_one(publisher, api):
    a = AnnouncementFactory(title="旧标题")
    client = api(publisher, language="en")
    response = client.patch(f"{BASE}{a.pk}/", {"title": "新标题"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    assert client.patch(f"{BASE}{a.pk}/", {"title": "新标题", "version": 1}, format="json").status_code == 200
    response = client.patch(f"{BASE}{a.pk}/", {"title": "更新的标题", "version": 1}, format="json")
    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]
    a.refresh_from_db()
    assert (a.title, a.version) == ("新标题", 2)


@pytest.mark.parametrize("trait", ["public", "scheduled", "withdrawn"])
def test_a_published_announcement_cannot_be_edited(publisher, api, trait):
    a = AnnouncementFactory(title="已发布", **{trait: True})
    response = api(publisher).patch(f"{BASE}{a.pk}/", {"title": "改", "version": a.version}, format="json")
    assert response.status_code == 409
    a.refresh_from_db()
    assert a.title == "已发布"


def test_transition_with_a_stale_version_is_409(publisher, api):
    a = AnnouncementFactory()
    client = api(publisher)
    assert client.post(f"{BASE}{a.pk}/transitions/", {"action": "publish", "version": 1},
                       format="json").status_code == 200
    response = client.post(f"{BASE}{a.pk}/transitions/", {"action": "withdraw", "version": 1, "comment": "原因"},
                           format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "StaleVersion"
    a.refresh_from_db()
    assert (a.status, a.version) == ("published", 2)


def test_transition_errors(publisher, api):
    a = AnnouncementFactory(public=True)
    client = api(publisher)
    response = client.post(f"{BASE}{a.pk}/transitions/", {"action": "withdraw", "version": 1}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "GuardRefused")  # no reason given
    response = client.post(f"{BASE}{a.pk}/transitions/", {"action": "publish", "version": 1}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "NotAllowedFromState")
    response = client.post(f"{BASE}{a.pk}/transitions/", {"action": "approve", "version": 1}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "UnknownAction")
    response = client.post(f"{BASE}{a.pk}/transitions/", {"action": "withdraw"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    assert client.post(f"{BASE}999999/transitions/", {"action": "publish", "version": 1},
                       format="json").status_code == 404
    a.refresh_from_db()
    assert (a.status, a.version) == ("published", 1)


@pytest.mark.parametrize(("state", "trait"), [("draft", {}), ("scheduled", {"scheduled": True}),
                                               ("public", {"public": True}), ("expired", {"expired": True}),
                                               ("withdrawn", {"withdrawn": True})])
def test_filter_by_state(publisher, api, state, trait):
    wanted = AnnouncementFactory(title="要的", **trait)
    for other in ({}, {"scheduled": True}, {"public": True}, {"expired": True}, {"withdrawn": True}):
        if other != trait:
            AnnouncementFactory(title="不要的", **other)
    rows = results(api(publisher).get(BASE, {"state": state}))
    assert [(r["id"], r["state"]) for r in rows] == [(wanted.pk, state)]


def test_filter_by_category_search_and_ordering(publisher, api):
    now = timezone.now()
    AnnouncementFactory(title="社保故障", category="fault", status="published", publish_at=now - timedelta(days=2))
    AnnouncementFactory(title="医保故障", category="fault", status="published", publish_at=now - timedelta(days=1))
    AnnouncementFactory(title="系统维护", category="maintenance")
    client = api(publisher)
    assert [r["title"] for r in results(client.get(BASE, {"category": "fault", "ordering": "-publish_at"}))] == [
        "医保故障", "社保故障"]
    assert [r["title"] for r in results(client.get(BASE, {"q": "维护"}))] == ["系统维护"]
    assert client.get(BASE, {"state": "bogus"}).status_code == 400


def test_source_of_a_delisting_draft_is_exposed(publisher, api):
    from factories import FilingFactory

    filing = FilingFactory(owner_org=org("360102"))
    a = Announcement.draft_for(source=filing, owner_org=org("OP3601"), title="下架公告", body="<p>x</p>",
                               category="service_change", user=publisher)
    row = api(publisher).get(f"{BASE}{a.pk}/").json()
    assert (row["source_type"], row["source_id"], row["source_label"]) == ("workflow.filing", filing.pk, str(filing))


def test_openapi_schema_lists_the_endpoints(publisher, api, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/v1/announcements/:", "/api/v1/announcements/{id}/:",
                 "/api/v1/announcements/{id}/transitions/:"):
        assert path in schema
    assert "name: state" in schema and "name: category" in schema
