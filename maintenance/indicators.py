"""Evaluation indicators (第二十五条) over maintenance data, declared in MaintenanceConfig."""

from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator
from ganfutong_admin.core.measures import count_per_org, period_bounds, rate_per_org
from ganfutong_admin.workflow.deadlines import late_events
from ganfutong_admin.workflow.models import Filing

from .events.models import FaultReport, within_limit_q
from .hotline.models import Satisfaction, WorkOrder, WorkOrderEvent
from .monitoring.models import UptimeDay

SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


def work_orders_on_time(org_ids, start, end):
    """Work orders replied in the period within their time limits: acknowledged and replied on time. A late
    acknowledgement or reply is read from the stored fact on the timeline (workflow.deadlines), so it counts as
    late even after the light has turned green."""
    since, until = period_bounds(start, end)
    qs = (WorkOrder.objects.filter(owner_org_id__in=org_ids, replied_at__gte=since, replied_at__lt=until)
          .annotate(was_late=late_events(WorkOrderEvent)))
    return rate_per_org(qs, Q(was_late=False) & (Q(due_at__isnull=True) | Q(replied_at__lte=F("due_at"))))


def satisfied_callbacks(org_ids, start, end):
    """Callbacks of the period that were satisfied or very satisfied."""
    since, until = period_bounds(start, end)
    qs = WorkOrder.objects.filter(owner_org_id__in=org_ids, callback_at__gte=since, callback_at__lt=until,
                                  satisfaction__gt="")
    return rate_per_org(qs, Q(satisfaction__in=SATISFIED))


def uptime(org_ids, start, end):
    """Successful checks / checks of the owner's services over the days of the period."""
    rows = (UptimeDay.objects.filter(service__owner_org_id__in=org_ids, date__gte=start, date__lte=end)
            .values("service__owner_org_id").annotate(ok=Sum("successes"), all=Sum("checks")).order_by())
    return {r["service__owner_org_id"]: r["ok"] / r["all"] for r in rows if r["all"]}


def advance_and_fault_reports_on_time(org_ids, start, end):
    """Advance filings submitted in time and fault reports within the limit, together (two grouped queries)."""
    since, until = period_bounds(start, end)
    filings = Filing.objects.filter(owner_org_id__in=org_ids, advance_filing__first_submitted_at__gte=since,
                                    advance_filing__first_submitted_at__lt=until)
    faults = FaultReport.objects.filter(owner_org_id__in=org_ids, occurred_at__gte=since, occurred_at__lt=until)
    totals, good = {}, {}
    for qs, ok in ((filings, Q(advance_filing__filed_late=False)), (faults, within_limit_q())):
        for org, n in count_per_org(qs).items():
            totals[org] = totals.get(org, 0) + n
        for org, n in count_per_org(qs.filter(ok)).items():
            good[org] = good.get(org, 0) + n
    return {org: good.get(org, 0) / n for org, n in totals.items() if n}


INDICATORS = (
    EvaluationIndicator("maintenance.work_orders_on_time", _("Hotline work orders completed within the time limit"),
                        "第十八条", work_orders_on_time, default_weight=10),
    EvaluationIndicator("maintenance.satisfied_callbacks", _("Satisfied callbacks"), "第十八条", satisfied_callbacks,
                        default_weight=5),
    EvaluationIndicator("maintenance.uptime", _("Uptime of listed services"), "第十七条", uptime, default_weight=5),
    EvaluationIndicator("maintenance.reports_on_time", _("Advance filings on time and faults reported in time"),
                        "第十六条", advance_and_fault_reports_on_time, default_weight=5),
)
