"""Helpers for the chapters' evaluation indicators (chapters.EvaluationIndicator): one grouped query per figure.

    measure(org_ids, start, end) -> {org_unit_id: number}

A rate is good / all per org unit, computed in one GROUP BY; org units without records are left out (the
evaluation gives them the indicator's full score as "no data").
"""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone


def period_bounds(start, end):
    """[start 00:00, the day after end 00:00) as aware datetimes of the local time zone."""
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


def rate_per_org(queryset, good, org_field="owner_org_id"):
    """{org id: share of rows matching `good` (a Q)} over `queryset`, one query."""
    rows = (queryset.values(org_field).annotate(total=Count("pk"), good=Count("pk", filter=good))
            .order_by())
    return {row[org_field]: row["good"] / row["total"] for row in rows if row["total"]}


def count_per_org(queryset, org_field="owner_org_id"):
    """{org id: number of rows} over `queryset`, one query."""
    return {row[org_field]: row["n"] for row in queryset.values(org_field).annotate(n=Count("pk")).order_by()}

