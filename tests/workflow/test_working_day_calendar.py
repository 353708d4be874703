"""Working-day deadlines: the database calendar (seeded from chinese-calendar), staff overrides, and the
Monday–Friday fallback for years without data."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ganfutong_admin.workflow.calendar import add_working_days, uncovered_years, working_days_between
from ganfutong_admin.workflow.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_national_day_and_make_up_saturday():
    deadline = add_working_days(date(2026, 9, 30), 3)
    # 10-1..10-7 are holidays, 10-8 and 10-9 work, Saturday 10-10 is a make-up working day (调休).
    assert deadline.date == date(2026, 10, 10)
    assert deadline.estimated is False
    assert add_working_days(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 0).date == date(2026, 9, 30)


def test_seeded_calendar_rows():
    assert CalendarYear.objects.filter(year=2026, source="library").exists()
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).is_working_day is False
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).is_working_day is True
    # Only exceptions are stored: an ordinary Friday has no row.
    assert not CalendarDay.objects.filter(date=date(2026, 10, 9)).exists()


def test_year_without_data_falls_back_to_weekdays_and_is_flagged():
    assert 2027 in uncovered_years([2026, 2027])
    deadline = add_working_days(date(2027, 3, 1), 5)  # Monday
    assert deadline.date == date(2027, 3, 8)  # Monday–Friday assumed
    assert deadline.estimated is True

    # Crossing into the uncovered year also flags it; 2027-01-01 (New Year) counts as a weekday.
    crossing = add_working_days(date(2026, 12, 30), 3)
    assert crossing.date == date(2027, 1, 4)
    assert crossing.estimated is True
    assert add_working_days(date(2026, 12, 1), 3).estimated is False


def test_manual_override_changes_the_result():
    CalendarDay.objects.update_or_create(date=date(2026, 10, 9), defaults={
        "is_working_day": False, "note": "临时调整", "source": CalendarDay.Source.MANUAL})
    deadline = add_working_days(date(2026, 9, 30), 3)
    # 10-8, (10-9 now off), 10-10 make-up Saturday, 10-11 Sunday, 10-12
    assert deadline.date == date(2026, 10, 12)
    assert deadline.estimated is False


def test_adding_a_calendar_year_removes_the_flag():
    CalendarYear.objects.create(year=2027, source=CalendarYear.Source.MANUAL, note="国务院办公厅通知")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦", source="manual")
    assert uncovered_years([2026, 2027]) == []
    deadline = add_working_days(date(2026, 12, 30), 3)
    assert deadline.date == date(2027, 1, 5)  # 12-31, (1-1 off), 1-4, 1-5
    assert deadline.estimated is False
    assert add_working_days(date(2027, 3, 1), 5).estimated is False


def test_working_days_between():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert working_days_between(date(2026, 10, 10), date(2026, 9, 30)) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 9, 30), -1)


# --- the calendar page --------------------------------------------------------------------------------------

def test_sys_admin_adds_an_override_through_the_page(make_user, web):
    admin = make_user("sys_admin", "sys_admin", "360000")
    response = web(admin).post("/calendar/", {"day-date": "2026-10-09", "day-note": "临时调整"})  # unchecked box
    assert response.status_code == 302
    assert response.url == "/calendar/?year=2026"
    day = CalendarDay.objects.get(date=date(2026, 10, 9))
    assert (day.is_working_day, day.source, day.note) == (False, "manual", "临时调整")
    assert add_working_days(date(2026, 9, 30), 3).date == date(2026, 10, 12)

    # An override replaces the library's row for the same date.
    response = web(admin).post("/calendar/", {"day-date": "2026-10-10", "day-note": "取消调休"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).source == "manual"
    assert CalendarDay.objects.filter(date=date(2026, 10, 10)).count() == 1

    response = web(admin).post("/calendar/", {"year-year": "2027", "year-note": "已录入"})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()
    assert add_working_days(date(2027, 3, 1), 5).estimated is False


def test_sys_admin_sees_the_calendar_page(make_user, web):
    admin = make_user("sys_admin", "sys_admin", "360000")
    with time_machine.travel(datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        response = web(admin).get("/calendar/", {"year": "2026"})
    assert response.status_code == 200
    assert response.context["year_covered"] is True
    assert response.context["can_edit"] is True
    assert response.context["missing_years"] == [2027]  # the admins are warned about next year


def test_invalid_override_is_a_400_and_saves_nothing(make_user, web):
    admin = make_user("sys_admin", "sys_admin", "360000")
    before = CalendarDay.objects.count()
    response = web(admin).post("/calendar/", {"day-date": "not-a-date"})
    assert response.status_code == 400
    assert response.context["day_form"].errors["date"]
    assert CalendarDay.objects.count() == before


@pytest.mark.parametrize("role", ["submitter", "reviewer", "auditor", "sec_admin"])
def test_others_cannot_change_the_calendar(make_user, web, role):
    user = make_user(f"cal_{role}", role, "360000")
    before = CalendarDay.objects.count()
    response = web(user).post("/calendar/", {"day-date": "2026-10-09", "day-note": "x"})
    assert response.status_code == 403
    assert CalendarDay.objects.count() == before
    assert not CalendarDay.objects.filter(date=date(2026, 10, 9)).exists()
