"""Daily uptime roll-up (Asia/Shanghai days), its idempotency, the purge of old raw results, and the 7 / 30 day
figures that combine roll-ups with today's raw results. Clocks are frozen with time_machine."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories_monitoring import ListedServiceFactory, make_day

from maintenance.monitoring.figures import daily_series, monitored_in_scope
from maintenance.monitoring.models import ProbeResult, UptimeDay
from maintenance.monitoring.rollup import roll_up
from maintenance.monitoring.tasks import roll_up_uptime

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=SHANGHAI)


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def result(service, when, ok, ms=None):
    return ProbeResult.objects.create(service=service, checked_at=when, ok=ok, status_code=200 if ok else 503,
                                      response_ms=ms, error="" if ok else "http_5xx")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_days_are_cut_at_midnight_in_shanghai(db, frozen):
    service = ListedServiceFactory()
    # 00:10 and 23:50 on 9 March in Shanghai are 8 March 16:10 and 9 March 15:50 in UTC: one local day.
    result(service, at(9, 0, 10), True, 100)
    result(service, at(9, 23, 50), True, 300)
    result(service, at(9, 12), False, 900)
    result(service, at(9, 13), False)  # a timeout has no response time
    result(service, at(8, 23, 59), True, 50)
    result(service, at(10, 0, 5), True, 70)  # today: never rolled up
    assert roll_up_uptime() == {"days": 2, "purged": 0}
    days = {d.date: d for d in UptimeDay.objects.filter(service=service)}
    assert set(days) == {date(2026, 3, 8), date(2026, 3, 9)}
    ninth = days[date(2026, 3, 9)]
    assert (ninth.checks, ninth.successes, ninth.avg_ms, ninth.max_ms, ninth.uptime_percent) == (
        4, 2, 433, 900, 50.0)
    assert (days[date(2026, 3, 8)].checks, days[date(2026, 3, 8)].successes) == (1, 1)


def test_roll_up_is_idempotent(db, frozen):
    service = ListedServiceFactory()
    for hour in range(10):
        result(service, at(9, hour), hour != 3, 100 + hour)
    roll_up()
    first = list(UptimeDay.objects.values_list("service_id", "date", "checks", "successes", "avg_ms", "max_ms"))
    roll_up()
    roll_up()
    assert list(UptimeDay.objects.values_list("service_id", "date", "checks", "successes", "avg_ms", "max_ms")) == first
    assert first == [(service.pk, date(2026, 3, 9), 10, 9, 104, 109)]


def test_a_later_run_corrects_a_stale_roll_up(db, frozen):
    """The roll-up is recomputed from the raw results, not added to: a wrong row is overwritten."""
    service = ListedServiceFactory()
    make_day(service, date(2026, 3, 9), checks=999, successes=1)
    result(service, at(9, 8), True, 120)
    roll_up()
    day = UptimeDay.objects.get(service=service, date=date(2026, 3, 9))
    assert (day.checks, day.successes, day.avg_ms) == (1, 1, 120)


def test_old_raw_results_are_purged_after_their_roll_up(db, frozen, settings):
    settings.MONITOR_RAW_RESULT_DAYS = 14
    service = ListedServiceFactory()
    old = NOW - timedelta(days=15)  # 23 February: older than 14 full days
    kept = datetime(2026, 2, 24, 0, 0, tzinfo=SHANGHAI)  # the first day still kept, from its midnight
    result(service, old, False)
    result(service, old + timedelta(hours=1), True, 80)
    result(service, kept, True, 90)
    summary = roll_up()
    assert summary["purged"] == 2
    assert list(ProbeResult.objects.values_list("checked_at", flat=True)) == [kept]
    # The purged day survives as its roll-up.
    day = UptimeDay.objects.get(service=service, date=date(2026, 2, 23))
    assert (day.checks, day.successes) == (2, 1)
    roll_up()  # and a second run does not lose it
    assert UptimeDay.objects.get(service=service, date=date(2026, 2, 23)).checks == 2


def test_figures_combine_roll_ups_and_todays_raw_results(db, frozen, people):
    service = ListedServiceFactory()
    make_day(service, date(2026, 3, 9), checks=100, successes=90)  # 7 and 30 days
    make_day(service, date(2026, 3, 4), checks=100, successes=100)  # 7 days (the 6th day back) and 30 days
    make_day(service, date(2026, 3, 3), checks=100, successes=0)  # outside 7 days, inside 30
    make_day(service, date(2026, 2, 8), checks=100, successes=0)  # outside 30 days
    result(service, at(10, 9), True, 100)
    result(service, at(10, 10), False)
    row = monitored_in_scope(people["province_reviewer"]).get(pk=service.pk)
    assert (row.checks_7d, row.successes_7d) == (202, 191)
    assert (row.checks_30d, row.successes_30d) == (302, 191)
    assert row.uptime_7d == pytest.approx(100 * 191 / 202)
    assert row.uptime_30d == pytest.approx(100 * 191 / 302)
    assert (row.checks_24h, row.uptime_24h, row.state) == (2, 50.0, "down")


def test_a_service_without_checks_is_unknown(db, frozen, people):
    service = ListedServiceFactory()
    row = monitored_in_scope(people["province_reviewer"]).get(pk=service.pk)
    assert (row.state, row.checks_24h, row.uptime_24h, row.uptime_7d, row.uptime_30d, row.last_checked_at) == (
        "unknown", 0, None, None, None, None)


def test_daily_series_for_the_charts(db, frozen):
    service = ListedServiceFactory()
    make_day(service, date(2026, 3, 9), checks=4, successes=3, avg_ms=200, max_ms=800)
    result(service, at(10, 9), True, 100)
    result(service, at(10, 10), True, 300)
    series = daily_series(service)
    assert len(series) == 30
    assert series[0]["date"] == "2026-02-09"
    assert series[-2] == {"date": "2026-03-09", "checks": 4, "successes": 3, "uptime": 75.0, "avg_ms": 200,
                          "max_ms": 800}
    assert series[-1] == {"date": "2026-03-10", "checks": 2, "successes": 2, "uptime": 100.0, "avg_ms": 200,
                          "max_ms": 300}
    assert series[5] == {"date": "2026-02-14", "checks": 0, "successes": 0, "uptime": None, "avg_ms": None,
                         "max_ms": None}
