"""The written filing of an emergency delisting (第十一条) submitted after its due date (issue 15, point 4): the
submit_written timeline row keeps the deadline and the working days late, and the evaluation's on-time rate counts
it as late although the filing's due_at is the review deadline once the written filing is in."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from factories import org
from factories_filings import service

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, FilingEvent
from services.indicators import emergency_written_on_time

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def report(web, user, svc, when):
    with time_machine.travel(when, tick=False):
        response = web(user).post(f"/services/{svc.pk}/emergency/", {
            "reported_by": "刘东湖", "reported_to": "省政务服务管理办公室值班室",
            "reported_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            "reason": "系统遭受攻击，需立即下架。", "version": svc.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Filing.objects.filter(kind="emergency_delisting").order_by("-pk").first()


def submit_written_at(filing, user, when):
    filing.refresh_from_db()
    with time_machine.travel(when, tick=False):
        return engine.perform(Filing, filing.pk, "submit_written", user, filing.version)


def test_a_late_written_filing_counts_as_late(web, make_user):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    late = report(web, donghu, service("360102", status="listed"), datetime(2026, 9, 25, 16, 30, tzinfo=SH))
    on_time = report(web, donghu, service("360102", status="listed"), datetime(2026, 9, 25, 16, 40, tzinfo=SH))
    assert late.due_at == datetime(2026, 9, 28, 23, 59, 59, tzinfo=SH)  # the next working day
    submit_written_at(late, donghu, datetime(2026, 9, 30, 9, 0, tzinfo=SH))  # 09-29, 09-30: two working days
    submit_written_at(on_time, donghu, datetime(2026, 9, 28, 9, 0, tzinfo=SH))

    facts = dict(FilingEvent.objects.filter(action="submit_written").values_list("filing_id", "late_working_days"))
    assert facts == {late.pk: 2, on_time.pk: 0}
    late.refresh_from_db()
    assert late.submitted_at <= late.due_at  # what the old rate compared: "on time"
    page = web(donghu).get(f"/filings/{late.pk}/").content.decode()
    assert "逾期书面报备 2 个工作日" in page
    assert emergency_written_on_time([org("360102").pk], date(2026, 9, 1), date(2026, 9, 30)) == {
        org("360102").pk: 0.5}
