"""Evaluation indicators (第二十五条) over service-management data, declared in ServicesConfig."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator
from ganfutong_admin.core.measures import period_bounds, rate_per_org
from ganfutong_admin.workflow.models import Filing, FilingEvent, FilingStatus


def emergency_written_on_time(org_ids, start, end):
    """Emergency delistings reported orally in the period whose written filing came in time (or is not yet
    late). Whether it came in time is the fact stored on its submit_written timeline row (workflow.deadlines): the
    filing's due_at is the review deadline once the written filing is in."""
    since, until = period_bounds(start, end)
    on_time = FilingEvent.objects.filter(filing=OuterRef("pk"), action="submit_written", late_working_days=0)
    qs = (Filing.objects.filter(kind="emergency_delisting", owner_org_id__in=org_ids,
                                oral_report__reported_at__gte=since, oral_report__reported_at__lt=until)
          .annotate(written_on_time=Exists(on_time)))
    return rate_per_org(qs, Q(written_on_time=True) | Q(status=FilingStatus.ORAL_REPORTED, due_at__gte=Now()))


def listing_approved_first_time(org_ids, start, end):
    """Listing filings decided in the period that were approved without ever being returned."""
    since, until = period_bounds(start, end)
    returned = FilingEvent.objects.filter(filing=OuterRef("pk"), action="return")
    qs = (Filing.objects.filter(kind="service_listing", owner_org_id__in=org_ids, decided_at__gte=since,
                                decided_at__lt=until, status__in=("approved", "rejected"))
          .annotate(was_returned=Exists(returned)))
    return rate_per_org(qs, Q(status="approved", was_returned=False))


INDICATORS = (
    EvaluationIndicator("services.emergency_written_on_time", _("Emergency delistings with the written filing on time"),
                        "第十一条", emergency_written_on_time, default_weight=10),
    EvaluationIndicator("services.listing_approved_first_time",
                        _("Listing filings approved without being returned"), "第十条", listing_approved_first_time,
                        default_weight=5),
)
