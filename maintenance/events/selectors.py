"""What other chapters (supervision, evaluation) may ask of advance filings and fault reports (第十六条).

Every function returns a queryset of a scoped model, so callers keep scoping (`.visible_to(user)`) and add their own
filters and aggregates in SQL. A period is given as two dates (whole days, both included, local time) or two aware
datetimes (half-open: start included, end excluded).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ganfutong_admin.workflow.models import Filing

from .advance import KIND
from .models import FaultReport, FaultSeverity


def _bounds(period_start, period_end):
    def start_of(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    if isinstance(period_start, date) and not isinstance(period_start, datetime):
        period_start = start_of(period_start)
    if isinstance(period_end, date) and not isinstance(period_end, datetime):
        period_end = start_of(period_end + timedelta(days=1))
    return period_start, period_end


def advance_filings():
    """Every advance filing (a Filing queryset; the details are `advance_filing`)."""
    return Filing.objects.filter(kind=KIND)


def late_advance_filings(period_start, period_end):
    """Advance filings first submitted in the period that came later than the lead time allows (filed_late is stored
    at the first submission, so a resubmission after a return does not change it)."""
    start, end = _bounds(period_start, period_end)
    return (advance_filings()
            .filter(advance_filing__filed_late=True, advance_filing__first_submitted_at__gte=start,
                    advance_filing__first_submitted_at__lt=end)
            .select_related("owner_org", "advance_filing"))


def faults_with_report_delay(period_start, period_end, severity=None):
    """Fault reports that occurred in the period, annotated in SQL with `report_delay` (reported_at − occurred_at)
    and `reported_in_time` (within the limit stored on each report). severity: "major" / "ordinary" / None for both."""
    start, end = _bounds(period_start, period_end)
    qs = FaultReport.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    if severity:
        qs = qs.filter(severity=severity)
    return qs.with_report_delay().select_related("owner_org")


def major_faults_reported_late(period_start, period_end):
    """Major faults of the period not reported within the limit: what electronic supervision raises."""
    return faults_with_report_delay(period_start, period_end, FaultSeverity.MAJOR).filter(reported_in_time=False)
