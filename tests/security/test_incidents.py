"""Security incidents (第二十条/第二十二条/第二十三条): a 重大 incident records the emergency-plan activation with its
report, notifies the provincial authority at once (inbox and e-mail), and offers the operator a draft announcement;
the timeline runs through the engine and closure needs a report; late reports are flagged in SQL."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_security import incident

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.core import chapters
from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.workflow import engine
from security.incidents.models import SecurityIncident

pytestmark = pytest.mark.django_db
URL = "/api/v1/security/incidents/"


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def provincial(make_user):
    return [make_user("province_reviewer", "reviewer", "360000"),
            make_user("province_supervisor", "supervisor", "360000")]


@pytest.fixture
def operator(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


def report(occurred=None, **fields):
    occurred = occurred or timezone.now() - timedelta(minutes=30)
    data = {"owner_org": "360102", "title": "社保接口疑似数据泄露", "severity": "major",
            "occurred_at": occurred.isoformat(), "description": "接口返回他人信息", "impact": "参保人信息可能外泄",
            "plan_activated_at": (occurred + timedelta(minutes=5)).isoformat(),
            "plan_name": "东湖区政务数据安全事件应急预案"}
    data.update(fields)
    return data


def test_a_major_incident_records_the_plan_notifies_the_province_and_drafts_an_announcement(
        donghu, provincial, operator, api, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api(donghu).post(URL, report(), format="json")
    assert response.status_code == 201, response.content
    made = SecurityIncident.objects.get()
    assert callbacks, "the province is told once the report is committed"
    assert (made.plan_name, made.plan_activated_at is not None) == ("东湖区政务数据安全事件应急预案", True)
    assert made.provincial_notified_at is not None and response.json()["events"][0]["action"] == "report"
    # the inbox of the provincial reviewers and supervisors, and their e-mail
    url = reverse("security:incident-detail", args=[made.pk])
    told = set(Notification.objects.filter(url=url).values_list("recipient__username", flat=True))
    assert told == {"province_reviewer", "province_supervisor"}
    sent = {address for message in mail.outbox for address in message.to}
    assert sent == {"province_reviewer@example.gov.cn", "province_supervisor@example.gov.cn"}
    assert all("社保接口疑似数据泄露" in message.subject and "重大" in message.subject for message in mail.outbox)
    assert "东湖区政务数据安全事件应急预案" in mail.outbox[0].body
    # the draft announcement waits for the operator, linked both ways
    notice = Announcement.objects.get()
    assert (notice.status, notice.owner_org.kind, made.announcement_id) == ("draft", "operator", notice.pk)
    assert (notice.source_type, notice.source_id) == (ContentType.objects.get_for_model(SecurityIncident), made.pk)
    assert "社保接口疑似数据泄露" in notice.title
    assert Announcement.objects.visible_to(operator).filter(pk=notice.pk).exists()
    # the operator does not see the county's incident itself (in security, only its own)
    assert not SecurityIncident.objects.visible_to(operator).exists()


def test_a_general_incident_tells_nobody_and_drafts_nothing(donghu, provincial, api,
                                                           django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(donghu).post(URL, report(severity="general", plan_name="", plan_activated_at=None),
                                    format="json")
    assert response.status_code == 201, response.content
    assert (Notification.objects.count(), len(mail.outbox), Announcement.objects.count()) == (0, 0, 0)
    assert SecurityIncident.objects.get().provincial_notified_at is None


@pytest.mark.parametrize("severity", ["major", "especially_major"])
def test_a_major_report_without_the_plan_activation_is_400_in_chinese(donghu, api, severity):
    response = api(donghu).post(URL, report(severity=severity, plan_name="", plan_activated_at=None), format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"plan_activated_at", "plan_name"}
    assert "应急预案" in body["plan_name"][0]
    assert not SecurityIncident.objects.exists()


def test_times_out_of_order_and_an_owner_out_of_reach_are_400(donghu, api):
    occurred = timezone.now() - timedelta(hours=1)
    response = api(donghu).post(URL, report(occurred=occurred, reported_at=(occurred - timedelta(minutes=1))
                                            .isoformat()), format="json")
    assert response.status_code == 400 and set(response.json()) == {"reported_at"}
    response = api(donghu).post(URL, report(owner_org="360400"), format="json")
    assert response.status_code == 400 and set(response.json()) == {"owner_org"}
    assert not SecurityIncident.objects.exists()


def test_the_page_form_keeps_the_input_and_names_the_missing_plan(donghu, web):
    occurred = timezone.localtime() - timedelta(minutes=30)
    response = web(donghu).post(reverse("security:incident-create"), {
        "owner_org": org("360102").pk, "title": "页面上报的重大事件", "severity": "major",
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"), "description": "描述"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "页面上报的重大事件" in page and "应急预案" in page
    assert not SecurityIncident.objects.exists()


def test_the_timeline_through_the_engine_and_closure_needs_a_report(donghu, provincial):
    reviewer = provincial[0]
    made = incident("360102")

    def act(action, user, comment="", payload=None):
        current = SecurityIncident.objects.get(pk=made.pk)
        return engine.perform(SecurityIncident, made.pk, action, user, current.version, comment, payload=payload)

    assert act("start_handling", donghu).status == "handling"
    with pytest.raises(engine.NotAllowedFromState):
        act("close", donghu, payload={"closure_report": "太早"})
    assert act("contain", donghu).status == "contained"
    with pytest.raises(engine.InvalidPayload) as refused:
        act("close", donghu, payload={"closure_report": "   "})
    assert set(refused.value.errors) == {"closure_report"}
    assert SecurityIncident.objects.get(pk=made.pk).status == "contained"
    closed = act("close", donghu, payload={"closure_report": "已修复漏洞并复测"})
    assert (closed.status, closed.closure_report, closed.closed_at is not None) == ("closed", "已修复漏洞并复测", True)
    with pytest.raises(engine.NotPermitted):
        act("review", donghu, "自己复核")  # the provincial authority reviews
    with pytest.raises(engine.GuardRefused):
        act("review", reviewer)  # a review needs its comment
    reviewed = act("review", reviewer, "处置得当")
    assert (reviewed.status, reviewed.reviewed_by) == ("reviewed", reviewer)
    assert list(reviewed.events.values_list("action", flat=True)) == [
        "start_handling", "contain", "close", "review"]


def test_a_stale_version_is_409_and_changes_nothing(donghu, api):
    made = incident("360102")
    client = api(donghu)
    assert client.post(f"{URL}{made.pk}/transitions/", {"action": "start_handling", "version": 1, "comment": ""},
                       format="json").status_code == 200
    stale = client.post(f"{URL}{made.pk}/transitions/", {"action": "contain", "version": 1, "comment": ""},
                        format="json")
    assert stale.status_code == 409
    assert SecurityIncident.objects.get(pk=made.pk).status == "handling"


def test_closing_on_the_page_without_a_report_keeps_the_page_and_says_why(donghu, web):
    made = incident("360102", status="contained")
    response = web(donghu).post(reverse("security:incident-close", args=[made.pk]),
                                {"version": made.version, "closure_report": ""})
    assert response.status_code == 400
    assert "关闭需要提交报告" in response.content.decode()
    done = web(donghu).post(reverse("security:incident-close", args=[made.pk]),
                            {"version": made.version, "closure_report": "处置完毕"})
    assert done.status_code == 302
    assert SecurityIncident.objects.get(pk=made.pk).status == "closed"


# --- supervision ------------------------------------------------------------------------------------------------

def test_late_reports_are_flagged_in_sql_against_the_stored_limit():
    in_time = incident("360102", minutes_to_report=60)  # exactly the limit (60 minutes by default)
    late = incident("360102", minutes_to_report=61)
    assert in_time.report_limit_minutes == 60
    rule = next(r for r in chapters.supervision_rules() if r.code == "security.incident_reported_late")
    rows = {row["pk"]: row for row in rule.query(timezone.now()).values("pk", "owner_org_id", "breach_started_at")}
    assert set(rows) == {late.pk}
    assert rows[late.pk]["breach_started_at"] == late.occurred_at + timedelta(minutes=60)
    assert rows[late.pk]["owner_org_id"] == org("360102").pk
    indicator = next(i for i in chapters.evaluation_indicators() if i.code == "security.incidents_reported_in_time")
    today = timezone.localdate()
    assert indicator.measure([org("360102").pk, org("360400").pk], today - timedelta(days=1), today) == {
        org("360102").pk: 0.5}
