"""Lead time of advance filings (第十六条 "提前报备"), on the kernel's working-day calendar, with a frozen clock.

The rule: ADVANCE_FILING_WORKING_DAYS (3) full working days lie between the day of the first submission and the day
the window opens. 2026 holidays from the State Council schedule: Mid-autumn Fri 25 – Sun 27 September, National Day
Thu 1 – Wed 7 October; make-up working days Sunday 20 September and Saturday 10 October.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories import policy_version
from factories_events import advance_filing

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from maintenance.events import leadtime

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def local_day(dt):
    return dt.astimezone(SH).date()


CASES = [
    # window opens, last day in time, why
    (at(2026, 10, 9), date(2026, 9, 28), "National Day 1–7 Oct: 8 Oct, 30 and 29 Sep are the three days"),
    (at(2026, 11, 16, 9), date(2026, 11, 10), "a Monday window: Wed 11, Thu 12, Fri 13 (the weekend does not count)"),
    (at(2026, 11, 14, 22), date(2026, 11, 10), "a Saturday night window: the same three weekdays"),
    (at(2026, 9, 28, 0, 30), date(2026, 9, 21), "Mid-autumn 25–27 Sep: Thu 24, Wed 23, Tue 22"),
    (at(2026, 10, 12, 1), date(2026, 10, 7), "Sat 10 Oct is a make-up working day: Fri 9, Sat 10 ... and Thu 8"),
    (at(2026, 11, 18, 8), date(2026, 11, 12), "an ordinary week: Fri 13, Mon 16, Tue 17"),
]


@pytest.mark.parametrize(("window", "last_day", "why"), CASES, ids=[c[2][:40] for c in CASES])
def test_required_by_walks_the_calendar(window, last_day, why):
    lead = leadtime.required_by(window)
    assert local_day(lead.required_by) == last_day, why
    assert lead.required_by.astimezone(SH).time().strftime("%H:%M:%S") == "23:59:59"
    assert lead.estimated is False
    # The same answer as the kernel's working_days_between: in time on that day, late on the next.
    assert leadtime.working_days_ahead(last_day, window) == 3
    assert leadtime.working_days_ahead(last_day + timedelta(days=1), window) < 3
    assert not leadtime.is_late(lead.required_by, window)
    assert leadtime.is_late(lead.required_by + timedelta(seconds=1), window)


def test_the_number_of_days_comes_from_the_policy_parameter():
    policy_version("ADVANCE_FILING_WORKING_DAYS", 5)
    # 9 Oct: 8 Oct, 30, 29, 28 Sep, then 24 Sep (Mid-autumn 25–27 skipped).
    assert local_day(leadtime.required_by(at(2026, 10, 9)).required_by) == date(2026, 9, 23)


def test_a_year_without_calendar_data_is_flagged_estimated():
    lead = leadtime.required_by(at(2031, 3, 10))
    assert lead.estimated is True
    assert local_day(lead.required_by) == date(2031, 3, 4)  # Monday–Friday assumed: Wed 5, Thu 6, Fri 7


def submit_at(moment, filing, user):
    with time_machine.travel(moment, tick=False):
        return engine.perform(Filing, filing.pk, "submit", user, filing.version)


@pytest.fixture
def submitter(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def test_filed_before_the_national_day_holiday_is_in_time(submitter):
    filing = advance_filing(window_start=at(2026, 10, 9, 20), created_by=submitter)
    filing = submit_at(at(2026, 9, 28, 17, 30), filing, submitter)
    details = filing.advance_filing
    details.refresh_from_db()
    assert details.filed_late is False
    assert details.first_submitted_at == at(2026, 9, 28, 17, 30)
    assert details.required_by == datetime(2026, 9, 28, 23, 59, 59, tzinfo=SH)
    assert filing.status == "submitted"


def test_filed_the_day_after_is_accepted_but_late(submitter):
    filing = advance_filing(window_start=at(2026, 10, 9, 20), created_by=submitter)
    filing = submit_at(at(2026, 9, 29, 8, 0), filing, submitter)
    details = filing.advance_filing
    details.refresh_from_db()
    assert filing.status == "submitted"  # accepted: 报备 is never refused for being late
    assert details.filed_late is True
    assert details.required_by == datetime(2026, 9, 28, 23, 59, 59, tzinfo=SH)


def test_across_a_weekend(submitter):
    """A Monday window: Tuesday evening is in time, Wednesday morning is late."""
    on_time = advance_filing(window_start=at(2026, 11, 16, 9), created_by=submitter)
    late = advance_filing(window_start=at(2026, 11, 16, 9), created_by=submitter)
    submit_at(at(2026, 11, 10, 22), on_time, submitter)
    submit_at(at(2026, 11, 11, 8), late, submitter)
    on_time.advance_filing.refresh_from_db()
    late.advance_filing.refresh_from_db()
    assert (on_time.advance_filing.filed_late, late.advance_filing.filed_late) == (False, True)


def test_lateness_is_judged_at_the_first_submission_only(submitter, make_user):
    """Returned and resubmitted after the deadline: it was filed in time, and stays so."""
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    filing = advance_filing(window_start=at(2026, 10, 9, 20), created_by=submitter)
    filing = submit_at(at(2026, 9, 25, 9), filing, submitter)
    with time_machine.travel(at(2026, 9, 29, 9), tick=False):
        filing = engine.perform(Filing, filing.pk, "return", reviewer, filing.version, "请补充回退方案")
        filing = engine.perform(Filing, filing.pk, "resubmit", submitter, filing.version)
    details = filing.advance_filing
    details.refresh_from_db()
    assert filing.status == "submitted"
    assert filing.submitted_at == at(2026, 9, 29, 9)  # the kernel's time of the latest submission
    assert details.first_submitted_at == at(2026, 9, 25, 9)
    assert details.filed_late is False


def test_a_draft_shows_the_deadline_it_would_have():
    filing = advance_filing(window_start=at(2026, 10, 9, 20))
    details = filing.advance_filing
    assert details.filed_late is None and details.required_by is None
    assert local_day(details.lead_time.required_by) == date(2026, 9, 28)
