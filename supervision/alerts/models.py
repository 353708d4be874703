"""Supervision alerts (电子监察, 第二十四条).

An alert is one breach of one rule by one record (any model: a generic link), owned by the org unit responsible
for the record. Its level follows how long the breach has lasted — 提醒, then 黄牌 and 红牌 after the thresholds in
force when it was raised (policy parameters, kept on the alert). The runner raises it once (a partial unique
constraint: one unresolved alert per rule and record), escalates it while the breach persists and resolves it,
with the time, when the record leaves the rule's query. The owner acknowledges it (open → acknowledged).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from ganfutong_admin.core import chapters
from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Lifecycle, Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

__all__ = ["Alert", "AlertEvent", "AlertLevel", "AlertStatus"]


class AlertLevel(models.TextChoices):
    REMINDER = "reminder", pgettext_lazy("alert level", "Reminder")
    YELLOW = "yellow", pgettext_lazy("alert level", "Yellow card")
    RED = "red", pgettext_lazy("alert level", "Red card")


LEVEL_ORDER = {AlertLevel.REMINDER: 0, AlertLevel.YELLOW: 1, AlertLevel.RED: 2}


class AlertStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("supervision alert", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("supervision alert", "Acknowledged")
    RESOLVED = "resolved", pgettext_lazy("supervision alert", "Resolved")


A = AlertStatus
ACTIVE_STATES = (A.OPEN, A.ACKNOWLEDGED)

ALERT_TRANSITIONS = [
    # The responsible org unit says it knows and what it does about it.
    Transition((A.OPEN,), "acknowledge", A.ACKNOWLEDGED, "acknowledge_alert",
               pgettext_lazy("supervision alert", "Acknowledge"), comment_required=True, style="warning"),
    # Only the rule runner resolves: the breach is gone.
    Transition((A.OPEN, A.ACKNOWLEDGED), "resolve", A.RESOLVED, "run_rules",
               pgettext_lazy("supervision alert", "Resolve"), internal=True,
               payload="supervision.alerts.models.ResolvePayload"),
]


class ResolvePayload(serializers.Serializer):
    """When the runner found the breach gone (the time of its run)."""

    resolved_at = serializers.DateTimeField()


class AlertQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATES)


class Alert(WorkflowRecord, OrgOwned):
    rule = models.CharField(_("rule"), max_length=80, db_index=True)
    article = models.CharField(_("article"), max_length=20, blank=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("record type"))
    source_id = models.PositiveBigIntegerField(_("record id"))
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("record"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.REMINDER,
                             db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=AlertStatus.choices, default=A.OPEN,
                              db_index=True)
    breach_started_at = models.DateTimeField(_("breach started at"))
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked at"))
    # The thresholds in force when the alert was raised (policy parameters), kept with it.
    yellow_after_days = models.PositiveSmallIntegerField(_("yellow card after (days)"))
    red_after_days = models.PositiveSmallIntegerField(_("red card after (days)"))
    acknowledged_at = models.DateTimeField(pgettext_lazy("supervision alert", "acknowledged at"), null=True,
                                           blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("acknowledged by"))
    acknowledgement_note = models.TextField(_("acknowledgement note"), blank=True)
    resolved_at = models.DateTimeField(pgettext_lazy("supervision alert", "resolved at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = AlertQuerySet.as_manager()
    workflow = Workflow(ALERT_TRANSITIONS)
    # docs/roles.md: the operator sees every record of the catalog, filings and maintenance, not of supervision.
    scope_everything = {}

    class Meta:
        verbose_name = _("supervision alert")
        verbose_name_plural = _("supervision alerts")
        ordering = ["-raised_at", "-pk"]
        permissions = [
            ("acknowledge_alert", _("Can acknowledge supervision alerts of its org unit")),
            ("run_rules", _("Can run the electronic supervision rules")),
        ]
        constraints = [
            # Never two unresolved alerts for one breach, whatever runs overlap.
            models.UniqueConstraint(fields=["rule", "source_type", "source_id"], condition=Q(status__in=ACTIVE_STATES),
                                    name="one_active_alert_per_breach"),
        ]
        indexes = [models.Index(fields=["owner_org", "status"], name="alert_owner_status")]

    def __str__(self):
        return f"{self.rule_label} · {self.source_label}"

    def get_absolute_url(self):
        return reverse("supervision:alert-detail", args=[self.pk])

    @property
    def rule_label(self):
        rule = rules_by_code().get(self.rule)
        return rule.label if rule else self.rule

    @property
    def is_active(self):
        return self.status in ACTIVE_STATES

    @property
    def source_url(self):
        getter = getattr(self.source, "get_absolute_url", None)
        return getter() if getter else ""


def rules_by_code():
    return {rule.code: rule for rule in chapters.supervision_rules()}


class AlertEvent(TransitionEvent):
    record_field = "alert"
    other_actions = {"raise": _("Raised by electronic supervision"), "escalate": _("Escalated")}

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        constraints = [models.UniqueConstraint(fields=["alert", "version"], name="one_event_per_alert_version")]


class AlertLifecycle(Lifecycle):
    def apply(self, step):
        alert, target = step.record, step.transition.target
        alert._history_user = step.user
        if target == A.ACKNOWLEDGED:
            alert.acknowledged_at, alert.acknowledged_by, alert.acknowledgement_note = step.now, step.user, step.comment
        if target == A.RESOLVED:
            alert.resolved_at = step.data["resolved_at"]
