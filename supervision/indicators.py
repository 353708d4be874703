"""Evaluation figures of the supervision chapter itself (declared in SupervisionConfig.evaluation_indicators()):
the on-time closure of rectifications, and the alerts raised in the period by level (counted for deductions, each
with its evidence: which alert, of which rule, raised when)."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator
from ganfutong_admin.core.measures import count_per_org, period_bounds, rate_per_org
from ganfutong_admin.workflow.models import Rectification, RectificationStatus

from .alerts.models import Alert, AlertLevel


def rectifications_on_time(org_ids, start, end):
    """Rectifications falling due in the period that were accepted (or waived) by their due time."""
    since, until = period_bounds(start, end)
    qs = Rectification.objects.filter(owner_org_id__in=org_ids, due_at__gte=since, due_at__lt=until)
    return rate_per_org(qs, Q(status=RectificationStatus.WAIVED)
                        | Q(status=RectificationStatus.ACCEPTED, closed_at__lte=F("due_at")))


def _alerts(level, org_ids, start, end):
    since, until = period_bounds(start, end)
    return Alert.objects.filter(owner_org_id__in=org_ids, level=level, raised_at__gte=since, raised_at__lt=until)


def alert_count(level):
    def measure(org_ids, start, end):
        return count_per_org(_alerts(level, org_ids, start, end))

    def evidence(org_ids, start, end):
        found = {}
        for alert in _alerts(level, org_ids, start, end).order_by("raised_at", "pk"):
            found.setdefault(alert.owner_org_id, []).append({
                "kind": "alert", "id": alert.pk, "label": f"{alert.rule_label}：{alert.source_label}",
                "level": alert.level, "date": timezone.localtime(alert.raised_at).strftime("%Y-%m-%d"),
                "url": reverse("supervision:alert-detail", args=[alert.pk])})
        return found

    measure.evidence = evidence
    return measure


INDICATORS = (
    EvaluationIndicator("supervision.rectifications_on_time", _("Rectifications closed on time"), "第二十四条",
                        rectifications_on_time, default_weight=10),
    EvaluationIndicator("supervision.alerts_red", _("Red cards raised"), "第二十四条", alert_count(AlertLevel.RED),
                        kind="count"),
    EvaluationIndicator("supervision.alerts_yellow", _("Yellow cards raised"), "第二十四条",
                        alert_count(AlertLevel.YELLOW), kind="count"),
    EvaluationIndicator("supervision.alerts_reminder", _("Reminders raised"), "第二十四条",
                        alert_count(AlertLevel.REMINDER), kind="count"),
)
