"""Electronic supervision (电子监察) rules over maintenance data, declared in MaintenanceConfig.supervision_rules().

Each rule is one query of the breaching records as of `now`, annotated with `owner_org_id` (a field of the
record, or its filing's) and `breach_started_at` (the deadline that passed, the moment the outage began).
"""

from datetime import timedelta

from django.db.models import Case, DateTimeField, F, Q, When
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import SupervisionRule
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.models import RECTIFICATION_OPEN_STATES, Filing

from .hotline.models import HANDLING_STATES, BadReview, BadReviewStatus, WorkOrder, WorkOrderStatus
from .monitoring.models import AvailabilityAnomaly
from .parameters import SERVICE_UNAVAILABLE_ALERT_MINUTES


def advance_filing_late(now):
    """第十六条: an advance filing submitted with less lead time than required; it breaches until its window
    has ended (then the event is over and the alert closes)."""
    return (Filing.objects.filter(advance_filing__filed_late=True, advance_filing__window_end__gt=now)
            .annotate(breach_started_at=F("advance_filing__required_by")))


def work_order_overdue(now):
    """第十八条: a dispatched work order not acknowledged in time, or one being handled past its time limit."""
    not_acknowledged = Q(status=WorkOrderStatus.DISPATCHED, ack_due_at__lt=now)
    not_handled = Q(status__in=HANDLING_STATES, due_at__lt=now)
    return (WorkOrder.objects.filter(not_acknowledged | not_handled)
            .annotate(breach_started_at=Case(When(status=WorkOrderStatus.DISPATCHED, then=F("ack_due_at")),
                                             default=F("due_at"), output_field=DateTimeField())))


def bad_review_rectification_overdue(now):
    """第十八条: a counted bad review whose rectification is still open past its due time."""
    return (BadReview.objects.counted()
            .filter(status__in=(BadReviewStatus.ACTIVE, BadReviewStatus.APPEAL_REJECTED),
                    rectification__status__in=RECTIFICATION_OPEN_STATES, rectification__due_at__lt=now)
            .annotate(breach_started_at=F("rectification__due_at")))


def service_unavailable(now):
    """第十七条: a service unavailable (an unresolved anomaly) for longer than the threshold in force now."""
    threshold = timedelta(minutes=policy_value(SERVICE_UNAVAILABLE_ALERT_MINUTES, now))
    return (AvailabilityAnomaly.objects.active().filter(started_at__lt=now - threshold)
            .annotate(breach_started_at=F("started_at")))


RULES = (
    SupervisionRule("maintenance.advance_filing_late", _("Advance filing submitted late"), "第十六条",
                    advance_filing_late),
    SupervisionRule("maintenance.work_order_overdue", _("12345 work order overdue"), "第十八条", work_order_overdue),
    SupervisionRule("maintenance.bad_review_rectification_overdue", _("Rectification of a bad review overdue"),
                    "第十八条", bad_review_rectification_overdue),
    SupervisionRule("maintenance.service_unavailable", _("Service unavailable longer than the threshold"),
                    "第十七条", service_unavailable),
)
