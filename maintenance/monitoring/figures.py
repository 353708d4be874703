"""Monitoring figures as SQL: current state, last check, uptime over 24 h / 7 d / 30 d, unresolved anomalies.

`monitored_in_scope(user)` is the one queryset behind the dashboard, its export, the per-service page and the
status API: the monitored services the user may see, each annotated by correlated subqueries (indexed on
(service, checked_at)), so a page of any size is one query.

- 24 h: the raw results of the last 24 hours.
- 7 d / 30 d: the daily roll-ups of the previous 6 / 29 days plus today's raw results (today is never rolled up).
- state: "up" / "down" from the last result; "unknown" without any result in the raw window.
"""

from datetime import timedelta

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from services.selectors import monitored_services

from .models import AvailabilityAnomaly, ProbeResult, UptimeDay
from .rollup import local_midnight

UP, DOWN, UNKNOWN = "up", "down", "unknown"
STATES = (UP, DOWN, UNKNOWN)


def _scalar(queryset, expression, output_field):
    """One aggregate of a correlated queryset, as a subquery (GROUP BY the service)."""
    return Subquery(queryset.values("service_id").annotate(v=expression).values("v")[:1], output_field=output_field)


def _percent(successes, checks):
    return Cast(successes, FloatField()) * Value(100.0) / NullIf(Cast(checks, FloatField()), Value(0.0))


def annotate_figures(services, user, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    raw = ProbeResult.objects.filter(service_id=OuterRef("pk"))
    latest = raw.order_by("-checked_at")
    raw_today = raw.filter(checked_at__gte=local_midnight(today))
    raw_24h = raw.filter(checked_at__gte=now - timedelta(hours=24))
    count_ok = Count("pk", filter=Q(ok=True))

    def days(n):
        return UptimeDay.objects.filter(service_id=OuterRef("pk"), date__gte=today - timedelta(days=n - 1),
                                        date__lt=today)

    anomalies = AvailabilityAnomaly.objects.visible_to(user).active().filter(service_id=OuterRef("pk"))
    services = services.annotate(
        last_checked_at=Subquery(latest.values("checked_at")[:1]),
        last_ok=Subquery(latest.values("ok")[:1]),
        last_error=Subquery(latest.values("error")[:1]),
        last_response_ms=Subquery(latest.values("response_ms")[:1]),
        last_status_code=Subquery(latest.values("status_code")[:1]),
        checks_24h=Coalesce(_scalar(raw_24h, Count("pk"), IntegerField()), 0),
        successes_24h=Coalesce(_scalar(raw_24h, count_ok, IntegerField()), 0),
        avg_ms_24h=_scalar(raw_24h, Avg("response_ms"), FloatField()),
        checks_today=Coalesce(_scalar(raw_today, Count("pk"), IntegerField()), 0),
        successes_today=Coalesce(_scalar(raw_today, count_ok, IntegerField()), 0),
        checks_7d=Coalesce(_scalar(days(7), Sum("checks"), IntegerField()), 0) + F("checks_today"),
        successes_7d=Coalesce(_scalar(days(7), Sum("successes"), IntegerField()), 0) + F("successes_today"),
        checks_30d=Coalesce(_scalar(days(30), Sum("checks"), IntegerField()), 0) + F("checks_today"),
        successes_30d=Coalesce(_scalar(days(30), Sum("successes"), IntegerField()), 0) + F("successes_today"),
        open_anomalies=Coalesce(_scalar(anomalies, Count("pk"), IntegerField()), 0),
    )
    return services.annotate(
        state=Case(When(last_ok=True, then=Value(UP)), When(last_ok=False, then=Value(DOWN)),
                   default=Value(UNKNOWN), output_field=CharField()),
        uptime_24h=_percent(F("successes_24h"), F("checks_24h")),
        uptime_7d=_percent(F("successes_7d"), F("checks_7d")),
        uptime_30d=_percent(F("successes_30d"), F("checks_30d")),
    )


def monitored_in_scope(user, now=None):
    """Monitored services the user may see, with their figures; empty without the uptime permission."""
    if not user.has_perm("maintenance.view_uptimeday"):
        return monitored_services().none()
    services = monitored_services().visible_to(user).select_related("owner_org")
    return annotate_figures(services, user, now)


def daily_series(service, days=30, now=None):
    """[{date, checks, successes, uptime, avg_ms, max_ms}] for the last `days` days (today from raw results):
    two queries whatever the number of days; days without checks have None figures."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=days - 1)
    rolled = {d.date: d for d in UptimeDay.objects.filter(service=service, date__gte=first, date__lt=today)}
    live = ProbeResult.objects.filter(service=service, checked_at__gte=local_midnight(today)).aggregate(
        checks=Count("pk"), successes=Count("pk", filter=Q(ok=True)), avg_ms=Avg("response_ms"),
        max_ms=Max("response_ms"),
    )
    series = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day == today:
            checks, successes = live["checks"], live["successes"]
            avg_ms = round(live["avg_ms"]) if live["avg_ms"] is not None else None
            max_ms = live["max_ms"]
        elif day in rolled:
            d = rolled[day]
            checks, successes, avg_ms, max_ms = d.checks, d.successes, d.avg_ms, d.max_ms
        else:
            checks, successes, avg_ms, max_ms = 0, 0, None, None
        series.append({
            "date": day.isoformat(), "checks": checks, "successes": successes,
            "uptime": round(100 * successes / checks, 2) if checks else None, "avg_ms": avg_ms, "max_ms": max_ms,
        })
    return series
