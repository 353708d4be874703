"""Maintenance records (第十六条、第十八条) use the version of their policy parameter in force when their clock
started: work orders, bad reviews, fault reports and advance filings (the kernel's records: tests/policy).

Each test follows three records: A starts before the change is made, B after the change is recorded but before
its effective date (still the old value: the version in force, not the latest one), C on the effective date
(the new value). A new version never moves A's stored deadline. November 2026 has no holiday: plain weeks.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories import org
from factories_events import advance_filing
from factories_events import service as event_service
from factories_hotline import ID_NUMBER, PHONE, make_service

from ganfutong_admin.policy import parameters
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from maintenance.events import faults
from maintenance.events.models import AdvanceFiling, FaultReport
from maintenance.hotline import lifecycle

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

CHANGED_ON = datetime(2026, 11, 3, 9, 0, tzinfo=SH)  # Tuesday: the reviewer records the change
EFFECTIVE = date(2026, 11, 5)  # Thursday: the new value applies from here


def at(m, d, hh=10, mm=0):
    return datetime(2026, m, d, hh, mm, tzinfo=SH)


def end_of(m, d):
    return datetime(2026, m, d, 23, 59, 59, tzinfo=SH)


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def change(reviewer, name, new_value, effective_from=EFFECTIVE):
    """The reviewer adds the version on CHANGED_ON, through the same function as the page and the API."""
    with time_machine.travel(CHANGED_ON, tick=False):
        parameters.add_version(name=name, value=new_value, effective_from=effective_from, reason="测试调整",
                               user=reviewer)


def reload(record):
    return type(record).objects.get(pk=record.pk)


# --- bad reviews -------------------------------------------------------------------------------------------------

def test_bad_review_rectification_takes_the_version_in_force_when_the_review_is_recorded(reviewer, make_user):
    from maintenance.hotline.appeals import open_bad_review

    operator = make_user("operator_publisher", "publisher", "OP3601")

    def reviewed(moment, case):
        with time_machine.travel(moment, tick=False):
            return open_bad_review(case_number=case, owner_org=org("360102"), rating="unsatisfied", user=operator)

    a = reviewed(at(11, 2), "GFT-A-1")
    assert a.rectification.due_at == end_of(11, 23)  # 15 working days
    change(reviewer, "BAD_REVIEW_RECTIFICATION_WORKING_DAYS", 5)
    b = reviewed(at(11, 4), "GFT-A-2")
    c = reviewed(at(11, 5), "GFT-A-3")
    assert reload(a.rectification).due_at == end_of(11, 23)
    assert b.rectification.due_at == end_of(11, 25)
    assert c.rectification.due_at == end_of(11, 12)


# --- 12345 work orders: acknowledge and handling deadlines -------------------------------------------------------

def test_acknowledge_and_handling_deadlines_of_a_work_order(reviewer, make_user):
    operator = make_user("operator_publisher", "publisher", "OP3601")
    svc = make_service("360102", code="360102-POL-0001")

    def received(entered_at, received_at=None):
        with time_machine.travel(entered_at, tick=False):
            return lifecycle.receive(user=operator, type="complaint", title="办件超时", content="等待过久",
                                     citizen_name="张三", citizen_phone=PHONE, citizen_id_number=ID_NUMBER,
                                     service=svc, received_at=received_at)

    a = received(at(11, 2))
    assert (a.ack_due_at, a.due_at) == (end_of(11, 3), end_of(11, 23))  # 1 and 15 working days
    change(reviewer, "HOTLINE_ACK_WORKING_DAYS", 2)
    change(reviewer, "HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT", 5)
    b = received(at(11, 4))
    c = received(at(11, 5))
    # Posted by the hotline on the effective day, received by it the day before: the reception started the clock.
    d = received(at(11, 5, 9), received_at=at(11, 4, 16))
    a = reload(a)
    assert (a.ack_due_at, a.due_at, a.warn_at) == (end_of(11, 3), end_of(11, 23), end_of(11, 20))
    assert (b.ack_due_at, b.due_at) == (end_of(11, 5), end_of(11, 25))
    assert (c.ack_due_at, c.due_at, c.warn_at) == (end_of(11, 9), end_of(11, 12), end_of(11, 11))
    assert (d.ack_due_at, d.due_at) == (end_of(11, 5), end_of(11, 25))
    # Another type keeps its own limit; the acknowledgement limit is shared.
    with time_machine.travel(at(11, 5), tick=False):
        e = lifecycle.receive(user=operator, type="consultation", title="咨询", content="如何办理", citizen_name="李四",
                              citizen_phone=PHONE, service=svc)
    assert (e.ack_due_at, e.due_at) == (end_of(11, 9), end_of(11, 9))


# --- fault reports: the reported-late flag -------------------------------------------------------------------------

def test_fault_report_lateness(reviewer, donghu):
    def reported(occurred, minutes_later, title):
        with time_machine.travel(occurred + timedelta(minutes=minutes_later), tick=False):
            return faults.report_fault(user=donghu, owner_org=org("360102"), title=title, severity="ordinary",
                                       occurred_at=occurred, detected_at=occurred,
                                       reported_at=occurred + timedelta(minutes=minutes_later), impact="无法办理")

    a = reported(at(11, 2), 45, "A")
    change(reviewer, "FAULT_REPORT_LIMIT_MINUTES", 30)
    b = reported(at(11, 4), 45, "B")
    c = reported(at(11, 5), 45, "C")
    d = reported(at(11, 4, 23, 50), 45, "D")  # occurred before the effective date, reported on it
    e = reported(at(11, 5), 25, "E")
    stored = dict(FaultReport.objects.values_list("title", "report_limit_minutes"))
    assert stored == {"A": 60, "B": 60, "C": 30, "D": 60, "E": 30}
    in_time = {"A": True, "B": True, "C": False, "D": True, "E": True}
    # In SQL (filters, sorting, supervision) and on the model alike.
    rows = FaultReport.objects.with_report_delay()
    assert {f.title: f.reported_in_time for f in rows} == in_time
    assert {f.title: reload(f).in_time for f in (a, b, c, d, e)} == in_time
    assert [f.title for f in FaultReport.objects.reported_late()] == ["C"]


def test_correcting_the_time_of_occurrence_takes_the_limit_in_force_then(reviewer, donghu):
    with time_machine.travel(at(11, 5, 11), tick=False):
        fault = faults.report_fault(user=donghu, owner_org=org("360102"), title="改正", severity="ordinary",
                                    occurred_at=at(11, 4, 10, 30), detected_at=at(11, 4, 10, 30),
                                    reported_at=at(11, 4, 11, 10), impact="无法办理")
    change(reviewer, "FAULT_REPORT_LIMIT_MINUTES", 30)
    assert reload(fault).report_limit_minutes == 60
    with time_machine.travel(at(11, 5, 12), tick=False):
        fault = faults.update_fault(fault, user=donghu, version=fault.version, occurred_at=at(11, 5, 10, 30),
                                    detected_at=at(11, 5, 10, 30), reported_at=at(11, 5, 11, 10))
    assert (reload(fault).report_limit_minutes, reload(fault).in_time) == (30, False)


# --- advance filings: lateness at the first submission -------------------------------------------------------------

def test_advance_filing_lateness(reviewer, donghu):
    def submitted(window_start, moment):
        filing = advance_filing(window_start=window_start, created_by=donghu, services=[event_service("360102")])
        with time_machine.travel(moment, tick=False):
            engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
        return AdvanceFiling.objects.get(filing=filing)

    # The lead time becomes 5 working days from Thursday 12 November, recorded on the 3rd.
    change(reviewer, "ADVANCE_FILING_WORKING_DAYS", 5, effective_from=date(2026, 11, 12))
    # Submitted Tue 10 for a window on Mon 16: Wed 11, Thu 12, Fri 13 lie between: 3 days, enough before the 12th.
    a = submitted(at(11, 16, 9), at(11, 10))
    # Submitted Thu 12 for a window on Wed 18: Fri 13, Mon 16, Tue 17 lie between: 3 days, late under 5.
    b = submitted(at(11, 18, 9), at(11, 12))
    assert (a.filed_late, a.required_working_days, a.lead_working_days) == (False, 3, 3)
    assert (b.filed_late, b.required_working_days) == (True, 5)
    assert b.required_by == end_of(11, 10)
    # Another version later on changes neither stored judgement.
    change(reviewer, "ADVANCE_FILING_WORKING_DAYS", 1, effective_from=date(2026, 11, 20))
    assert (reload(a).filed_late, reload(b).filed_late, reload(b).required_working_days) == (False, True, 5)
