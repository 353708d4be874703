"""Security incidents (第二十条/第二十二条/第二十三条): severity, a timeline through the workflow engine
(reported → handling → contained → closed → reviewed), the emergency-plan activation recorded with the report of
a 重大 or 特别重大 incident, the provincial authority told at once, a draft announcement for the operator, and a
closure report to close it.

The reporting limit (SECURITY_INCIDENT_REPORT_LIMIT_MINUTES) in force when the incident occurred is stored on it;
"reported late" compares with that stored value in SQL."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

from ..parameters import INCIDENT_REPORT_LIMIT_MINUTES

__all__ = ["IncidentSeverity", "IncidentStatus", "SecurityIncident", "SecurityIncidentEvent"]


class IncidentSeverity(models.TextChoices):
    GENERAL = "general", _("General (一般)")
    LARGER = "larger", _("Larger (较大)")
    MAJOR = "major", _("Major (重大)")
    ESPECIALLY_MAJOR = "especially_major", _("Especially major (特别重大)")


# 重大 and above: the emergency plan starts at once (第二十三条) and the provincial authority is told.
MAJOR_OR_ABOVE = (IncidentSeverity.MAJOR, IncidentSeverity.ESPECIALLY_MAJOR)


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("security incident", "Reported")
    HANDLING = "handling", pgettext_lazy("security incident", "Handling")
    CONTAINED = "contained", pgettext_lazy("security incident", "Contained")
    CLOSED = "closed", pgettext_lazy("security incident", "Closed")
    REVIEWED = "reviewed", pgettext_lazy("security incident", "Reviewed")


S = IncidentStatus
OPEN_STATES = (S.REPORTED, S.HANDLING, S.CONTAINED)


class ClosurePayload(serializers.Serializer):
    """The closure report given with the `close` transition: closure needs a report."""

    closure_report = serializers.CharField(max_length=8000, trim_whitespace=True,
                                           error_messages={"blank": _("Closure needs a report."),
                                                           "required": _("Closure needs a report.")})


INCIDENT_TRANSITIONS = [
    Transition((S.REPORTED,), "start_handling", S.HANDLING, "change", _("Start handling")),
    Transition((S.HANDLING,), "contain", S.CONTAINED, "change", _("Mark contained")),
    Transition((S.CONTAINED,), "close", S.CLOSED, "change", _("Close with the report"), style="success",
               payload=ClosurePayload),
    # The provincial authority reviews a closed incident (lessons, accountability: supervision links to it).
    Transition((S.CLOSED,), "review", S.REVIEWED, "review_incident", _("Record the review"), style="success",
               comment_required=True),
]


def within_limit_q():
    minutes = ExpressionWrapper(F("report_limit_minutes"), output_field=models.IntegerField())
    limit = ExpressionWrapper(minutes * Value(timedelta(minutes=1)), output_field=DurationField())
    return Q(reported_at__lte=F("occurred_at") + limit)


class IncidentQuerySet(ScopedQuerySet):
    def reported_late(self):
        return self.exclude(within_limit_q())

    def with_deadline(self):
        """report_due_at = occurred_at + the stored limit, in SQL."""
        minutes = ExpressionWrapper(F("report_limit_minutes"), output_field=models.IntegerField())
        return self.annotate(report_due_at=ExpressionWrapper(
            F("occurred_at") + ExpressionWrapper(minutes * Value(timedelta(minutes=1)), output_field=DurationField()),
            output_field=models.DateTimeField()))

    def open(self):
        return self.filter(status__in=OPEN_STATES)


class SecurityIncident(WorkflowRecord, OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("severity"), max_length=20, choices=IncidentSeverity.choices,
                                default=IncidentSeverity.GENERAL, db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    report_limit_minutes = models.PositiveIntegerField(_("reporting limit (minutes)"), editable=False)
    description = models.TextField(_("what happened"))
    impact = models.TextField(_("impact"), blank=True)
    # 第二十三条: for 重大 and above the emergency plan is started at once, recorded with the report.
    plan_activated_at = models.DateTimeField(_("emergency plan activated at"), null=True, blank=True)
    plan_name = models.CharField(_("emergency plan activated"), max_length=200, blank=True)
    provincial_notified_at = models.DateTimeField(_("provincial authority notified at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices, default=S.REPORTED,
                              db_index=True)
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)
    closure_report = models.TextField(_("closure report"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    announcement = models.OneToOneField("announcements.Announcement", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="security_incident",
                                        verbose_name=_("draft announcement"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = IncidentQuerySet.as_manager()
    workflow = Workflow(INCIDENT_TRANSITIONS)
    # docs/roles.md: in security the operator sees only its own records.
    scope_everything = {}

    class Meta:
        verbose_name = _("security incident")
        verbose_name_plural = _("security incidents")
        ordering = ["-occurred_at", "-pk"]
        permissions = [("review_incident", _("Can record the review of a security incident"))]
        indexes = [models.Index(fields=["owner_org", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("security:incident-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.report_limit_minutes is None:
            self.report_limit_minutes = policy_value(INCIDENT_REPORT_LIMIT_MINUTES, self.occurred_at)
        super().save(*args, **kwargs)

    @property
    def is_major(self):
        return self.severity in MAJOR_OR_ABOVE

    @property
    def in_time(self):
        return self.reported_at <= self.occurred_at + timedelta(minutes=self.report_limit_minutes)


class SecurityIncidentEvent(TransitionEvent):
    record_field = "incident"
    other_actions = {"report": _("Incident reported")}

    incident = models.ForeignKey(SecurityIncident, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("security incident event")
        verbose_name_plural = _("security incident events")
        constraints = [models.UniqueConstraint(fields=["incident", "version"],
                                               name="one_event_per_security_incident_version")]
