"""Opening and resolving availability anomalies from the results of a probe run.

- A service whose last settings.MONITOR_FAILURE_THRESHOLD (N) checks failed, with no unresolved anomaly, gets one
  (status "open"). The streak is counted in SQL from the raw results: failures after the last success.
- While it stays down, the anomaly's counters follow the streak.
- The next successful check resolves it: the engine's "resolve" transition, performed by the monitoring system
  actor, with a comment saying which check succeeded.
Opening is race-safe: a partial unique constraint allows one unresolved anomaly per service; a run that loses
the race (another run opened it a moment earlier) only updates the counters.
"""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, DateTimeField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.workflow import engine

from .actor import system_actor
from .models import AnomalyStatus, AvailabilityAnomaly, ProbeResult

log = logging.getLogger(__name__)
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def failure_streaks(service_ids):
    """{service_id: (failures since the last success, first failure, last failure)} in one query."""
    last_success = (ProbeResult.objects.filter(service_id=OuterRef("service_id"), ok=True)
                    .order_by("-checked_at").values("checked_at")[:1])
    rows = (ProbeResult.objects.filter(service_id__in=service_ids, ok=False)
            .filter(checked_at__gt=Coalesce(Subquery(last_success), Value(NEVER), output_field=DateTimeField()))
            .values("service_id").annotate(n=Count("pk"), first=Min("checked_at"), last=Max("checked_at"))
            .order_by())
    return {r["service_id"]: (r["n"], r["first"], r["last"]) for r in rows}


def track(results):
    """After a run's results are saved: open, update and resolve anomalies. `results` is the run's
    [(service, checked_at, outcome)]. Returns (opened, resolved) counts."""
    threshold = max(1, settings.MONITOR_FAILURE_THRESHOLD)
    failed = {service.pk: (service, checked_at, outcome) for service, checked_at, outcome in results if not outcome.ok}
    succeeded = {service.pk: (service, checked_at, outcome) for service, checked_at, outcome in results
                 if outcome.ok}
    ids = list(failed) + list(succeeded)
    active = {a.service_id: a for a in AvailabilityAnomaly.objects.active().filter(service_id__in=ids)}

    opened = 0
    if failed:
        streaks = failure_streaks(list(failed))
        to_update = []
        for service_id, (service, checked_at, outcome) in failed.items():
            count, first, last = streaks.get(service_id, (1, checked_at, checked_at))
            anomaly = active.get(service_id)
            if anomaly is not None:
                anomaly.consecutive_failures = max(anomaly.consecutive_failures + 1, count)
                anomaly.last_failure_at = max(anomaly.last_failure_at, last)
                anomaly.last_error, anomaly.last_status_code = outcome.error_code, outcome.status_code
                anomaly.updated_at = timezone.now()
                to_update.append(anomaly)
            elif count >= threshold:
                opened += open_anomaly(service, count, first, last, outcome)
        # The counters are a live tally of the raw results (which record every check): one bulk write, no
        # history row every few minutes. Opening and every status change are history-tracked (engine).
        AvailabilityAnomaly.objects.bulk_update(
            to_update, ["consecutive_failures", "last_failure_at", "last_error", "last_status_code", "updated_at"])

    resolved = 0
    for service_id, (_service, checked_at, outcome) in succeeded.items():
        anomaly = active.get(service_id)
        if anomaly is not None:
            resolved += resolve_automatically(anomaly, checked_at, outcome)
    return opened, resolved


def open_anomaly(service, count, first, last, outcome):
    """Open one anomaly for `service` (1) unless another run just did (0)."""
    actor = system_actor()
    try:
        with transaction.atomic():
            anomaly = AvailabilityAnomaly(
                owner_org_id=service.owner_org_id, service=service, created_by=actor, status=AnomalyStatus.OPEN,
                started_at=first, last_failure_at=last, consecutive_failures=count,
                last_error=outcome.error_code, last_status_code=outcome.status_code,
            )
            anomaly._history_user = actor
            anomaly.save()
            # The timeline is read by the owner: the count only, never the cause (it maps ports; see errors.py).
            comment = _("%(count)s checks in a row failed.") % {"count": count}
            anomaly.record_event(actor, "open", "", AnomalyStatus.OPEN, comment)
    except IntegrityError:
        return 0
    from .notifications import notify_anomaly_opened

    transaction.on_commit(lambda: notify_anomaly_opened(anomaly))
    return 1


def resolve_automatically(anomaly, checked_at, outcome):
    actor = system_actor()
    comment = _("Available again: the check at %(time)s succeeded (HTTP %(status)s, %(ms)s ms).") % {
        "time": timezone.localtime(checked_at).strftime("%Y-%m-%d %H:%M:%S"),
        "status": outcome.status_code, "ms": outcome.response_ms,
    }
    version = anomaly.version
    for _attempt in range(2):
        try:
            engine.perform(AvailabilityAnomaly, anomaly.pk, "resolve", actor, version, comment)
            return 1
        except engine.StaleVersion:
            # Someone acknowledged it a moment ago: resolve the new version.
            version = AvailabilityAnomaly.objects.values_list("version", flat=True).get(pk=anomaly.pk)
        except engine.NotAllowedFromState:
            return 0  # resolved by hand meanwhile
        except engine.TransitionError as exc:
            log.warning("monitoring could not resolve anomaly %s: %s", anomaly.pk, exc)
            return 0
    return 0
