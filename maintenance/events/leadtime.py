"""How far ahead an advance filing must reach the provincial authority (第十六条 "提前报备").

The rule: between the day of the (first) submission and the day the window opens there must be at least
ADVANCE_FILING_WORKING_DAYS full working days (the policy parameter in force at the submission), neither day
itself counted. The provincial authority gets
that many whole working days to prepare, whatever the hour the window opens. Working days come from the kernel's
working-day calendar (holidays and 调休 make-up days included; Monday–Friday for a year without data).

Example with 3 days: a window on Friday 2026-10-09 needs the filing by Monday 2026-09-28 (Tuesday 29, Wednesday 30
and Thursday 8 October are the three working days; 1–7 October is the National Day holiday).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.calendar import WorkingCalendar, working_days_between

from ..parameters import ADVANCE_FILING_WORKING_DAYS


@dataclass(frozen=True)
class LeadTime:
    required_by: datetime  # the end of the last day on which the filing is still in time
    estimated: bool  # a year without working-day data was crossed (Monday–Friday assumed)


def _local_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def working_days_required(at=None):
    """The lead time in force for a filing submitted at `at` (default: now)."""
    return policy_value(ADVANCE_FILING_WORKING_DAYS, at)


def required_by(window_start, days=None):
    """The latest day a filing for a window opening at `window_start` is in time, as the end of that day.

    Walks back from the day before the window over the kernel calendar until `days` working days lie between."""
    days = working_days_required() if days is None else days
    window_day = _local_date(window_start)
    # A working day is never more than ~12 calendar days from the next one: this bounds the years read.
    calendar = WorkingCalendar((window_day - timedelta(days=days * 2 + 30)).year, window_day.year)
    day, counted = window_day - timedelta(days=1), 0
    estimated = not calendar.is_covered(window_day.year)
    while counted < days:
        estimated = estimated or not calendar.is_covered(day.year)
        if calendar.is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
    end_of_day = timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
    return LeadTime(end_of_day, estimated)


def working_days_ahead(submitted, window_start):
    """Full working days between the submission day and the window's first day (both excluded)."""
    submitted_day, window_day = _local_date(submitted), _local_date(window_start)
    return working_days_between(submitted_day, window_day - timedelta(days=1))


def is_late(submitted, window_start, days=None):
    """Late by the lead time in force at the submission, unless `days` is given."""
    days = working_days_required(submitted) if days is None else days
    return working_days_ahead(submitted, window_start) < days

