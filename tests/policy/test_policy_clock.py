"""A record's deadline (or judgement) uses the version of its policy parameter in force when its clock started.

Each test follows three records: A starts before the change is made, B after the change is recorded but before
its effective date (still the old value: the version in force, not the latest one), C on the effective date
(the new value). A new version never moves A's stored deadline. November 2026 has no holiday: plain weeks.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from factories import FilingFactory, org

from ganfutong_admin.policy import parameters
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, Rectification

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


# --- filings: review deadline -----------------------------------------------------------------------------------

def test_review_deadline_of_a_filing(reviewer, donghu):
    def submitted(moment):
        filing = FilingFactory(kind="service_list", owner_org=org("360102"), created_by=donghu)
        with time_machine.travel(moment, tick=False):
            return engine.perform(Filing, filing.pk, "submit", donghu, filing.version)

    a = submitted(at(11, 2))
    assert a.due_at == end_of(11, 9)  # 5 working days
    change(reviewer, "REVIEW_WORKING_DAYS", 2)
    b = submitted(at(11, 4))
    c = submitted(at(11, 5, 0, 10))  # ten past midnight on the effective day: the local date counts
    assert reload(a).due_at == end_of(11, 9)
    assert b.due_at == end_of(11, 11)  # still 5: its clock started before the effective date
    assert c.due_at == end_of(11, 9)  # 2 working days: Fri 6, Mon 9


def test_resubmission_starts_a_new_review_clock_with_the_version_in_force_then(reviewer, donghu):
    filing = FilingFactory(kind="service_list", owner_org=org("360102"), created_by=donghu)
    with time_machine.travel(at(11, 2), tick=False):
        filing = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
        filing = engine.perform(Filing, filing.pk, "return", reviewer, filing.version, "请补充材料")
    change(reviewer, "REVIEW_WORKING_DAYS", 2)
    assert reload(filing).status == "returned"
    with time_machine.travel(at(11, 5), tick=False):
        filing = engine.perform(Filing, filing.pk, "resubmit", donghu, filing.version)
    assert filing.due_at == end_of(11, 9)


# --- the emergency path: written filing due after the oral report ------------------------------------------------

def oral_report(user, entered_at, reported_at=None):
    with time_machine.travel(entered_at, tick=False):
        return Filing.start_with_oral_report(
            kind="emergency_delisting", owner_org=user.org_unit, title="紧急下架", user=user, reported_by="张三",
            reported_to="省政务服务管理办公室值班室", reported_at=reported_at or timezone.now(), reason="数据泄露风险")


def test_written_filing_deadline_of_an_emergency_delisting(reviewer, donghu):
    a = oral_report(donghu, at(11, 2))
    assert a.due_at == end_of(11, 3)  # 1 working day
    change(reviewer, "EMERGENCY_WRITTEN_FILING_WORKING_DAYS", 3)
    b = oral_report(donghu, at(11, 4))
    c = oral_report(donghu, at(11, 5))
    # Entered on the effective day, but reported orally the day before: the oral report started the clock.
    d = oral_report(donghu, at(11, 5, 9), reported_at=at(11, 4, 17))
    assert reload(a).due_at == end_of(11, 3)
    assert b.due_at == end_of(11, 5)
    assert c.due_at == end_of(11, 10)  # Fri 6, Mon 9, Tue 10
    assert d.due_at == end_of(11, 5)


# --- rectifications ----------------------------------------------------------------------------------------------

def test_default_deadline_of_a_rectification(reviewer):
    def opened(moment):
        with time_machine.travel(moment, tick=False):
            return Rectification.open_for(source=None, owner_org=org("360102"), title="整改", description="问题",
                                          user=reviewer)

    a = opened(at(11, 2))
    assert a.due_at == end_of(11, 16)  # 10 working days
    change(reviewer, "RECTIFICATION_DEFAULT_WORKING_DAYS", 3)
    b = opened(at(11, 4))
    c = opened(at(11, 5))
    assert reload(a).due_at == end_of(11, 16)
    assert b.due_at == end_of(11, 18)
    assert c.due_at == end_of(11, 10)
