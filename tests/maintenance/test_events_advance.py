"""Advance filings (第十六条 "提前报备"): the form, the kernel's filing page and API, the list and the planned windows,
the maintenance announcement the operator drafts, the selector for supervision and the home work list."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_events import advance_filing, service

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from maintenance.events import advance, selectors
from maintenance.events.models import AdvanceFiling

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def minute(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def form_data(owner_code="360102", services=(), start=None, hours=4, **extra):
    start = start or timezone.now() + timedelta(days=15)
    data = {"owner_org": org(owner_code).pk, "title": "东湖区政务系统升级", "event_type": "system_upgrade",
            "window_start": minute(start), "window_end": minute(start + timedelta(hours=hours)),
            "services": [s.pk for s in services], "expected_impact": "升级期间暂停受理", "risk": "数据迁移失败",
            "fallback_plan": "回滚至原版本", "contact": "刘东湖 0791-86000000"}
    data.update(extra)
    return data


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def operator(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


# --- the form ---------------------------------------------------------------------------------------------

def test_create_then_submit_through_the_kernel(donghu, reviewer, web):
    svc = service("360102", name="东湖区高龄津贴申领")
    response = web(donghu).post(reverse("maintenance:advance-filing-create"), form_data(services=[svc]))
    assert response.status_code == 302
    filing = Filing.objects.get(kind="advance_filing")
    assert response["Location"] == reverse("workflow:filing-detail", args=[filing.pk])
    assert (filing.status, filing.for_the_record, filing.created_by, filing.title) == (
        "draft", True, donghu, "东湖区政务系统升级")
    page = web(donghu).get(reverse("workflow:filing-detail", args=[filing.pk]))
    content = page.content.decode()
    assert "东湖区高龄津贴申领" in content and "回滚至原版本" in content and "尚未提交" in content
    assert page.context["edit_url"] == reverse("maintenance:advance-filing-edit", args=[filing.pk])
    filing = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
    # For the record: acknowledged, never approved.
    assert [t.action for t in Filing.workflow.allowed(filing, reviewer)] == ["acknowledge", "return"]
    filing = engine.perform(Filing, filing.pk, "acknowledge", reviewer, filing.version, "已备案")
    assert filing.status == "acknowledged"
    assert AdvanceFiling.objects.get(filing=filing).filed_late is False


def test_form_refuses_bad_windows_and_foreign_services(donghu, web):
    mine, foreign = service("360102"), service("360400")
    url = reverse("maintenance:advance-filing-create")
    start = timezone.now() + timedelta(days=5)
    backwards = web(donghu).post(url, form_data(services=[mine], start=start, hours=-2))
    assert backwards.status_code == 400 and "window_end" in backwards.context["form"].errors
    assert "窗口结束时间必须晚于开始时间" in backwards.content.decode()
    ended = web(donghu).post(url, form_data(services=[mine], start=timezone.now() - timedelta(days=2)))
    assert ended.status_code == 400 and "窗口已经结束" in ended.content.decode()
    other = web(donghu).post(url, form_data(services=[foreign]))
    assert other.status_code == 400 and "services" in other.context["form"].errors
    none = web(donghu).post(url, form_data(services=[]))
    assert none.status_code == 400 and "请至少选择一项受影响的服务" in none.content.decode()
    assert not Filing.objects.filter(kind="advance_filing").exists()
    offered = set(web(donghu).get(url).context["form"].fields["services"].queryset)
    assert mine in offered and foreign not in offered


def test_a_late_filing_is_saved_with_a_warning(donghu, web):
    svc = service("360102")
    response = web(donghu).post(reverse("maintenance:advance-filing-create"),
                                form_data(services=[svc], start=timezone.now() + timedelta(hours=20)), follow=True)
    assert response.status_code == 200
    assert "逾期报备" in response.content.decode()


def test_edit_while_returned_only(donghu, reviewer, web):
    filing = advance_filing("360102", status="returned", created_by=donghu)
    svc = filing.advance_filing.services.get()
    url = reverse("maintenance:advance-filing-edit", args=[filing.pk])
    assert web(donghu).post(url, form_data(services=[svc], title="已补充回退方案", version=filing.version)
                            ).status_code == 302
    assert Filing.objects.get(pk=filing.pk).title == "已补充回退方案"
    submitted = advance_filing("360102", status="submitted")
    response = web(donghu).post(reverse("maintenance:advance-filing-edit", args=[submitted.pk]),
                                form_data(services=[svc], title="不应保存"))
    assert response.status_code == 302
    assert Filing.objects.get(pk=submitted.pk).title != "不应保存"


def test_edit_url_of_another_kind_is_not_found(donghu, web):
    from factories import FilingFactory

    other = FilingFactory(owner_org=org("360102"))
    assert web(donghu).get(reverse("maintenance:advance-filing-edit", args=[other.pk])).status_code == 404


def test_submit_guard_needs_services(donghu):
    filing = advance_filing("360102", services=[])
    with pytest.raises(engine.GuardRefused):
        engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
    assert Filing.objects.get(pk=filing.pk).status == "draft"


# --- the kernel's filings API shows the kind ----------------------------------------------------------------

def test_kernel_filings_api_shows_the_kind(donghu, reviewer, api):
    filing = advance_filing("360102", status="submitted", title="接口中的提前报备")
    client = api(reviewer)
    rows = client.get("/api/v1/filings/", {"kind": "advance_filing"}).json()["results"]
    assert [(r["title"], r["kind_label"], r["for_the_record"]) for r in rows] == [
        ("接口中的提前报备", "重大活动及系统升级提前报备", True)]
    refused = client.post(f"/api/v1/filings/{filing.pk}/transitions/", {"action": "approve", "version": 1},
                          format="json")
    assert refused.status_code == 409
    done = client.post(f"/api/v1/filings/{filing.pk}/transitions/", {"action": "acknowledge", "version": 1},
                       format="json")
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    details = api(donghu).get(f"/api/v1/maintenance/advance-filings/{filing.pk}/").json()
    assert details["details"]["event_type"] == "system_upgrade"
    assert [s["id"] for s in details["details"]["services"]] == [filing.advance_filing.services.get().pk]


# --- the maintenance announcement ---------------------------------------------------------------------------

def test_operator_turns_a_filing_into_a_draft_announcement_once(donghu, operator, web):
    start = datetime(2026, 12, 20, 22, 0, tzinfo=SH)
    svc = service("360102", name="东湖区灵活就业人员社保登记")
    filing = advance_filing("360102", status="acknowledged", window_start=start, hours=4, services=[svc],
                            title="东湖区社保系统升级")
    url = reverse("maintenance:advance-filing-announce", args=[filing.pk])
    assert web(donghu).post(url).status_code == 403
    with time_machine.travel(datetime(2026, 12, 10, 9, tzinfo=SH), tick=False):
        response = web(operator).post(url)
    notice = Announcement.objects.get()
    assert response["Location"] == reverse("announcements:announcement-detail", args=[notice.pk])
    assert (notice.category, notice.status, notice.owner_org.kind) == ("maintenance", "draft", "operator")
    assert notice.publish_at == start - timedelta(days=1)  # suggested the day before the window
    assert notice.expire_at == start + timedelta(hours=4)
    assert "2026-12-20 22:00" in notice.body and "2026-12-21 02:00" in notice.body
    assert "东湖区灵活就业人员社保登记" in notice.body and "系统升级" in notice.body
    assert notice.title == "系统维护公告：东湖区社保系统升级"
    # Linked both ways.
    assert AdvanceFiling.objects.get(filing=filing).announcement == notice
    assert (notice.source_type, notice.source_id) == (ContentType.objects.get_for_model(Filing), filing.pk)
    page = web(operator).get(reverse("announcements:announcement-detail", args=[notice.pk]))
    assert reverse("workflow:filing-detail", args=[filing.pk]) in page.content.decode()
    # Only once.
    again = web(operator).post(url, follow=True)
    assert "该报备已有公告" in again.content.decode()
    assert Announcement.objects.count() == 1
    filing_page = web(operator).get(reverse("workflow:filing-detail", args=[filing.pk])).content.decode()
    assert 'id="advance-announcement-link"' in filing_page and 'id="advance-announce"' not in filing_page


def test_a_suggested_time_already_past_becomes_now(operator):
    filing = advance_filing("360102", status="submitted", window_start=timezone.now() + timedelta(hours=3))
    notice = advance.draft_announcement(filing.pk, operator)
    assert abs((notice.publish_at - timezone.now()).total_seconds()) < 5


@pytest.mark.parametrize("status", ["draft", "returned", "withdrawn"])
def test_only_filed_windows_are_announced(operator, web, status):
    filing = advance_filing("360102", status=status)
    response = web(operator).post(reverse("maintenance:advance-filing-announce", args=[filing.pk]), follow=True)
    assert "只有已提交或已备案的报备才能发布公告" in response.content.decode()
    assert not Announcement.objects.exists()
    assert 'id="advance-announce"' not in response.content.decode()


# --- the list, the planned windows, the selector -----------------------------------------------------------

def test_list_filters_and_late_flag(donghu, make_user, web):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    late = advance_filing("360102", status="submitted", event_type="major_event", filed_late=True,
                          window_start=timezone.now() + timedelta(days=1))
    on_time = advance_filing("360100", status="acknowledged", filed_late=False,
                             window_start=timezone.now() + timedelta(days=30))
    draft = advance_filing("360100", status="draft")
    url = reverse("maintenance:advance-filing-list")

    def pks(**params):
        return {f.pk for f in web(nanchang).get(url, params).context["object_list"]}

    assert pks() == {late.pk, on_time.pk, draft.pk}
    assert pks(late="true") == {late.pk}
    assert pks(late="false") == {on_time.pk}
    assert pks(event_type="major_event") == {late.pk}
    assert pks(status="acknowledged") == {on_time.pk}
    assert pks(org=org("360102").pk) == {late.pk}
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert pks(window_from=day, window_to=day) == {on_time.pk}
    content = web(nanchang).get(url).content.decode()
    assert 'data-filed-late="true"' in content and 'data-filed-late="false"' in content


def test_planned_windows_list_upcoming_filed_windows_by_day(donghu, web):
    soon = advance_filing("360102", status="submitted", window_start=timezone.now() + timedelta(days=2))
    later = advance_filing("360102", status="acknowledged", window_start=timezone.now() + timedelta(days=40))
    running = advance_filing("360102", status="acknowledged", window_start=timezone.now() - timedelta(hours=1))
    advance_filing("360102", status="draft")
    advance_filing("360102", status="withdrawn")
    advance_filing("360102", status="acknowledged", window_start=timezone.now() - timedelta(days=3))  # ended
    url = reverse("maintenance:maintenance-windows")
    listed = [f.pk for f in web(donghu).get(url).context["object_list"]]
    assert listed == [running.pk, soon.pk, later.pk]
    assert [f.pk for f in web(donghu).get(url, {"days": "7"}).context["object_list"]] == [running.pk, soon.pk]
    content = web(donghu).get(url).content.decode()
    assert f'data-day="{timezone.localdate(soon.advance_filing.window_start).isoformat()}"' in content


def test_late_advance_filings_selector(donghu):
    in_period = advance_filing("360102", status="submitted", filed_late=True,
                               first_submitted_at=datetime(2026, 10, 31, 23, 0, tzinfo=SH))
    advance_filing("360102", status="submitted", filed_late=False,
                   first_submitted_at=datetime(2026, 10, 15, 9, 0, tzinfo=SH))
    advance_filing("360102", status="submitted", filed_late=True,
                   first_submitted_at=datetime(2026, 11, 1, 0, 0, tzinfo=SH))
    qs = selectors.late_advance_filings(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    assert list(qs) == [in_period]
    assert qs.visible_to(donghu).count() == 1
    aware = selectors.late_advance_filings(datetime(2026, 10, 1, tzinfo=SH), datetime(2026, 11, 1, tzinfo=SH))
    assert list(aware) == [in_period]


# --- the home work list -----------------------------------------------------------------------------------

def test_home_sections(donghu, reviewer, operator, web):
    from factories_events import fault

    advance_filing("360102", status="acknowledged", title="待公告的窗口")
    fault("360102", title="处置中的故障")
    fault("360102", status="resolved", title="待复盘的故障")

    def sections(user):
        return {s["key"]: s for s in web(user).get("/").context["extra_sections"]}

    mine = sections(donghu)
    assert mine["faults-open"]["count"] == 1 and "windows-to-announce" not in mine
    assert sections(reviewer)["faults-to-review"]["items"][0]["label"] == "待复盘的故障"
    assert sections(operator)["windows-to-announce"]["count"] == 1
