"""What supervision asks of security incidents, in SQL: reported later than the limit stored on the incident."""

from django.db.models import Case, Count, F, FloatField, When
from django.db.models.functions import Cast

from .models import SecurityIncident, within_limit_q


def reported_late(now):
    """Incidents reported after their limit; the breach began when the limit ran out."""
    return SecurityIncident.objects.reported_late().with_deadline().annotate(breach_started_at=F("report_due_at"))


def reported_in_time_rate(org_unit_ids, period_start, period_end):
    """Share of each org unit's incidents occurring in the period that were reported within their limit."""
    rows = (SecurityIncident.objects.filter(owner_org_id__in=org_unit_ids, occurred_at__date__gte=period_start,
                                            occurred_at__date__lte=period_end)
            .values("owner_org_id")
            .annotate(total=Count("pk"), in_time=Count("pk", filter=within_limit_q()))
            .annotate(rate=Case(When(total=0, then=None),
                                default=Cast(F("in_time"), FloatField()) / Cast(F("total"), FloatField()),
                                output_field=FloatField())))
    return {row["owner_org_id"]: row["rate"] for row in rows}
