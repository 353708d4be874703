"""Criticisms in published circulars, as supervision counts them (第十四条、第二十五条): one query."""

from datetime import datetime, time

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator

from .models import CircularEntry, CircularResult, CircularStatus

INDICATOR = "operations.circular_criticisms"


def _moment(value, end=False):
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.max if end else time.min))


def criticisms(org_unit_ids, period_start, period_end):
    """Per org unit: criticisms in circulars published within the period (both days included)."""
    rows = (CircularEntry.objects.filter(org_unit_id__in=list(org_unit_ids), result=CircularResult.CRITICISM,
                                         circular__status=CircularStatus.PUBLISHED,
                                         circular__published_at__gte=_moment(period_start),
                                         circular__published_at__lte=_moment(period_end, end=True))
            .values("org_unit_id").annotate(n=Count("pk")).values_list("org_unit_id", "n"))
    return dict(rows)


def indicators():
    return (EvaluationIndicator(INDICATOR, _("Criticisms in circulars"), "第十四条", criticisms, kind="count"),)
