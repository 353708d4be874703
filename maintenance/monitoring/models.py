"""Availability monitoring of listed services (第十七条): probe results, daily uptime, anomalies.

- ProbeResult: one check of one service's entry URL, stored compactly; raw rows are kept
  settings.MONITOR_RAW_RESULT_DAYS days, then only their daily roll-up (UptimeDay) remains.
- UptimeDay: checks, successes and response times of one service on one day (Asia/Shanghai).
- AvailabilityAnomaly: N consecutive failed checks of a service; owned by the service's owner org, moved through
  the kernel workflow engine (open → acknowledged → resolved), resolved automatically by the next success.

Probe results and uptime days belong to a service, not to an org unit of their own: who may read them follows
who may read the service (ServiceMeasurementQuerySet), with the uptime permission of ROLES.md's maintenance roles.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import VIEW, ScopedQuerySet
from ganfutong_admin.workflow.engine import Lifecycle, Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

from .errors import ErrorCode, error_label

__all__ = ["ProbeResult", "UptimeDay", "AvailabilityAnomaly", "AnomalyEvent", "AnomalyStatus"]

# Reading measurements needs this permission (every maintenance reader holds it) plus sight of the service.
MEASUREMENT_PERMISSION = "maintenance.view_uptimeday"


class ServiceMeasurement:
    """Measurements are read-only data about a service: visible when the service is (404 otherwise), read with
    the uptime permission."""

    scope_through = "service"
    scope_permissions = {VIEW: MEASUREMENT_PERMISSION}


class ProbeResult(ServiceMeasurement, models.Model):
    """One check. Not history-tracked: append-only measurements written in bulk every few minutes for every
    listed service and purged after a fortnight; nobody edits them, so a history table would only double
    the biggest table of the app. The daily roll-up and the anomalies are what people work with."""

    service = models.ForeignKey("services.Service", on_delete=models.CASCADE, related_name="probe_results",
                                verbose_name=_("service"))
    checked_at = models.DateTimeField(_("checked at"))
    ok = models.BooleanField(_("available"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=24, blank=True, choices=ErrorCode.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("probe result")
        verbose_name_plural = _("probe results")
        indexes = [
            models.Index(fields=["service", "checked_at"], name="probe_service_checked"),
            models.Index(fields=["checked_at"], name="probe_checked"),  # roll-up and purge by time
        ]

    def __str__(self):
        return f"{self.service_id} {self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error}"

    @property
    def error_label(self):
        return error_label(self.error)


class UptimeDay(ServiceMeasurement, models.Model):
    """The roll-up of one service's checks on one day. Not history-tracked either: it is recomputed from the raw
    results (idempotently) by roll_up_uptime, never edited."""

    service = models.ForeignKey("services.Service", on_delete=models.CASCADE, related_name="uptime_days",
                                verbose_name=_("service"))
    date = models.DateField(_("date"))
    checks = models.PositiveIntegerField(_("checks"))
    successes = models.PositiveIntegerField(_("successful checks"))
    avg_ms = models.PositiveIntegerField(_("average response time (ms)"), null=True, blank=True)
    max_ms = models.PositiveIntegerField(_("maximum response time (ms)"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily uptime")
        verbose_name_plural = _("daily uptime")
        ordering = ["service", "date"]
        constraints = [models.UniqueConstraint(fields=["service", "date"], name="one_uptime_day_per_service")]
        indexes = [models.Index(fields=["date"], name="uptime_day_date")]

    def __str__(self):
        return f"{self.service_id} {self.date} {self.uptime_percent}"

    @property
    def uptime_percent(self):
        return round(100 * self.successes / self.checks, 2) if self.checks else None


class AnomalyStatus(models.TextChoices):
    OPEN = "open", _("Unhandled")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("availability anomaly", "Being handled")
    RESOLVED = "resolved", pgettext_lazy("availability anomaly", "Resolved")


A = AnomalyStatus
# A service has at most one anomaly in these states (database constraint below).
ACTIVE_STATES = (A.OPEN, A.ACKNOWLEDGED)

ANOMALY_TRANSITIONS = [
    # The owner org (or the operator) says it knows and is on it; the note is kept.
    Transition((A.OPEN,), "acknowledge", A.ACKNOWLEDGED, "acknowledge_anomaly", _("Acknowledge and handle"),
               comment_required=True, style="warning"),
    # Done by the monitoring system actor at the next successful check, or by the operator by hand
    # (e.g. the service was delisted while down), with the reason.
    Transition((A.OPEN, A.ACKNOWLEDGED), "resolve", A.RESOLVED, "manage_monitoring",
               pgettext_lazy("availability anomaly", "Mark resolved"), comment_required=True, style="success"),
]


class AnomalyQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATES)


class AvailabilityAnomaly(WorkflowRecord, OrgOwned):
    """A service that failed settings.MONITOR_FAILURE_THRESHOLD checks in a row. owner_org is the service's owner."""
    # The cause of a failure is for the operator only (the owner sees 不可用): never in the history table either.
    HISTORY_HIDDEN_FIELDS = ("last_error", "last_status_code")

    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="anomalies",
                                verbose_name=_("service"))
    status = models.CharField(_("status"), max_length=20, choices=AnomalyStatus.choices, default=A.OPEN,
                              db_index=True)
    started_at = models.DateTimeField(_("first failed check"), db_index=True)
    last_failure_at = models.DateTimeField(_("last failed check"))
    consecutive_failures = models.PositiveIntegerField(_("consecutive failed checks"))
    last_error = models.CharField(_("last error"), max_length=24, blank=True, choices=ErrorCode.choices)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(pgettext_lazy("availability anomaly", "acknowledged at"),
                                           null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("acknowledged by"))
    acknowledgement_note = models.TextField(_("acknowledgement note"), blank=True)
    resolved_at = models.DateTimeField(pgettext_lazy("availability anomaly", "resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("resolved by"))
    resolution_note = models.TextField(_("resolution"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = AnomalyQuerySet.as_manager()
    workflow = Workflow(ANOMALY_TRANSITIONS)

    class Meta:
        verbose_name = _("availability anomaly")
        verbose_name_plural = _("availability anomalies")
        ordering = ["-started_at", "-pk"]
        permissions = [
            ("manage_monitoring", _("Can run availability probes and resolve anomalies")),
            ("acknowledge_anomaly", _("Can acknowledge availability anomalies")),
        ]
        constraints = [
            # Never two unresolved anomalies for one service, whatever runs overlap.
            models.UniqueConstraint(fields=["service"], condition=Q(status__in=ACTIVE_STATES),
                                    name="one_active_anomaly_per_service"),
        ]
        indexes = [models.Index(fields=["owner_org", "status"], name="anomaly_owner_status")]

    def __str__(self):
        return f"{self.service.name} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("maintenance:anomaly-detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status in ACTIVE_STATES

    @property
    def last_error_label(self):
        return error_label(self.last_error)

    @property
    def duration(self):
        """From the first failed check to the resolution (or until now)."""
        return (self.resolved_at or timezone.now()) - self.started_at


class AnomalyEvent(TransitionEvent):
    record_field = "anomaly"
    other_actions = {"open": _("Opened by the monitor")}

    anomaly = models.ForeignKey(AvailabilityAnomaly, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("anomaly event")
        verbose_name_plural = _("anomaly events")
        constraints = [
            models.UniqueConstraint(fields=["anomaly", "version"], name="one_event_per_anomaly_version"),
        ]


class AnomalyLifecycle(Lifecycle):
    def apply(self, step):
        anomaly, target = step.record, step.transition.target
        anomaly._history_user = step.user  # also outside a request (the monitor runs in Celery)
        if target == A.ACKNOWLEDGED:
            anomaly.acknowledged_at, anomaly.acknowledged_by, anomaly.acknowledgement_note = (
                step.now, step.user, step.comment)
        if target == A.RESOLVED:
            anomaly.resolved_at, anomaly.resolved_by, anomaly.resolution_note = step.now, step.user, step.comment

    def on_commit(self, step):
        from .notifications import notify_anomaly_transition

        notify_anomaly_transition(step.record, step.transition, step.user, step.comment)
