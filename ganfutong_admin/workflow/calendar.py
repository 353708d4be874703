"""Working days (工作日): the database calendar, with a Monday–Friday fallback for uncovered years.

Only exceptions are stored: a weekday that is a holiday, or a weekend day that is a make-up working
day (调休). A year is "covered" when a CalendarYear row says its data is complete; for any other
year the weekday rule applies and the result is flagged so that the UI can warn.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Deadline:
    date: date
    estimated: bool  # True when a year without calendar data was crossed (Monday–Friday assumed)

    @property
    def end_of_day(self):
        """The deadline as an aware datetime: the end of that working day in local time."""
        return timezone.make_aware(datetime.combine(self.date, time(23, 59, 59)))


class WorkingCalendar:
    def __init__(self, first_year, last_year):
        from .models import CalendarDay, CalendarYear

        self.covered_years = set(
            CalendarYear.objects.filter(year__range=(first_year, last_year)).values_list("year", flat=True)
        )
        self.exceptions = dict(
            CalendarDay.objects.filter(date__year__gte=first_year, date__year__lte=last_year).values_list(
                "date", "is_working_day"
            )
        )

    def is_working_day(self, day):
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_covered(self, year):
        return year in self.covered_years


def add_working_days(start, n):
    """The date n working days after `start` (start itself not counted)."""
    if isinstance(start, datetime):
        start = timezone.localtime(start).date()
    if n < 0:
        raise ValueError("n must not be negative")
    # A working day is never more than ~12 calendar days from the next: this bounds the years read.
    calendar = WorkingCalendar(start.year, (start + timedelta(days=n * 2 + 30)).year)
    day, counted, estimated = start, 0, not calendar.is_covered(start.year)
    while counted < n:
        day += timedelta(days=1)
        estimated = estimated or not calendar.is_covered(day.year)
        if calendar.is_working_day(day):
            counted += 1
    return Deadline(day, estimated)


def subtract_working_days(end, n):
    """The date n working days before `end` (end itself not counted): the mirror of add_working_days.

    A deadline D "minus one working day" is the previous working day: from its end on, less than one
    working day remains before D runs out (the hotline's yellow light)."""
    if isinstance(end, datetime):
        end = timezone.localtime(end).date()
    if n < 0:
        raise ValueError("n must not be negative")
    calendar = WorkingCalendar((end - timedelta(days=n * 2 + 30)).year, end.year)
    day, counted, estimated = end, 0, not calendar.is_covered(end.year)
    while counted < n:
        day -= timedelta(days=1)
        estimated = estimated or not calendar.is_covered(day.year)
        if calendar.is_working_day(day):
            counted += 1
    return Deadline(day, estimated)


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    calendar = WorkingCalendar(start.year, end.year)
    days = (end - start).days
    return sum(calendar.is_working_day(start + timedelta(days=i)) for i in range(1, days + 1))


def uncovered_years(years):
    """Which of these years have no calendar data (the admin dashboard warns about them)."""
    from .models import CalendarYear

    years = set(years)
    return sorted(years - set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True)))


def seed_from_library(CalendarDay, CalendarYear):
    """Store the exceptions of every year chinese-calendar knows (models passed in so that a data
    migration can use its historical models). Existing rows, manual overrides included, are kept."""
    from chinese_calendar.constants import holidays, workdays

    rows = [CalendarDay(date=d, is_working_day=False, note=_holiday_label(n), source="library")
            for d, n in holidays.items() if d.weekday() < 5]
    rows += [CalendarDay(date=d, is_working_day=True, note=f"{_holiday_label(n)}调休上班", source="library")
             for d, n in workdays.items() if d.weekday() >= 5]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source="library") for y in years], ignore_conflicts=True)
    return years


HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_label(name):
    return HOLIDAY_NAMES_ZH.get(str(name), str(name))
