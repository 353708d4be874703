"""Daily uptime roll-up and purge of raw results.

Every complete day (Asia/Shanghai) that still has raw results is aggregated in SQL (TruncDate in the local time
zone) and written as UptimeDay rows with one upsert, so running it again gives the same rows (idempotent). Today is
never rolled up: figures for today come from the raw results. Then raw results of days older than
settings.MONITOR_RAW_RESULT_DAYS are deleted, cut at a local midnight so that no day is left half-purged (a day
still in the raw table always has all its results and recomputes to the same roll-up).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ProbeResult, UptimeDay


def local_midnight(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def roll_up(today=None):
    today = today or timezone.localdate()
    tz = timezone.get_default_timezone()  # Asia/Shanghai
    rows = (ProbeResult.objects.filter(checked_at__lt=local_midnight(today))
            .annotate(day=TruncDate("checked_at", tzinfo=tz))
            .values("service_id", "day")
            .annotate(checks=Count("pk"), successes=Count("pk", filter=Q(ok=True)),
                      avg_ms=Avg("response_ms"), max_ms=Max("response_ms"))
            .order_by("service_id", "day"))
    days = [UptimeDay(service_id=r["service_id"], date=r["day"], checks=r["checks"], successes=r["successes"],
                      avg_ms=round(r["avg_ms"]) if r["avg_ms"] is not None else None, max_ms=r["max_ms"])
            for r in rows]
    UptimeDay.objects.bulk_create(days, batch_size=1000, update_conflicts=True, unique_fields=["service", "date"],
                                  update_fields=["checks", "successes", "avg_ms", "max_ms"])
    cutoff = local_midnight(today - timedelta(days=settings.MONITOR_RAW_RESULT_DAYS))
    purged, _ = ProbeResult.objects.filter(checked_at__lt=cutoff).delete()
    return {"days": len(days), "purged": purged}
