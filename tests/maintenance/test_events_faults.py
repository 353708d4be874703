"""Fault reports (第十六条 "出现重大故障…第一时间报告，并在平台进行公告"): timestamps, the major-fault escalation,
the state machine with its review requirement, the optimistic lock, the report delay, notes and the selector."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_events import fault, service

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.core.scoping import EditConflict
from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.workflow import engine
from maintenance.events import faults, selectors
from maintenance.events.models import FaultReport, FaultUpdate

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def minute(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def payload(owner_code="360102", svc=None, severity="ordinary", occurred=None, detected=None, reported=None,
            **extra):
    now = timezone.now()
    occurred = occurred or now - timedelta(hours=2)
    data = {"owner_org": org(owner_code).pk, "title": "社保登记无法提交", "severity": severity,
            "occurred_at": minute(occurred), "detected_at": minute(detected or occurred + timedelta(minutes=10)),
            "reported_at": minute(reported or now), "impact": "提交时提示系统繁忙", "affected_users": "300",
            "cause": ""}
    if svc is not None:
        data["services"] = [svc.pk]
    data.update(extra)
    return data


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def provincial(make_user):
    return {name: make_user(name, role, code) for name, (role, code) in {
        "province_reviewer": ("reviewer", "360000"), "province_supervisor": ("supervisor", "360000"),
        "province_auditor": ("auditor", "360000"), "province_sys_admin": ("sys_admin", "360000"),
        "nanchang_submitter": ("submitter", "360100"), "city_reviewer": ("reviewer", "360100"),
    }.items()}


@pytest.fixture
def operator(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


# --- timestamps -------------------------------------------------------------------------------------------

BAD_TIMES = {
    "detected before occurred": (dict(detected=timezone.now() - timedelta(hours=3)), "detected_at",
                                 "发现时间不能早于发生时间"),
    "reported before detected": (dict(reported=timezone.now() - timedelta(hours=1, minutes=55)), "reported_at",
                                 "报告时间不能早于发现时间"),
    "occurred in the future": (dict(occurred=timezone.now() + timedelta(hours=1)), "occurred_at", "时间晚于当前时间"),
    "reported in the future": (dict(reported=timezone.now() + timedelta(hours=1)), "reported_at", "时间晚于当前时间"),
}


@pytest.mark.parametrize("case", list(BAD_TIMES))
def test_page_refuses_times_out_of_order_or_in_the_future(donghu, web, case):
    times, field, message = BAD_TIMES[case]
    response = web(donghu).post(reverse("maintenance:fault-create"), payload(svc=service(), **times))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not FaultReport.objects.exists()
    assert 'value="社保登记无法提交"' in response.content.decode()  # the input is kept


@pytest.mark.parametrize("case", list(BAD_TIMES))
def test_api_refuses_times_out_of_order_or_in_the_future(donghu, api, case):
    times, field, _ = BAD_TIMES[case]
    now = timezone.now()
    occurred = times.get("occurred", now - timedelta(hours=2))
    body = {"owner_org": "360102", "title": "接口", "severity": "ordinary", "impact": "无法办理",
            "occurred_at": occurred.isoformat(),
            "detected_at": times.get("detected", occurred + timedelta(minutes=10)).isoformat(),
            "reported_at": times.get("reported", now).isoformat()}
    response = api(donghu).post("/api/v1/maintenance/fault-reports/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not FaultReport.objects.exists()


def test_equal_times_and_a_default_report_time_are_fine(donghu, api):
    occurred = timezone.now() - timedelta(minutes=20)
    response = api(donghu).post("/api/v1/maintenance/fault-reports/", {
        "owner_org": "360102", "title": "接口", "severity": "ordinary", "impact": "无法办理",
        "occurred_at": occurred.isoformat(), "detected_at": occurred.isoformat()}, format="json")
    assert response.status_code == 201, response.content
    made = FaultReport.objects.get()
    assert abs((made.reported_at - timezone.now()).total_seconds()) < 5  # "defaults to now when recorded"
    assert response.json()["reported_within_limit"] is True
    assert made.events.get().action == "report"


# --- a major fault ----------------------------------------------------------------------------------------

def test_a_major_fault_notifies_the_provincial_authority_and_drafts_an_announcement(
        donghu, provincial, operator, web, django_capture_on_commit_callbacks):
    svc = service("360102", name="东湖区灵活就业人员社保登记")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = web(donghu).post(reverse("maintenance:fault-create"), payload(svc=svc, severity="major"))
    assert response.status_code == 302
    made = FaultReport.objects.get()
    assert callbacks, "the notification waits for the commit"
    told = set(Notification.objects.filter(url=reverse("maintenance:fault-detail", args=[made.pk]))
               .values_list("recipient__username", flat=True))
    assert told == {"province_reviewer", "province_supervisor"}
    notice = Announcement.objects.get()
    assert (notice.category, notice.status, notice.owner_org.kind) == ("fault", "draft", "operator")
    assert made.announcement == notice  # linked both ways
    assert (notice.source_type, notice.source_id) == (ContentType.objects.get_for_model(FaultReport), made.pk)
    assert "东湖区灵活就业人员社保登记" in notice.body and "提交时提示系统繁忙" in notice.body
    assert notice.title == "故障公告：社保登记无法提交"
    # The operator finds the draft from the fault page.
    page = web(operator).get(reverse("maintenance:fault-detail", args=[made.pk]))
    assert reverse("announcements:announcement-detail", args=[notice.pk]) in page.content.decode()


def test_nothing_is_sent_when_the_report_is_rolled_back(donghu, provincial, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            faults.report_fault(user=donghu, owner_org=org("360102"), title="回滚", severity="major",
                                occurred_at=timezone.now(), detected_at=timezone.now(), impact="无")
            raise RuntimeError
    assert not Notification.objects.exists() and not Announcement.objects.exists()


def test_an_ordinary_fault_is_neither_escalated_nor_announced(donghu, provincial, web,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        web(donghu).post(reverse("maintenance:fault-create"), payload(svc=service()))
    assert FaultReport.objects.get().announcement is None
    assert not Notification.objects.exists() and not Announcement.objects.exists()


def test_raised_to_major_later_escalates_once(donghu, provincial, web, django_capture_on_commit_callbacks):
    svc = service()
    made = fault("360102", services=[svc], created_by=donghu)
    url = reverse("maintenance:fault-edit", args=[made.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = web(donghu).post(url, payload(svc=svc, severity="major", version=made.version,
                                             occurred=made.occurred_at, detected=made.detected_at,
                                             reported=made.reported_at))
        made.refresh_from_db()
        second = web(donghu).post(url, payload(svc=svc, severity="major", version=made.version, title="改名",
                                              occurred=made.occurred_at, detected=made.detected_at,
                                              reported=made.reported_at))
    assert (first.status_code, second.status_code) == (302, 302)
    assert Announcement.objects.count() == 1
    assert Notification.objects.filter(recipient__username="province_reviewer").count() == 1


def test_operator_announces_an_ordinary_fault_once(donghu, operator, web):
    made = fault("360102", created_by=donghu)
    url = reverse("maintenance:fault-announce", args=[made.pk])
    assert web(donghu).post(url).status_code == 403
    assert web(operator).post(url).status_code == 302
    again = web(operator).post(url, follow=True)
    assert "已有公告" in again.content.decode()
    assert Announcement.objects.filter(category="fault").count() == 1


# --- the preselected service (availability monitoring links here) --------------------------------------------

def test_create_page_preselects_a_visible_service(donghu, web):
    mine, foreign = service("360102"), service("360400")
    url = reverse("maintenance:fault-create")
    response = web(donghu).get(url, {"service": mine.pk})
    form = response.context["form"]
    assert form["services"].value() == [mine.pk]
    assert form["owner_org"].value() == org("360102").pk
    assert f'value="{mine.pk}" class="gft-service-check" id="id_services_0" checked' in response.content.decode()
    assert web(donghu).get(url, {"service": foreign.pk}).context["form"]["services"].value() == []
    assert web(donghu).get(url, {"service": "x"}).status_code == 200


def test_operator_reporting_from_a_service_owns_it_to_the_service_owner(operator, web):
    svc = service("360400")
    url = reverse("maintenance:fault-create")
    assert web(operator).get(url, {"service": svc.pk}).context["form"]["owner_org"].value() == org("360400").pk
    assert web(operator).get(url).context["form"]["owner_org"].value() == org("OP3601").pk


# --- the state machine -------------------------------------------------------------------------------------

def test_the_life_of_a_fault(donghu, provincial, web):
    reviewer = provincial["province_reviewer"]
    made = fault("360102", created_by=donghu)
    made = engine.perform(FaultReport, made.pk, "mitigate", donghu, made.version, "已切换备用线路")
    assert made.status == "mitigated" and made.mitigated_at is not None
    made = engine.perform(FaultReport, made.pk, "resolve", donghu, made.version)
    assert made.status == "resolved" and made.resolved_at is not None
    # Reopened (it came back), then resolved again.
    with pytest.raises(engine.GuardRefused):
        engine.perform(FaultReport, made.pk, "reopen", donghu, made.version)
    made = engine.perform(FaultReport, made.pk, "reopen", donghu, made.version, "故障复现")
    assert made.status == "investigating" and made.resolved_at is None
    made = engine.perform(FaultReport, made.pk, "resolve", donghu, made.version)
    # The owner cannot close it; the reviewer cannot without the review.
    with pytest.raises(engine.NotPermitted):
        engine.perform(FaultReport, made.pk, "review", donghu, made.version)
    with pytest.raises(engine.GuardRefused) as refused:
        engine.perform(FaultReport, made.pk, "review", reviewer, made.version)
    assert "原因" in str(refused.value) and "经验教训" in str(refused.value)
    made = engine.perform(FaultReport, made.pk, "review", reviewer, made.version,
                          payload={"cause": "证书过期", "lessons": "缺少到期提醒", "measures": "增加证书到期监控"})
    assert (made.status, made.reviewed_by, made.lessons) == ("reviewed", reviewer, "缺少到期提醒")
    assert [e.action for e in made.events.all()] == ["report", "mitigate", "resolve", "reopen", "resolve", "review"]
    # Closed: no edit, no note, no transition.
    assert FaultReport.workflow.allowed(made, donghu) == []
    response = web(donghu).get(reverse("maintenance:fault-edit", args=[made.pk]))
    assert response.status_code == 302
    with pytest.raises(EditConflict):
        faults.update_fault(made, user=donghu, version=made.version, title="改")


def test_review_page_needs_every_part_and_half_writes_nothing(provincial, web):
    reviewer = provincial["province_reviewer"]
    made = fault("360102", status="resolved")
    url = reverse("maintenance:fault-review", args=[made.pk])
    response = web(reviewer).post(url, {"cause": "证书过期", "lessons": "", "measures": "监控",
                                        "version": made.version})
    assert response.status_code == 400
    assert "lessons" in response.context["review_form"].errors
    made.refresh_from_db()
    assert (made.status, made.cause) == ("resolved", "")
    # A review of a fault that is not resolved is refused whole (the cause is not written either).
    open_fault = fault("360102")
    web(reviewer).post(reverse("maintenance:fault-review", args=[open_fault.pk]),
                       {"cause": "原因", "lessons": "教训", "measures": "措施", "version": open_fault.version})
    open_fault.refresh_from_db()
    assert (open_fault.status, open_fault.cause) == ("investigating", "")


def test_api_conflicts_on_a_stale_version(donghu, provincial, api):
    made = fault("360102")
    client = api(donghu)
    base = f"/api/v1/maintenance/fault-reports/{made.pk}"
    ok = client.post(f"{base}/transitions/", {"action": "mitigate", "version": made.version}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "mitigated"
    stale = client.post(f"{base}/transitions/", {"action": "resolve", "version": made.version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "StaleVersion"
    # Resolved with the right version; a review with a stale version is refused whole.
    version = ok.json()["version"]
    assert client.post(f"{base}/transitions/", {"action": "resolve", "version": version},
                       format="json").status_code == 200
    reviewer = api(provincial["province_reviewer"])
    review = {"cause": "原因", "lessons": "教训", "measures": "措施", "version": version}
    conflict = reviewer.post(f"{base}/review/", review, format="json")
    assert conflict.status_code == 409
    made.refresh_from_db()
    assert (made.status, made.lessons) == ("resolved", "")
    assert reviewer.post(f"{base}/review/", {**review, "version": version + 1}, format="json").status_code == 200
    # Not a state the action starts from: also a conflict.
    assert client.post(f"{base}/transitions/", {"action": "mitigate", "version": version + 2},
                       format="json").status_code == 409


def test_edit_page_refuses_a_stale_version_with_a_clear_message(donghu, web):
    svc = service()
    made = fault("360102", services=[svc])
    stale = made.version
    engine.perform(FaultReport, made.pk, "mitigate", donghu, made.version)
    response = web(donghu).post(reverse("maintenance:fault-edit", args=[made.pk]), payload(
        svc=svc, title="改名", version=stale, occurred=made.occurred_at, detected=made.detected_at,
        reported=made.reported_at))
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    made.refresh_from_db()
    assert made.title != "改名"


# --- notes and the timeline --------------------------------------------------------------------------------

def test_notes_join_the_timeline_while_the_fault_is_handled(donghu, web):
    made = fault("360102", created_by=donghu, occurred_ago=timedelta(hours=5))
    url = reverse("maintenance:fault-update-add", args=[made.pk])
    at = timezone.now() - timedelta(hours=4)
    assert web(donghu).post(url, {"at": minute(at), "note": "定位为数据库连接池耗尽"}).status_code == 302
    early = web(donghu).post(url, {"at": minute(made.occurred_at - timedelta(hours=1)), "note": "过早"})
    assert early.status_code == 400
    engine.perform(FaultReport, made.pk, "mitigate", donghu, made.version)
    page = web(donghu).get(reverse("maintenance:fault-detail", args=[made.pk]))
    kinds = [entry["kind"] for entry in page.context["timeline"]]
    assert kinds == ["milestone", "milestone", "event", "update", "event"]  # the report, 30 minutes in
    assert "定位为数据库连接池耗尽" in page.content.decode()
    made.refresh_from_db()
    engine.perform(FaultReport, made.pk, "resolve", donghu, made.version)
    with pytest.raises(engine.NotAllowedFromState):
        faults.add_update(FaultReport.objects.get(pk=made.pk), user=donghu, at=timezone.now(), note="晚了")
    assert FaultUpdate.objects.count() == 1


# --- report delay ----------------------------------------------------------------------------------------

def test_report_delay_is_computed_in_sql_and_shown_in_hours_and_minutes(donghu, web):
    in_time = fault("360102", title="及时", report_after=timedelta(minutes=60))
    late = fault("360102", title="迟报", report_after=timedelta(hours=3, minutes=25, seconds=40))
    rows = {f.title: f for f in FaultReport.objects.with_report_delay()}
    assert rows["迟报"].report_delay == timedelta(hours=3, minutes=25, seconds=40)
    assert (rows["及时"].reported_in_time, rows["迟报"].reported_in_time) == (True, False)
    assert rows["迟报"].report_delay_display == "3 小时 25 分"
    listed = web(donghu).get(reverse("maintenance:fault-list"), {"late": "true"})
    assert [f.pk for f in listed.context["object_list"]] == [late.pk]
    assert "3 小时 25 分" in listed.content.decode()
    on_time = web(donghu).get(reverse("maintenance:fault-list"), {"late": "false"})
    assert [f.pk for f in on_time.context["object_list"]] == [in_time.pk]
    by_delay = web(donghu).get(reverse("maintenance:fault-list"), {"sort": "-delay"})
    assert [f.pk for f in by_delay.context["object_list"]] == [late.pk, in_time.pk]


# Local noon: the records are made hours before "now", and past midnight they fall on the day before.
@time_machine.travel(datetime(2026, 6, 16, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_list_filters(donghu, make_user, web):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    county = fault("360102", severity="major", status="mitigated")
    city = fault("360100", status="reviewed")
    url = reverse("maintenance:fault-list")

    def pks(**params):
        return {f.pk for f in web(nanchang).get(url, params).context["object_list"]}

    assert pks() == {county.pk, city.pk}
    assert pks(severity="major") == {county.pk}
    assert pks(status="reviewed") == {city.pk}
    assert pks(open="true") == {county.pk}
    assert pks(org=org("360102").pk) == {county.pk}
    today = timezone.localdate()
    assert pks(occurred_from=today.isoformat(), occurred_to=today.isoformat()) == {county.pk, city.pk}
    assert pks(occurred_to=(today - timedelta(days=2)).isoformat()) == set()


# --- the selector for supervision ---------------------------------------------------------------------------

def test_faults_with_report_delay_in_a_period(donghu):
    october = fault("360102", title="十月", occurred_ago=timezone.now() - datetime(2026, 10, 15, 9, tzinfo=SH),
                    severity="major", report_after=timedelta(hours=2))
    fault("360102", title="九月", occurred_ago=timezone.now() - datetime(2026, 9, 30, 23, 30, tzinfo=SH))
    qs = selectors.faults_with_report_delay(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    assert [f.title for f in qs] == ["十月"]
    assert qs.get().report_delay == timedelta(hours=2)
    assert list(selectors.major_faults_reported_late(datetime(2026, 10, 1).date(),
                                                     datetime(2026, 10, 31).date())) == [october]
    # Callers keep scoping.
    assert selectors.faults_with_report_delay(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date()) \
        .visible_to(donghu).count() == 1
