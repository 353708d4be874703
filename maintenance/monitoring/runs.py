"""One probe run: probe services concurrently, store the results in one bulk insert, track anomalies."""

from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import anomalies
from .models import ProbeResult
from .probe import probe


def probe_services(services, prober=None):
    """[(service, checked_at, outcome)] for `services`, at most settings.MONITOR_CONCURRENCY at a time.

    The worker threads only touch the network (no database), and every probe is bounded by its own deadline,
    so the run ends within about ceil(len / concurrency) timeouts whatever the servers do."""
    prober = prober or probe
    services = list(services)
    if not services:
        return []

    def one(service):
        checked_at = timezone.now()
        return service, checked_at, prober(service.entry_url)

    workers = max(1, min(settings.MONITOR_CONCURRENCY, len(services)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="monitor") as pool:
        return list(pool.map(one, services))


def record(results):
    """Store a run's results and open/resolve anomalies, in one transaction. Returns a summary."""
    with transaction.atomic():
        ProbeResult.objects.bulk_create([
            ProbeResult(service=service, checked_at=checked_at, ok=outcome.ok, status_code=outcome.status_code,
                        response_ms=outcome.response_ms, error=outcome.error_code or "")
            for service, checked_at, outcome in results
        ])
        opened, resolved = anomalies.track(results)
    return {"probed": len(results), "ok": sum(1 for *_rest, o in results if o.ok), "opened": opened,
            "resolved": resolved}
