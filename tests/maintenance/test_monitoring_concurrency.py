"""Two probe runs at once (PostgreSQL, real transactions): never two unresolved anomalies for one service, and an
acknowledgement racing the automatic resolution loses nothing."""


import pytest
from django.db import transaction
from django.utils import timezone
from factories_monitoring import ListedServiceFactory, make_anomaly
from testsupport import needs_postgres, run_at_once

from maintenance.monitoring import anomalies
from maintenance.monitoring.actor import system_actor
from maintenance.monitoring.models import AvailabilityAnomaly
from maintenance.monitoring.probe import ProbeOutcome

pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(target, count=2):
    def in_transaction():
        with transaction.atomic():
            return target()

    outcomes = run_at_once([in_transaction] * count, timeout=30)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert not errors, errors
    return outcomes


def test_two_runs_opening_at_once_make_one_anomaly():
    service = ListedServiceFactory()
    system_actor()
    now = timezone.now()
    outcome = ProbeOutcome(False, None, None, "timeout")
    opened = run_in_threads(lambda: anomalies.open_anomaly(service, 3, now, now, outcome))
    assert sorted(opened) == [0, 1]
    assert AvailabilityAnomaly.objects.filter(service=service).count() == 1


def test_resolution_racing_an_acknowledgement():
    """The monitor resolves while the owner acknowledges: both apply in some order, the anomaly ends resolved."""
    from factories import UserFactory, org

    from ganfutong_admin.workflow import engine

    service = ListedServiceFactory()
    anomaly = make_anomaly(service)
    owner = UserFactory(username="race_owner", org_unit=org("360102"), roles=["submitter"])
    now = timezone.now()

    def acknowledge():
        try:
            engine.perform(AvailabilityAnomaly, anomaly.pk, "acknowledge", owner, 1, "正在处理")
            return "acknowledged"
        except engine.TransitionError as exc:
            return type(exc).__name__

    def resolve():
        return anomalies.resolve_automatically(anomaly, now, ProbeOutcome(True, 200, 30, ""))

    results = dict(zip(("ack", "resolve"), run_at_once([acknowledge, resolve], timeout=30), strict=True))
    anomaly.refresh_from_db()
    assert anomaly.status == "resolved"
    assert results["resolve"] == 1  # a stale version is retried once
    assert results["ack"] in ("acknowledged", "StaleVersion", "NotAllowedFromState")
    assert list(anomaly.events.values_list("version", flat=True)) == list(range(1, anomaly.version + 1))
