"""The operator's pages: list (filters, sort, export), detail, create / edit of drafts, publish and withdraw."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from factories import FilingFactory, org
from factories_announcements import AnnouncementFactory
from openpyxl import load_workbook

from ganfutong_admin.announcements.filters import AnnouncementState
from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core import worklist


def form_data(**extra):
    data = {"owner_org": str(org("OP3601").pk), "title": "赣服通平台系统维护公告", "category": "maintenance",
            "body": "<p>周六凌晨系统维护。</p>", "publish_at": "", "expire_at": ""}
    data.update(extra)
    return data


def local_input(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


# --- create and edit --------------------------------------------------------------------------------------

def test_create_page_defaults_to_the_operator_and_names_the_article(publisher, web):
    response = web(publisher).get("/announcements/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["owner_org"] == org("OP3601").pk
    assert response.context["article"] == "第十一条"
    html = response.content.decode()
    assert 'type="datetime-local"' in html and 'name="publish_at"' in html and 'name="expire_at"' in html
    assert 'data-article="第十一条"' in html
    assert "javascript:" in str(form.fields["body"].help_text)  # says what is removed (and what is kept)


def test_create_then_edit_a_draft(publisher, web):
    client = web(publisher)
    publish_at = timezone.now() + timedelta(days=2)
    response = client.post("/announcements/new/", form_data(publish_at=local_input(publish_at)))
    assert response.status_code == 302
    a = Announcement.objects.get(title="赣服通平台系统维护公告")
    assert (a.status, a.created_by, a.owner_org.code, a.version) == ("draft", publisher, "OP3601", 1)
    assert a.publish_at == publish_at.replace(second=0, microsecond=0)
    assert response["Location"] == f"/announcements/{a.pk}/"

    response = client.get(f"/announcements/{a.pk}/edit/")
    assert response.status_code == 200
    assert response.context["article"] == "第十一条、第十六条"  # maintenance: 第十六条 too
    response = client.post(f"/announcements/{a.pk}/edit/", form_data(title="改期维护公告", version="1"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.title, a.version, a.publish_at) == ("改期维护公告", 2, None)
    assert a.history.count() == 2


def test_an_edit_on_a_stale_version_is_refused(publisher, web):
    a = AnnouncementFactory(title="原标题")
    client = web(publisher)
    assert client.post(f"/announcements/{a.pk}/edit/", form_data(title="第一次修改", version="1")).status_code == 302
    response = client.post(f"/announcements/{a.pk}/edit/", form_data(title="过期版本的修改", version="1"))
    assert response.status_code == 409
    assert response.context["form"].non_field_errors()
    a.refresh_from_db()
    assert (a.title, a.version) == ("第一次修改", 2)


@pytest.mark.parametrize("trait", ["public", "scheduled", "expired", "withdrawn"])
def test_only_drafts_are_editable(publisher, web, trait):
    a = AnnouncementFactory(title="已发布公告", **{trait: True})
    client = web(publisher)
    for response in (client.get(f"/announcements/{a.pk}/edit/"),
                     client.post(f"/announcements/{a.pk}/edit/", form_data(title="偷偷修改", version="1"))):
        assert response.status_code == 302
        assert response["Location"] == f"/announcements/{a.pk}/"
    a.refresh_from_db()
    assert a.title == "已发布公告"
    assert web(publisher).get(f"/announcements/{a.pk}/").context["edit_url"] == ""


@pytest.mark.parametrize(("publish", "expire", "field"), [
    (timedelta(days=2), timedelta(days=1), "expire_at"),  # expiry before publication
    (timedelta(days=2), timedelta(days=2), "expire_at"),  # equal
    (None, timedelta(days=-1), "expire_at"),  # already passed
])
def test_the_publication_window_is_checked_with_clear_messages(publisher, web, publish, expire, field):
    now = timezone.now()
    data = form_data(publish_at=local_input(now + publish) if publish else "", expire_at=local_input(now + expire))
    response = web(publisher, language="en").post("/announcements/new/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any("expiry time" in e for e in errors), errors
    assert not Announcement.objects.exists()


def test_required_fields(publisher, web):
    response = web(publisher).post("/announcements/new/", {"owner_org": "", "title": "", "body": ""})
    assert response.status_code == 400
    assert {"title", "body", "category", "owner_org"} <= set(response.context["form"].errors)


# --- detail, publish, withdraw ----------------------------------------------------------------------------

def test_detail_shows_state_times_source_link_and_history(publisher, web):
    filing = FilingFactory(title="关于“社保查询”服务下架的报备", owner_org=org("360102"))
    a = Announcement.draft_for(source=filing, owner_org=org("OP3601"), title="关于“社保查询”服务下架的公告",
                               body="<p>下架说明</p>", category="service_change", user=publisher)
    response = web(publisher).get(f"/announcements/{a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["source_url"] == f"/filings/{filing.pk}/"
    assert f'href="/filings/{filing.pk}/"' in html and str(filing) in html
    assert 'data-status="draft"' in html
    assert '<div class="card-body gft-ann-body" id="announcement-body"><p>下架说明</p></div>' in html
    assert 'data-article="第十一条"' in html
    assert {t.action for t in response.context["transitions"]} == {"publish"}
    assert 'id="history-table"' in html and len(response.context["history"]) == 1


def test_the_source_link_is_hidden_from_who_cannot_see_the_filing(make_user, web, publisher):
    filing = FilingFactory(owner_org=org("360102"))
    a = Announcement.draft_for(source=filing, owner_org=org("360100"), title="下架公告", body="<p>x</p>",
                               category="service_change", user=publisher)
    city_publisher = make_user("nanchang_publisher", "publisher", "360100")
    city_publisher.groups.clear()  # keep the announcement, lose the filings
    from django.contrib.auth.models import Permission

    city_publisher.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="announcements", codename__in=["view_announcement"]))
    response = web(city_publisher).get(f"/announcements/{a.pk}/")
    assert response.status_code == 200
    assert response.context["source_url"] == ""
    assert "下架公告" in response.content.decode()


def test_publish_with_a_future_time_is_scheduled(publisher, web):
    a = AnnouncementFactory(publish_at=timezone.now() + timedelta(days=1))
    response = web(publisher, language="en").post(f"/announcements/{a.pk}/transition/",
                                                  {"action": "publish", "version": 1}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scheduled: the announcement becomes public at" in html
    assert 'data-status="scheduled"' in html and 'id="scheduled-alert"' in html
    a.refresh_from_db()
    assert (a.status, a.version, a.published_by) == ("published", 2, publisher)


def test_withdraw_needs_a_reason(publisher, web):
    a = AnnouncementFactory(public=True)
    client = web(publisher, language="en")
    response = client.post(f"/announcements/{a.pk}/transition/", {"action": "withdraw", "version": 1,
                                                                  "comment": "  "}, follow=True)
    assert "A comment is required" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "published"
    response = client.post(f"/announcements/{a.pk}/transition/", {"action": "withdraw", "version": 1,
                                                                  "comment": "信息有误"}, follow=True)
    a.refresh_from_db()
    assert (a.status, a.version) == ("withdrawn", 2)
    assert a.history.first().history_change_reason == "撤回：信息有误"
    assert "信息有误" in response.content.decode()  # in the history table


def test_a_stale_version_is_refused_with_a_message(publisher, web):
    a = AnnouncementFactory()
    client = web(publisher, language="en")
    assert client.post(f"/announcements/{a.pk}/transition/", {"action": "publish", "version": 1}).status_code == 302
    response = client.post(f"/announcements/{a.pk}/transition/",
                           {"action": "withdraw", "version": 1, "comment": "重复点击"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    a.refresh_from_db()
    assert (a.status, a.version) == ("published", 2)


def test_the_transition_form_follows_the_csp_conventions(publisher, web):
    a = AnnouncementFactory(public=True)
    html = web(publisher).get(f"/announcements/{a.pk}/").content.decode()
    assert 'data-transition-form' in html and 'name="version" value="1"' in html
    assert 'data-action="withdraw"' in html and 'data-comment-required="true"' in html
    assert " onclick=" not in html and " style=" not in html and "<style" not in html
    assert '/static/css/announcements.css' in html


# --- list ---------------------------------------------------------------------------------------------------

@pytest.fixture
def five(db):
    return {
        "draft": AnnouncementFactory(title="草稿：不动产查询升级", category="maintenance"),
        "scheduled": AnnouncementFactory(title="定时：春节服务安排", scheduled=True),
        "public": AnnouncementFactory(title="公开：社保故障处理", category="fault", public=True),
        "expired": AnnouncementFactory(title="过期：系统维护", category="maintenance", expired=True),
        "withdrawn": AnnouncementFactory(title="撤回：公积金暂停", category="service_change", withdrawn=True),
    }


@pytest.mark.parametrize("state", ["draft", "scheduled", "public", "expired", "withdrawn"])
def test_filter_by_computed_state(publisher, web, five, state):
    response = web(publisher).get("/announcements/", {"state": state})
    assert [a.title for a in response.context["object_list"]] == [five[state].title]
    assert f'data-state="{state}"' in response.content.decode()


def test_filter_by_category_and_search(publisher, web, five):
    client = web(publisher)
    shown = {a.title for a in client.get("/announcements/", {"category": "maintenance"}).context["object_list"]}
    assert shown == {five["draft"].title, five["expired"].title}
    shown = [a.title for a in client.get("/announcements/", {"q": "社保"}).context["object_list"]]
    assert shown == [five["public"].title]


def test_sort_by_publication_time(publisher, web, five):
    client = web(publisher)
    dated = [five[k].title for k in ("expired", "withdrawn", "public", "scheduled")]  # oldest first
    ascending = [a.title for a in client.get("/announcements/", {"sort": "publish"}).context["object_list"]
                 if a.publish_at]
    descending = [a.title for a in client.get("/announcements/", {"sort": "-publish"}).context["object_list"]
                  if a.publish_at]
    assert ascending == dated
    assert descending == dated[::-1]


def test_export_has_the_computed_state(publisher, web, five):
    response = web(publisher).get("/announcements/", {"export": "xlsx", "category": "maintenance"})
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 3  # header + the two maintenance announcements
    by_title = {row[0]: row for row in rows[1:]}
    with translation.override(settings.LANGUAGE_CODE):
        assert rows[0][2] == str(_("State"))
        assert by_title[five["expired"].title][2] == str(AnnouncementState.EXPIRED.label)
        assert by_title[five["draft"].title][2] == str(AnnouncementState.DRAFT.label)
        assert by_title[five["expired"].title][1] == str(AnnouncementCategory.MAINTENANCE.label)


def test_nav_item_points_to_the_list(publisher, web):
    html = web(publisher).get("/").content.decode()
    assert 'data-nav="/announcements/"' in html


# --- the publishers' work list ------------------------------------------------------------------------------

def test_drafts_waiting_appear_in_the_publishers_work_list(publisher, make_user, web):
    filing = FilingFactory()
    Announcement.draft_for(source=filing, owner_org=org("OP3601"), title="服务下架公告（待发布）", body="<p>x</p>",
                           category="service_change", user=publisher)
    AnnouncementFactory(title="已经公开的", public=True)
    response = web(publisher).get("/")
    sections = {s["key"]: s for s in response.context["extra_sections"]}
    assert sections["announcement-drafts"]["count"] == 1
    assert [i["label"] for i in sections["announcement-drafts"]["items"]] == ["服务下架公告（待发布）"]
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    assert all(s["key"] != "announcement-drafts" for s in worklist.build(reviewer)["extra_sections"])


def test_scheduled_detail_tells_when(publisher, web):
    with time_machine.travel(timezone.now(), tick=False):
        a = AnnouncementFactory(scheduled=True)
        html = web(publisher).get(f"/announcements/{a.pk}/").content.decode()
        assert timezone.localtime(a.publish_at).strftime("%Y-%m-%d %H:%M") in html
        assert 'id="scheduled-alert"' in html
