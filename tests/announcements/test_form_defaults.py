"""The announcement form (issue 15, point 3): 发布单位 starts at the user's own unit, listed first, and a
publication time already passed is refused instead of back-dating the announcement in the public feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_announcements import AnnouncementFactory

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine

pytestmark = pytest.mark.django_db


def test_the_publishing_unit_starts_at_the_users_own_unit(web, publisher):
    form = web(publisher).get(reverse("announcements:announcement-create")).context["form"]
    owner = form.fields["owner_org"]
    assert form.initial["owner_org"] == org("OP3601").pk
    assert list(owner.queryset)[0].code == "OP3601"  # its own unit first, not last
    assert owner.empty_label == "— 请选择单位 —"


def test_a_past_publication_time_is_refused_and_nothing_is_saved(web, publisher):
    past = timezone.localtime() - timedelta(days=3)
    response = web(publisher).post(reverse("announcements:announcement-create"), {
        "owner_org": org("OP3601").pk, "title": "系统维护公告", "category": "general", "body": "<p>维护</p>",
        "publish_at": past.strftime("%Y-%m-%dT%H:%M"), "expire_at": "",
    })
    assert response.status_code == 400
    assert "发布时间已过" in response.context["form"].errors["publish_at"][0]
    assert response.context["form"]["title"].value() == "系统维护公告"  # what was typed is kept
    assert not Announcement.objects.exists()


def test_a_past_publication_time_is_refused_by_the_api(api, publisher):
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = api(publisher).post("/api/v1/announcements/", {
        "title": "x", "category": "general", "body": "<p>x</p>", "publish_at": past}, format="json")
    assert response.status_code == 400 and "publish_at" in response.json()


def test_publishing_a_draft_whose_time_passed_publishes_now(publisher):
    stale = timezone.now() - timedelta(days=5)
    draft = AnnouncementFactory(publish_at=stale)
    before = timezone.now()
    engine.perform(Announcement, draft.pk, "publish", publisher, draft.version)
    draft.refresh_from_db()
    assert draft.publish_at >= before  # the real moment, not five days ago
