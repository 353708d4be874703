"""Lateness stays visible (issue 15, point 4): an action taken after the deadline it meets keeps the fact on its
timeline row (workflow.deadlines), whatever the light says afterwards; the detail page and the timeline say it.

The National Day holiday of 2026 (10-01 to 10-07, make-up working day Saturday 10-10) is in the seeded calendar.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories import FilingFactory, RectificationFactory, org

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.deadlines import late_working_days
from ganfutong_admin.workflow.models import Filing, FilingEvent, Rectification, RectificationEvent
from supervision.indicators import rectifications_on_time

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def end_of(y, m, d):
    return datetime(y, m, d, 23, 59, 59, tzinfo=SH)


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def act_at(moment, model, record, action, user, comment=""):
    record.refresh_from_db()
    with time_machine.travel(moment, tick=False):
        return engine.perform(model, record.pk, action, user, record.version, comment)


# --- the working days late ---------------------------------------------------------------------------------

def test_working_days_late_across_a_weekend_and_a_holiday(db):
    friday = end_of(2026, 9, 25)
    assert late_working_days(friday, at(2026, 9, 25, 18, 0)) == 0  # on time, the same day
    assert late_working_days(friday, friday) == 0
    assert late_working_days(friday, at(2026, 9, 26, 10, 0)) == 1  # Saturday: late, never "late by 0"
    assert late_working_days(friday, at(2026, 9, 27, 10, 0)) == 1  # Sunday
    assert late_working_days(friday, at(2026, 9, 28, 9, 0)) == 1  # Monday
    assert late_working_days(friday, at(2026, 9, 30, 9, 0)) == 3
    # Across National Day: 09-30 due, 10-08 is the next working day, 10-10 (Saturday) a make-up working day.
    due = end_of(2026, 9, 30)
    assert late_working_days(due, at(2026, 10, 5, 9, 0)) == 1
    assert late_working_days(due, at(2026, 10, 8, 9, 0)) == 1
    assert late_working_days(due, at(2026, 10, 10, 9, 0)) == 3
    assert late_working_days(due, at(2026, 10, 12, 9, 0)) == 4
    assert late_working_days(None, at(2026, 10, 12, 9, 0)) is None


# --- filings -----------------------------------------------------------------------------------------------

def test_a_late_review_is_kept_on_the_filing_after_the_light_is_gone(donghu, reviewer, web):
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu)
    filing = act_at(at(2026, 9, 21, 10, 0), Filing, filing, "submit", donghu)
    assert filing.due_at == end_of(2026, 10, 12)
    filing = act_at(at(2026, 10, 14, 9, 30), Filing, filing, "return", reviewer, comment="请补充")
    assert filing.overdue is False  # returned: no light any more
    event = FilingEvent.objects.get(filing=filing, action="return")
    assert (event.deadline_at, event.late_working_days) == (end_of(2026, 10, 12), 2)
    submit = FilingEvent.objects.get(filing=filing, action="submit")
    assert submit.late_working_days is None  # the first submission meets no deadline

    # Resubmitted and approved on time: that decision is on time, the earlier late review stays.
    filing = act_at(at(2026, 10, 15, 9, 0), Filing, filing, "resubmit", donghu)
    filing = act_at(at(2026, 10, 16, 9, 0), Filing, filing, "approve", reviewer, comment="同意")
    approve = FilingEvent.objects.get(filing=filing, action="approve")
    assert approve.late_working_days == 0 and approve.deadline_at == filing.due_at

    html = web(reviewer).get(f"/filings/{filing.pk}/").content.decode()
    assert 'data-lateness="return" data-late-days="2"' in html
    assert "逾期审核 2 个工作日" in html
    assert 'data-event-late="2"' in html  # the timeline row of the late return says it too
    assert html.count("data-event-late=") == 1


def test_an_emergency_written_filing_submitted_late(donghu, web):
    with time_machine.travel(at(2026, 9, 25, 16, 30), tick=False):
        filing = Filing.start_with_oral_report(
            kind="new_app_exception", owner_org=donghu.org_unit, title="系统紧急变更", user=donghu,
            reported_by="张三", reported_to="值班室", reported_at=at(2026, 9, 25, 16, 30), reason="突发故障")
    assert filing.due_at == end_of(2026, 9, 28)
    filing = act_at(at(2026, 9, 30, 10, 0), Filing, filing, "submit_written", donghu)
    event = FilingEvent.objects.get(filing=filing, action="submit_written")
    assert (event.deadline_at, event.late_working_days) == (end_of(2026, 9, 28), 2)
    assert filing.due_at > event.deadline_at  # the review clock replaced the due time: the fact did not move
    html = web(donghu).get(f"/filings/{filing.pk}/").content.decode()
    assert "逾期书面报备 2 个工作日" in html


# --- rectifications ----------------------------------------------------------------------------------------

def test_a_late_rectification_and_an_on_time_one(donghu, reviewer, web):
    late = RectificationFactory(owner_org=org("360102"), answered=True, due_at=end_of(2026, 9, 25))
    on_time = RectificationFactory(owner_org=org("360102"), answered=True, due_at=end_of(2026, 9, 25))
    act_at(at(2026, 9, 29, 10, 0), Rectification, late, "submit", donghu)
    act_at(at(2026, 9, 30, 10, 0), Rectification, late, "accept", reviewer)
    act_at(at(2026, 9, 24, 10, 0), Rectification, on_time, "submit", donghu)
    act_at(at(2026, 9, 25, 10, 0), Rectification, on_time, "accept", reviewer)

    late_events = dict(RectificationEvent.objects.filter(rectification=late, late_working_days__isnull=False)
                       .values_list("action", "late_working_days"))
    assert late_events == {"submit": 2, "accept": 3}
    assert set(RectificationEvent.objects.filter(rectification=on_time, late_working_days__isnull=False)
               .values_list("late_working_days", flat=True)) == {0}
    late.refresh_from_db()
    assert late.overdue is False  # closed: the light is gone ...

    html = web(reviewer).get(f"/rectifications/{late.pk}/").content.decode()
    assert "逾期提交整改 2 个工作日" in html and "逾期办结 3 个工作日" in html  # ... the fact is not
    assert "data-lateness" not in web(reviewer).get(f"/rectifications/{on_time.pk}/").content.decode()

    # Supervision's on-time closure counts the late one as late, long after its light turned green.
    rates = rectifications_on_time([org("360102").pk], date(2026, 9, 1), date(2026, 9, 30))
    assert rates == {org("360102").pk: 0.5}


def test_an_action_that_meets_no_deadline_records_none(reviewer):
    rect = RectificationFactory(owner_org=org("360102"), due_at=end_of(2026, 9, 25))
    act_at(at(2026, 9, 29, 10, 0), Rectification, rect, "waive", reviewer, comment="申诉成立")
    event = RectificationEvent.objects.get(rectification=rect, action="waive")
    assert (event.deadline_at, event.late_working_days, event.lateness_text) == (None, None, "")
