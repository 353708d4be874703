"""The demo of availability monitoring: alive after seed_demo without any network, consistent, idempotent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from maintenance.monitoring import probe as probe_module
from maintenance.monitoring import runs
from maintenance.monitoring.figures import daily_series, monitored_in_scope
from maintenance.monitoring.models import AvailabilityAnomaly, ProbeResult, UptimeDay


def failure_runs(service):
    """Start times of every run of at least N failed checks in the raw results."""
    starts, streak = [], []
    for ok, at in ProbeResult.objects.filter(service=service).order_by("checked_at").values_list("ok", "checked_at"):
        if ok:
            if len(streak) >= settings.MONITOR_FAILURE_THRESHOLD:
                starts.append(streak[0])
            streak = []
        else:
            streak.append(at)
    if len(streak) >= settings.MONITOR_FAILURE_THRESHOLD:
        starts.append(streak[0])
    return starts


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the demo must not touch the network")

    monkeypatch.setattr(probe_module, "probe", refuse)
    monkeypatch.setattr(runs, "probe", refuse)
    monkeypatch.setattr(probe_module.socket, "getaddrinfo", refuse)


@pytest.fixture
def frozen():
    """A fixed clock: a second seeding a moment later must not cross a quarter hour and add a slot."""
    with time_machine.travel(datetime(2026, 6, 15, 10, 7, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def test_demo_is_alive_consistent_and_idempotent(db, frozen, no_network, django_capture_on_commit_callbacks, web):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    counts = (ProbeResult.objects.count(), UptimeDay.objects.count(), AvailabilityAnomaly.objects.count())
    assert counts[0] > 1000 and counts[1] > 100

    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    rows = {s.code: s for s in monitored_in_scope(users["province_reviewer"])}
    assert len(rows) >= 5
    # One service is down now with its unhandled anomaly; the others are up.
    assert [code for code, s in rows.items() if s.state == "down"] == ["360102-MZ-0002"]
    assert all(s.state == "up" for code, s in rows.items() if code != "360102-MZ-0002")
    active = AvailabilityAnomaly.objects.active().get()
    assert (active.service.code, active.status) == ("360102-MZ-0002", "open")
    resolved = AvailabilityAnomaly.objects.filter(status="resolved")
    assert resolved.count() >= 3
    assert resolved.filter(events__action="acknowledge").exists()
    assert {a.service.owner_org.code for a in AvailabilityAnomaly.objects.all()} >= {"360102", "360100", "360400"}
    # A few services have lower uptime; every demo service has a month of daily figures for the charts.
    assert sum(1 for s in rows.values() if s.uptime_30d < 99.5) >= 2
    for service in rows.values():
        assert sum(1 for day in daily_series(service) if day["checks"]) >= 29, service.code
    # Every outage of N checks or more in the raw results has its anomaly, started at its first failed check.
    for service in rows.values():
        starts = set(AvailabilityAnomaly.objects.filter(service=service).values_list("started_at", flat=True))
        for start in failure_runs(service):
            assert start in starts, (service.code, start)
    # The owner was told about the open anomaly.
    assert users["donghu_submitter"].notifications.filter(url__contains="/anomalies/").exists()

    call_command("seed_demo", verbosity=0)
    assert (ProbeResult.objects.count(), UptimeDay.objects.count(), AvailabilityAnomaly.objects.count()) == counts

    client = web(users["operator_publisher"])
    assert client.get(reverse("maintenance:monitoring-dashboard")).status_code == 200
    page = client.get(reverse("maintenance:monitoring-service", args=[active.service_id]))
    assert page.status_code == 200 and page.context["days_with_checks"] >= 29
