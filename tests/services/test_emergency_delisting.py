"""第十一条 emergency delisting: oral report → the service is delisted at once → the written filing falls due N
working days later (policy parameter EMERGENCY_WRITTEN_FILING_WORKING_DAYS, default 1) → overdue after that.

The clock is frozen with time_machine for the deadlines. Overdue in queries is computed against the database clock
(Now()), which time_machine does not move: reports made on the 2026-09 dates below are past their deadline for the
real clock (the kernel's own emergency tests rely on the same), and one made "now" is not.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factories import policy_version
from factories_filings import service

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow.models import Filing, OralReport
from services.models import Service

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def publisher(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


def report_form(svc, when, **extra):
    return {"reported_by": "刘东湖（东湖区政务服务管理办公室）", "reported_to": "王审核（省政务服务管理办公室值班室）",
            "reported_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            "reason": "系统遭受攻击，存在数据泄露风险，需立即下架。", "version": svc.version, **extra}


def report(web, user, svc, when, **extra):
    """The oral report recorded through the page, with the clock at `when`."""
    with time_machine.travel(when, tick=False):
        response = web(user).post(f"/services/{svc.pk}/emergency/", report_form(svc, when, **extra))
    return response


def test_oral_report_on_friday_delists_at_once_and_is_due_monday(web, donghu):
    svc = service("360102", status="listed", name="东湖区公租房申请")
    response = report(web, donghu, svc, datetime(2026, 9, 25, 16, 30, tzinfo=SH))  # Friday (中秋节)
    assert response.status_code == 302, response.content.decode()[:2000]

    svc.refresh_from_db()
    assert svc.status == "delisted"
    assert svc.delisted_at == datetime(2026, 9, 25, 16, 30, tzinfo=SH)
    filing = Filing.objects.get(kind="emergency_delisting")
    assert response["Location"] == f"/filings/{filing.pk}/"
    assert (filing.status, filing.owner_org.code, filing.created_by) == ("oral_reported", "360102", donghu)
    assert filing.due_at == datetime(2026, 9, 28, 23, 59, 59, tzinfo=SH)  # next working day: Monday
    assert filing.due_estimated is False
    oral = OralReport.objects.get(filing=filing)
    assert oral.reported_by == "刘东湖（东湖区政务服务管理办公室）"
    assert oral.reported_to == "王审核（省政务服务管理办公室值班室）"
    assert oral.reported_at == datetime(2026, 9, 25, 16, 30, tzinfo=SH)
    assert oral.reason == "系统遭受攻击，存在数据泄露风险，需立即下架。"
    details = filing.service_change
    assert (details.service, details.change, details.carried_out_at) == (svc, "emergency_delisting", svc.delisted_at)
    notice = Announcement.objects.get(source_type=ContentType.objects.get_for_model(Filing), source_id=filing.pk)
    assert notice.status == "draft" and "东湖区公租房申请" in notice.title
    assert list(filing.events.values_list("action", "to_status")) == [("oral_report", "oral_reported")]

    # The clock around the deadline (the property follows the application clock).
    with time_machine.travel(datetime(2026, 9, 28, 23, 0, tzinfo=SH), tick=False):
        assert Filing.objects.get(pk=filing.pk).overdue is False
    with time_machine.travel(datetime(2026, 9, 29, 0, 0, 1, tzinfo=SH), tick=False):
        assert Filing.objects.get(pk=filing.pk).overdue is True


def test_oral_report_before_national_day_is_due_after_the_holiday(web, donghu):
    svc = service("360102", status="listed")
    assert report(web, donghu, svc, datetime(2026, 9, 30, 11, 0, tzinfo=SH)).status_code == 302
    filing = Filing.objects.get(kind="emergency_delisting")
    assert filing.due_at == datetime(2026, 10, 8, 23, 59, 59, tzinfo=SH)
    with time_machine.travel(datetime(2026, 10, 8, 18, 0, tzinfo=SH), tick=False):
        assert Filing.objects.get(pk=filing.pk).overdue is False
    with time_machine.travel(datetime(2026, 10, 9, 9, 0, tzinfo=SH), tick=False):
        assert Filing.objects.get(pk=filing.pk).overdue is True


def test_the_number_of_working_days_is_configurable(web, donghu):
    policy_version("EMERGENCY_WRITTEN_FILING_WORKING_DAYS", 3)
    svc = service("360102", status="listed")
    assert report(web, donghu, svc, datetime(2026, 9, 25, 16, 30, tzinfo=SH)).status_code == 302
    assert Filing.objects.get(kind="emergency_delisting").due_at == datetime(2026, 9, 30, 23, 59, 59, tzinfo=SH)


def test_overdue_in_the_query_the_api_and_the_home_work_list(web, api, donghu):
    late_service = service("360102", status="listed", name="逾期未书面报备的服务")
    fresh_service = service("360102", status="listed", name="今天口头报告的服务")
    report(web, donghu, late_service, datetime(2026, 9, 25, 16, 30, tzinfo=SH))
    report(web, donghu, fresh_service, timezone.now())
    late = Filing.objects.get(service_change__service=late_service)
    fresh = Filing.objects.get(service_change__service=fresh_service)
    assert late.due_at < timezone.now() < fresh.due_at

    assert list(Filing.objects.overdue()) == [late]

    rows = {row["id"]: row["is_overdue"] for row in api(donghu).get("/api/v1/filings/").json()["results"]}
    assert rows == {late.pk: True, fresh.pk: False}
    overdue_rows = api(donghu).get("/api/v1/filings/", {"overdue": "true", "kind": "emergency_delisting"}).json()
    assert [row["id"] for row in overdue_rows["results"]] == [late.pk]

    home = web(donghu).get("/")
    section = next(s for s in home.context["extra_sections"] if s["key"] == "emergency-written-due")
    assert section["count"] == 2
    assert [(item["url"], item["overdue"]) for item in section["items"]] == [
        (f"/filings/{late.pk}/", True), (f"/filings/{fresh.pk}/", False)]
    html = home.content.decode()
    card = html[html.index('data-section="emergency-written-due"'):]
    card = card[:card.index('data-section=', 20)] if 'data-section=' in card[20:] else card
    assert late.reference in card and fresh.reference in card
    assert card.count('data-overdue="true"') == 1


def test_written_filing_edited_by_the_owner_and_submitted(web, donghu, english):
    svc = service("360102", status="listed")
    report(web, donghu, svc, datetime(2026, 9, 25, 16, 30, tzinfo=SH))
    filing = Filing.objects.get(kind="emergency_delisting")
    client = web(donghu)

    detail = client.get(f"/filings/{filing.pk}/").content.decode()
    assert 'id="oral-report"' in detail  # the written filing links to its oral report
    assert 'href="#oral-report"' in detail
    assert f'href="/services/change-filings/{filing.pk}/edit/"' in detail

    page = client.get(f"/services/change-filings/{filing.pk}/edit/")
    assert page.status_code == 200
    assert "系统遭受攻击" in page.content.decode()  # the oral report is shown beside the form
    response = client.post(f"/services/change-filings/{filing.pk}/edit/", {
        "title": "东湖区公租房申请紧急下架书面报备",
        "description": "9月25日16时发现攻击，已紧急下架并修复漏洞，计划10月12日重新上架。",
        "planned_on": "2026-12-12", "version": filing.version,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    filing.refresh_from_db()
    assert filing.title == "东湖区公租房申请紧急下架书面报备"
    assert filing.service_change.description.startswith("9月25日16时发现攻击")
    assert filing.service_change.service == svc  # the service cannot be changed
    assert filing.status == "oral_reported"

    response = client.post(f"/filings/{filing.pk}/transition/",
                           {"action": "submit_written", "version": filing.version, "comment": ""})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.overdue is False
    assert not Filing.objects.overdue().exists()
    assert list(filing.events.values_list("action", flat=True)) == ["oral_report", "submit_written"]
    # Submitted: no longer editable.
    response = client.get(f"/services/change-filings/{filing.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/filings/{filing.pk}/"


def test_the_operator_reports_and_the_owner_writes_the_filing(web, donghu, publisher):
    svc = service("360102", status="listed")
    assert report(web, publisher, svc, timezone.now()).status_code == 302
    filing = Filing.objects.get(kind="emergency_delisting")
    assert (filing.owner_org.code, filing.created_by) == ("360102", publisher)
    assert Service.objects.get(pk=svc.pk).status == "delisted"
    # The publisher sees the filing but the written filing is the owner's to write.
    assert web(publisher).get(f"/filings/{filing.pk}/").status_code == 200
    assert web(publisher).get(f"/services/change-filings/{filing.pk}/edit/").status_code == 403
    assert web(donghu).get(f"/services/change-filings/{filing.pk}/edit/").status_code == 200


def test_a_service_that_is_not_listed_cannot_be_delisted_in_an_emergency(web, donghu, english):
    svc = service("360102", status="planned")
    page = web(donghu).get(f"/services/{svc.pk}/emergency/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'id="emergency-not-listed"' in page.content.decode()
    assert 'id="emergency-save"' not in page.content.decode()
    response = web(donghu, "en").post(f"/services/{svc.pk}/emergency/", report_form(svc, timezone.now()))
    assert response.status_code == 400
    assert "Only a listed service can be delisted in an emergency" in response.content.decode()
    assert not Filing.objects.exists() and Service.objects.get(pk=svc.pk).status == "planned"


def test_stale_version_is_a_clear_conflict_and_changes_nothing(web, donghu):
    svc = service("360102", status="listed")
    response = web(donghu, "en").post(f"/services/{svc.pk}/emergency/",
                                      report_form(svc, timezone.now(), version=svc.version + 5))
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()
    assert not Filing.objects.exists() and not Announcement.objects.exists()
    assert Service.objects.get(pk=svc.pk).status == "listed"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reported_at", "2099-01-01T10:00", "The oral report cannot be in the future."),
    ("reported_at", "2020-01-01T10:00", "more than 30 days old"),
    ("reported_by", "", "This field is required."),
    ("reported_to", "", "This field is required."),
    ("reason", "紧急", "Give the reason in a sentence or two."),
])
def test_the_oral_report_is_validated(web, donghu, field, value, message):
    svc = service("360102", status="listed")
    response = web(donghu, "en").post(f"/services/{svc.pk}/emergency/",
                                      report_form(svc, timezone.now(), **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Service.objects.get(pk=svc.pk).status == "listed" and not Filing.objects.exists()
