"""What other chapters may ask of the maintenance chapter (docs/architecture.md: chapters talk through a selector
module or a foreign key). The operations reports (第十四条) count work orders, bad reviews and uptime from here.
Every function returns a queryset or plain values, so callers keep scoping and add their own filters in SQL."""

from .hotline.models import UNSATISFIED_LEVELS, BadReview, Satisfaction, WorkOrder, WorkOrderType
from .monitoring.models import UptimeDay

__all__ = ["SATISFIED_LEVELS", "UNSATISFIED_LEVELS", "WorkOrderType", "bad_reviews", "uptime_days", "work_orders"]

SATISFIED_LEVELS = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


def work_orders():
    """Every 12345 work order (第十八条): `owner_org`, `type`, `received_at`, `due_at`, `replied_at`, `satisfaction`."""
    return WorkOrder.objects.all()


def bad_reviews():
    """The bad reviews that count (not excluded by an upheld appeal), with their `rectification`."""
    return BadReview.objects.counted()


def uptime_days():
    """Daily uptime roll-ups of every monitored service (`service__owner_org`, `date`, `checks`, `successes`)."""
    return UptimeDay.objects.all()
