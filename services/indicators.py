"""Evaluation indicators (第二十五条) over service-management data, declared in ServicesConfig."""

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator
from ganfutong_admin.core.measures import period_bounds, rate_per_org
from ganfutong_admin.workflow.models import Filing, FilingEvent


def emergency_written_on_time(org_ids, start, end):
    """Emergency delistings falling due in the period whose written filing came in time (or is not yet late)."""
    since, until = period_bounds(start, end)
    qs = Filing.objects.filter(kind="emergency_delisting", owner_org_id__in=org_ids, due_at__gte=since,
                               due_at__lt=until)
    return rate_per_org(qs, Q(submitted_at__isnull=False, submitted_at__lte=F("due_at")))


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
