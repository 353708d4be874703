"""运营报告及通报整改按时办结率 (第十四条、第二十五条): of the rectifications opened by the findings of operations
reports and by circulars, the share closed on time, per org unit, in one grouped query. As the kernel's rectification
figure (supervision.rectifications_on_time) counts them: those falling due in the period; on time when accepted by
their due time, or waived."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator
from ganfutong_admin.core.measures import period_bounds, rate_per_org
from ganfutong_admin.workflow.models import Rectification, RectificationStatus

from ..circulars.models import Circular, CircularEntry
from .models import ReportFinding

INDICATOR = "operations.rectifications_on_time"
SOURCES = (ReportFinding, Circular, CircularEntry)


def rectifications_on_time(org_unit_ids, period_start, period_end):
    since, until = period_bounds(period_start, period_end)
    # The sources by name, joined in one query: the content-type cache would make the count vary with what ran before.
    qs = Rectification.objects.filter(owner_org_id__in=list(org_unit_ids), source_type__app_label="operations",
                                      source_type__model__in=[m._meta.model_name for m in SOURCES],
                                      due_at__gte=since, due_at__lt=until)
    return rate_per_org(qs, Q(status=RectificationStatus.WAIVED)
                        | Q(status=RectificationStatus.ACCEPTED, closed_at__lte=F("due_at")))


def indicators():
    return (EvaluationIndicator(INDICATOR, _("Rectifications of operations reports and circulars closed on time"),
                                "第十四条", rectifications_on_time),)
