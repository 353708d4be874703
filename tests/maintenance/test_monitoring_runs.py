"""Probe runs end to end against local servers (第十七条): up → down → an anomaly after N failed runs (not before)
→ back → resolved by the monitor → uptime from the results. A hanging service does not hold up the run."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from factories_monitoring import (
    ListedServiceFactory,
    LocalHTTPServer,
    SilentServer,
    add_results,
    free_port,
    make_anomaly,
)

from ganfutong_admin.notifications.models import Notification
from maintenance.monitoring.actor import USERNAME as SYSTEM_USERNAME
from maintenance.monitoring.figures import monitored_in_scope
from maintenance.monitoring.models import AnomalyStatus, AvailabilityAnomaly, ProbeResult
from maintenance.monitoring.probe import ProbeOutcome
from maintenance.monitoring.runs import probe_services, record
from maintenance.monitoring.tasks import probe_listed_services


@pytest.fixture(autouse=True)
def _monitor_settings(settings):
    settings.MONITOR_TIMEOUT_SECONDS = 1.0
    settings.MONITOR_FAILURE_THRESHOLD = 3
    settings.MONITOR_CONCURRENCY = 4
    settings.MONITOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the local test servers stand in for intranet services


def results_of(service):
    return list(ProbeResult.objects.filter(service=service).order_by("checked_at").values_list("ok", "error"))


def test_outage_opens_one_anomaly_after_n_failures_and_the_next_success_resolves_it(
        people, django_capture_on_commit_callbacks):
    server = LocalHTTPServer().start()
    try:
        service = ListedServiceFactory(entry_url=server.url("/health"))
        other = ListedServiceFactory(entry_url="ftp://127.0.0.1/not-http")  # always failing, never our concern
        other.status = "delisted"  # not monitored: not probed
        other.save()

        assert probe_listed_services()["ok"] == 1
        server.stop()  # the outage
        for run in (1, 2):
            with django_capture_on_commit_callbacks(execute=True):
                summary = probe_listed_services()
            assert summary == {"probed": 1, "ok": 0, "opened": 0, "resolved": 0}, run
            assert not AvailabilityAnomaly.objects.exists(), f"opened after {run} failures"
        with django_capture_on_commit_callbacks(execute=True):
            assert probe_listed_services()["opened"] == 1
        anomaly = AvailabilityAnomaly.objects.get()
        assert (anomaly.status, anomaly.consecutive_failures, anomaly.last_error) == (
            "open", 3, "connection_refused")
        assert anomaly.owner_org == service.owner_org
        assert anomaly.started_at == ProbeResult.objects.filter(service=service, ok=False).earliest(
            "checked_at").checked_at
        assert [e.action for e in anomaly.events.all()] == ["open"]

        # Opening told the owner's submitters and the operator's publishers, nobody else.
        told = set(Notification.objects.filter(url__endswith=f"/anomalies/{anomaly.pk}/")
                   .values_list("recipient__username", flat=True))
        assert told == {"donghu_submitter", "operator_publisher"}

        with django_capture_on_commit_callbacks(execute=True):
            probe_listed_services()  # still down: the same anomaly counts on
        anomaly.refresh_from_db()
        assert AvailabilityAnomaly.objects.count() == 1
        assert anomaly.consecutive_failures == 4

        server.start()  # back, on the same port
        with django_capture_on_commit_callbacks(execute=True):
            assert probe_listed_services()["resolved"] == 1
        anomaly.refresh_from_db()
        assert anomaly.status == "resolved"
        assert anomaly.resolved_by.username == SYSTEM_USERNAME
        assert "HTTP 200" in anomaly.resolution_note or "200" in anomaly.resolution_note
        assert [(e.action, e.to_status, e.actor.username) for e in anomaly.events.all()] == [
            ("open", "open", SYSTEM_USERNAME), ("resolve", "resolved", SYSTEM_USERNAME)]
        # The transition is history-tracked, in the name of the monitor (no request in a Celery run).
        assert anomaly.history.filter(status="resolved").get().history_user.username == SYSTEM_USERNAME
        assert anomaly.history.filter(status="open").get().history_user.username == SYSTEM_USERNAME

        for _run in range(4):
            probe_listed_services()
    finally:
        server.stop()

    # 1 up, 4 down, 5 up: 6 of 10 checks succeeded.
    assert [ok for ok, _error in results_of(service)] == [True] + [False] * 4 + [True] * 5
    row = monitored_in_scope(people["province_reviewer"]).get(pk=service.pk)
    assert (row.checks_24h, row.successes_24h, row.uptime_24h) == (10, 6, 60.0)
    assert (row.state, row.open_anomalies) == ("up", 0)
    assert AvailabilityAnomaly.objects.count() == 1


# Local noon: the records are made hours before "now", and past midnight they fall on the day before.
@time_machine.travel(datetime(2026, 6, 16, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_seven_of_ten_is_seventy_percent(people):
    service = ListedServiceFactory()
    add_results(service, "+++-++-+-+")
    row = monitored_in_scope(people["province_reviewer"]).get(pk=service.pk)
    assert (row.checks_24h, row.successes_24h, row.uptime_24h, row.uptime_7d, row.uptime_30d) == (
        10, 7, 70.0, 70.0, 70.0)
    assert row.state == "up"


def test_a_hanging_service_does_not_block_the_run(db):
    with SilentServer() as hanging, LocalHTTPServer() as healthy:
        slow = ListedServiceFactory(entry_url=hanging.url())
        fine = ListedServiceFactory(entry_url=healthy.url())
        started = time.monotonic()
        summary = probe_listed_services()
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert summary["probed"] == 2
    assert results_of(fine) == [(True, "")]
    assert results_of(slow) == [(False, "timeout")]


def test_concurrency_is_bounded(db, settings):
    """With concurrency 2, four hanging services take two rounds of the timeout, not one, and not four."""
    settings.MONITOR_CONCURRENCY = 2
    settings.MONITOR_TIMEOUT_SECONDS = 0.5
    with SilentServer() as hanging:
        services = [ListedServiceFactory(entry_url=hanging.url(f"/{i}")) for i in range(4)]
        started = time.monotonic()
        results = probe_services(services)
        elapsed = time.monotonic() - started
    assert [o.error_code for _s, _at, o in results] == ["timeout"] * 4
    assert 0.9 <= elapsed < 1.9


def test_results_are_written_in_one_bulk_insert(db):
    services = [ListedServiceFactory() for _ in range(5)]
    from django.utils import timezone

    results = [(s, timezone.now(), ProbeOutcome(True, 200, 50, "")) for s in services]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        record(results)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert ProbeResult.objects.count() == 5


def test_fewer_than_n_failures_across_runs_never_open(db, settings):
    settings.MONITOR_FAILURE_THRESHOLD = 3
    service = ListedServiceFactory(entry_url=f"http://127.0.0.1:{free_port()}/")
    add_results(service, "--+-")  # streaks of 2 and 1: the success in between resets it
    probe_listed_services()  # third failure after the success: a streak of 2
    assert not AvailabilityAnomaly.objects.exists()
    probe_listed_services()
    assert AvailabilityAnomaly.objects.get().consecutive_failures == 3


def test_an_acknowledged_anomaly_is_resolved_too(db):
    with LocalHTTPServer() as server:
        service = ListedServiceFactory(entry_url=server.url())
        anomaly = make_anomaly(service, status=AnomalyStatus.ACKNOWLEDGED)
        probe_listed_services()
    anomaly.refresh_from_db()
    assert anomaly.status == "resolved"


def test_an_unresolved_anomaly_is_not_opened_twice(db, settings):
    """A second run that decides to open while one is open only counts on; the database refuses a second."""
    settings.MONITOR_FAILURE_THRESHOLD = 1
    service = ListedServiceFactory(entry_url=f"http://127.0.0.1:{free_port()}/")
    make_anomaly(service)
    probe_listed_services()
    assert AvailabilityAnomaly.objects.filter(service=service).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        make_anomaly(service)


def test_losing_the_race_to_open_is_harmless(db):
    """open_anomaly() when another run opened one a moment ago: nothing new, no error."""
    from django.utils import timezone

    from maintenance.monitoring.anomalies import open_anomaly

    service = ListedServiceFactory()
    make_anomaly(service)
    now = timezone.now()
    assert open_anomaly(service, 5, now, now, ProbeOutcome(False, None, None, "timeout")) == 0
    assert AvailabilityAnomaly.objects.filter(service=service).count() == 1


def test_probing_one_service_only(db):
    with LocalHTTPServer() as server:
        one = ListedServiceFactory(entry_url=server.url("/1"))
        two = ListedServiceFactory(entry_url=server.url("/2"))
        assert probe_listed_services(service_ids=[one.pk])["probed"] == 1
    assert (len(results_of(one)), len(results_of(two))) == (1, 0)
