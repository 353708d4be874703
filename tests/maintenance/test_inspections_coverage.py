"""第十七条 coverage: org units without a completed daily inspection in the last N working days.

The clock is frozen on Thursday 2026-10-08, the first working day after the National Day holiday (10-01..10-07):
the last 3 working days are 09-29, 09-30 and 10-08, so a unit whose last daily inspection was on 09-29 is covered
and one on 09-28 is not, although both are more than a week ago.
"""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from factories import org
from factories_inspections import make_inspection, make_template
from openpyxl import load_workbook

from maintenance.inspections.coverage import coverage_queryset, window_start

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
FROZEN = datetime(2026, 10, 8, 9, 0, tzinfo=SH)


@pytest.fixture
def daily(db):
    return make_template("日常巡检表", "daily")


@pytest.fixture
def nanchang(make_user):
    return make_user("nanchang_submitter", "submitter", "360100")


def test_window_skips_holidays_and_counts_today():
    assert window_start(date(2026, 10, 8), 3) == date(2026, 9, 29)
    assert window_start(date(2026, 10, 8), 1) == date(2026, 10, 8)
    assert window_start(date(2026, 10, 11), 2) == date(2026, 10, 9)  # Sunday: Saturday 10-10 is a 调休 working day
    assert window_start(date(2026, 10, 12), 3) == date(2026, 10, 9)


def populate(daily, inspector):
    # 南昌市 itself: on the first day of the window; 东湖区: the day before it; 西湖区: only a draft; others: never.
    make_inspection(daily, "360100", inspector=inspector, status="completed", inspected_on=date(2026, 9, 29))
    make_inspection(daily, "360102", inspector=inspector, status="completed", inspected_on=date(2026, 9, 28))
    make_inspection(daily, "360102", inspector=inspector, status="completed", inspected_on=date(2026, 9, 1))
    make_inspection(daily, "360103", inspector=inspector, status="draft", inspected_on=date(2026, 10, 8))
    # A completed platform inspection does not count as a daily one.
    make_inspection(make_template("平台巡检清单", "platform"), "360104", inspector=inspector, status="completed",
                    inspected_on=date(2026, 10, 8))


def test_coverage_page_lists_the_gaps_of_the_city_with_the_last_date(web, nanchang, daily):
    populate(daily, nanchang)
    with time_machine.travel(FROZEN, tick=False):
        response = web(nanchang).get(reverse("maintenance:inspection-coverage"))
    assert response.status_code == 200
    rows = {u.code: u for u in response.context["paginator"].object_list}
    city_units = {u.code for u in org("360100").__class__.objects.subtree_of(org("360100"))}
    assert set(rows) == city_units - {"360100"}  # only 南昌市 itself is covered
    assert rows["360102"].last_daily == date(2026, 9, 28)
    assert rows["360103"].last_daily is None  # a draft is not a daily inspection done
    assert rows["360104"].last_daily is None  # nor is a platform inspection
    assert response.context["counts"] == {"total": len(city_units), "gaps": len(city_units) - 1}
    assert response.context["since"] == date(2026, 9, 29)
    assert "360400" not in rows  # 九江市 is not 南昌市's


def test_days_parameter_and_show_all(web, nanchang, daily):
    populate(daily, nanchang)
    client = web(nanchang)
    with time_machine.travel(FROZEN, tick=False):
        ten = client.get(reverse("maintenance:inspection-coverage"), {"days": 10})
        everything = client.get(reverse("maintenance:inspection-coverage"), {"show": "all", "days": 3})
        bad = client.get(reverse("maintenance:inspection-coverage"), {"days": "abc"})
    gaps = {u.code for u in ten.context["paginator"].object_list}
    assert "360102" not in gaps and "360100" not in gaps  # 09-28 is inside 10 working days
    shown = {u.code: u.is_gap for u in everything.context["paginator"].object_list}
    assert shown["360100"] is False and shown["360102"] is True
    assert bad.status_code == 200 and bad.context["days"] == 3


def test_coverage_is_one_query_whatever_the_number_of_units(nanchang, daily, django_assert_num_queries):
    populate(daily, nanchang)
    queryset = coverage_queryset(nanchang, date(2026, 9, 29))  # scope checks (permissions) happen here
    with django_assert_num_queries(1):
        rows = list(queryset)
    assert len(rows) == org("360100").__class__.objects.subtree_of(org("360100")).count()


def test_coverage_export(web, nanchang, daily):
    populate(daily, nanchang)
    with time_machine.travel(FROZEN, tick=False):
        response = web(nanchang).get(reverse("maintenance:inspection-coverage"), {"export": "xlsx", "show": "all"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["360102"][4] == "2026-09-28"
    assert rows["360103"][4] in ("", None)
    assert "360400" not in rows


@pytest.mark.parametrize("n", [10, 100])
def test_coverage_page_query_count_is_pinned(web, make_user, daily, django_assert_num_queries, n):
    """Session, user, permissions (2), the calendar (2), the user's org unit, COUNT, the figures (one aggregate),
    the shell (unread notifications, role names), the rows (one query with the last-inspection subquery), the
    filter bar's org-unit choices, and the session save (savepoint, UPDATE, release)."""
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    units = list(org("360000").__class__.objects.filter(kind="county_authority").order_by("path")[:n])
    for unit in units:
        make_inspection(daily, unit.code, inspector=reviewer, status="completed", inspected_on=date(2026, 9, 1))
    client = web(reviewer)
    with time_machine.travel(FROZEN, tick=False):
        assert client.get(reverse("maintenance:inspection-coverage"), {"show": "all"}).status_code == 200
        with django_assert_num_queries(COVERAGE_PAGE_QUERIES):
            response = client.get(reverse("maintenance:inspection-coverage"), {"show": "all"})
    assert response.context["counts"]["total"] > 100


COVERAGE_PAGE_QUERIES = 16
