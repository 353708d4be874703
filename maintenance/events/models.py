"""第十六条: advance filings of major events and system upgrades (报备), and fault reports (重大故障).

- AdvanceFiling is the details of a kernel filing of kind "advance_filing" (for the record: acknowledged, not
  approved). Whether it was filed in time is judged once, at its first submission, and stored together with the
  lead time (ADVANCE_FILING_WORKING_DAYS) in force at that moment.
- FaultReport is an org-owned record with its own workflow (investigating → mitigated → resolved → reviewed);
  FaultEvent rows are its transitions, FaultUpdate rows the owner's notes while the fault is being handled. The
  reporting limit (FAULT_REPORT_LIMIT_MINUTES) in force when the fault occurred is stored on the report, and the
  "reported late" flag is computed in SQL against that stored value: a later version of the parameter never
  turns an old report late or in time.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, DurationField, ExpressionWrapper, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

from ..parameters import FAULT_REPORT_LIMIT_MINUTES

__all__ = [
    "AdvanceEventType", "AdvanceFiling", "FaultSeverity", "FaultStatus", "FaultReport", "FaultEvent",
    "FaultUpdate",
]

# --- advance filings ---------------------------------------------------------------------------------------

class AdvanceEventType(models.TextChoices):
    MAJOR_EVENT = "major_event", _("Major event")
    SYSTEM_UPGRADE = "system_upgrade", _("System upgrade")
    OTHER = "other", _("Other")


class AdvanceFiling(models.Model):
    """A major event or system upgrade that may affect the platform, filed in advance (第十六条)."""

    filing = models.OneToOneField("workflow.Filing", on_delete=models.CASCADE, related_name="advance_filing")
    event_type = models.CharField(_("event type"), max_length=20, choices=AdvanceEventType.choices,
                                  db_index=True)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    window_end = models.DateTimeField(_("window end"))
    services = models.ManyToManyField("services.Service", related_name="advance_filings",
                                      verbose_name=_("affected services"))
    expected_impact = models.TextField(_("expected impact"))
    risk = models.TextField(_("risks"))
    fallback_plan = models.TextField(_("fallback plan"))
    contact = models.CharField(_("contact during the window"), max_length=100,
                               help_text=_("Name and telephone of the person on duty."))
    # Judged at the first submission and kept: a later resubmission does not change how it was filed.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    required_by = models.DateTimeField(_("to be filed by"), null=True, blank=True)
    required_by_estimated = models.BooleanField(_("deadline estimated (no calendar data)"), default=False)
    # The lead time (policy parameter ADVANCE_FILING_WORKING_DAYS) in force at the first submission.
    required_working_days = models.PositiveSmallIntegerField(_("required lead (working days)"), null=True,
                                                             blank=True)
    filed_late = models.BooleanField(_("filed late"), null=True, blank=True, db_index=True)
    announcement = models.OneToOneField("announcements.Announcement", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="advance_filing",
                                        verbose_name=_("maintenance announcement"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("advance filing")
        verbose_name_plural = _("advance filings")
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gt=F("window_start")),
                                   name="advance_filing_window_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.filing.reference} {self.get_event_type_display()}"

    @property
    def window_day(self):
        """The local day the window opens (what the planned-windows list groups by)."""
        return timezone.localtime(self.window_start).date()

    @property
    def lead_working_days(self):
        """The lead time this filing was judged by; before its first submission, the one in force today."""
        from .leadtime import working_days_required

        return self.required_working_days if self.required_working_days is not None else working_days_required()

    @property
    def lead_time(self):
        """The stored deadline once submitted; before that, what it would be (computed from the calendar)."""
        from .leadtime import LeadTime, required_by

        if self.required_by is not None:
            return LeadTime(self.required_by, self.required_by_estimated)
        return required_by(self.window_start)


# --- fault reports -----------------------------------------------------------------------------------------

class FaultSeverity(models.TextChoices):
    MAJOR = "major", _("Major fault")
    ORDINARY = "ordinary", _("Ordinary fault")


class FaultStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    MITIGATED = "mitigated", _("Mitigated")
    RESOLVED = "resolved", _("Resolved")
    REVIEWED = "reviewed", _("Reviewed")


FS = FaultStatus


class FaultReviewPayload(serializers.Serializer):
    """The post-incident review given with the `review` transition; a part already on the record may be left out
    (the guard names what is still missing)."""

    cause = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    lessons = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    measures = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")

FAULT_OPEN_STATES = (FS.INVESTIGATING, FS.MITIGATED)

FAULT_TRANSITIONS = [
    Transition((FS.INVESTIGATING,), "mitigate", FS.MITIGATED, "change", _("Mark mitigated")),
    Transition((FS.INVESTIGATING, FS.MITIGATED), "resolve", FS.RESOLVED, "change", _("Mark resolved"),
               style="success"),
    Transition((FS.RESOLVED,), "reopen", FS.INVESTIGATING, "change", _("Back to investigating"), comment_required=True,
               style="warning"),
    # The provincial authority closes a fault with its post-incident review (cause, lessons, measures: the payload).
    Transition((FS.RESOLVED,), "review", FS.REVIEWED, "review_fault", _("Record the post-incident review"),
               style="success", payload=FaultReviewPayload),
]


def within_limit_q():
    """Reported within the limit stored on the report (the version in force when the fault occurred)."""
    minutes = ExpressionWrapper(F("report_limit_minutes"), output_field=models.IntegerField())
    limit = ExpressionWrapper(minutes * Value(timedelta(minutes=1)), output_field=DurationField())
    return Q(reported_at__lte=F("occurred_at") + limit)


class FaultReportQuerySet(ScopedQuerySet):
    def with_report_delay(self):
        """report_delay = reported_at − occurred_at, and reported_in_time (within the limit), in SQL."""
        return self.annotate(
            report_delay=ExpressionWrapper(F("reported_at") - F("occurred_at"), output_field=DurationField()),
            reported_in_time=Case(When(within_limit_q(), then=Value(True)), default=Value(False),
                                  output_field=models.BooleanField()),
        )

    def reported_late(self):
        return self.exclude(within_limit_q())

    def open(self):
        return self.filter(status__in=FAULT_OPEN_STATES)


class FaultReport(WorkflowRecord, OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("severity"), max_length=10, choices=FaultSeverity.choices,
                                default=FaultSeverity.ORDINARY, db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    detected_at = models.DateTimeField(_("detected at"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # "出现重大故障…要第一时间报告": the limit (policy parameter FAULT_REPORT_LIMIT_MINUTES) in force when the fault
    # occurred, set on save; a report later than this after the occurrence is flagged late.
    report_limit_minutes = models.PositiveIntegerField(_("reporting limit (minutes)"), editable=False)
    services = models.ManyToManyField("services.Service", related_name="fault_reports", blank=True,
                                      verbose_name=_("affected services"))
    impact = models.TextField(_("impact"))
    affected_users = models.PositiveIntegerField(_("affected users (estimate)"), null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FaultStatus.choices, default=FS.INVESTIGATING,
                              db_index=True)
    mitigated_at = models.DateTimeField(_("mitigated at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # The post-incident review, recorded by the provincial authority to close the fault.
    lessons = models.TextField(_("lessons learned"), blank=True)
    measures = models.TextField(_("measures taken against recurrence"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    announcement = models.OneToOneField("announcements.Announcement", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="fault_report",
                                        verbose_name=_("fault announcement"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = FaultReportQuerySet.as_manager()
    workflow = Workflow(FAULT_TRANSITIONS)

    class Meta:
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        ordering = ["-occurred_at", "-pk"]
        permissions = [("review_fault", _("Can record the post-incident review of a fault"))]
        indexes = [models.Index(fields=["owner_org", "status"]), models.Index(fields=["severity", "occurred_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("maintenance:fault-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.report_limit_minutes is None or self._occurrence_corrected():
            self.report_limit_minutes = policy_value(FAULT_REPORT_LIMIT_MINUTES, self.occurred_at)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "report_limit_minutes"}
        super().save(*args, **kwargs)
        self._saved_occurred_at = self.occurred_at

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_occurred_at = instance.__dict__.get("occurred_at")
        return instance

    def _occurrence_corrected(self):
        """The time of occurrence was corrected: the limit is the one in force at the corrected time."""
        saved = getattr(self, "_saved_occurred_at", None)
        return saved is not None and self.occurred_at != saved

    @property
    def report_delay_value(self):
        if hasattr(self, "report_delay"):
            return self.report_delay
        return self.reported_at - self.occurred_at

    @property
    def in_time(self):
        if hasattr(self, "reported_in_time"):
            return bool(self.reported_in_time)
        return self.reported_at <= self.occurred_at + timedelta(minutes=self.report_limit_minutes)

    @property
    def report_delay_display(self):
        from .timefmt import hours_minutes

        return hours_minutes(self.report_delay_value)

    @property
    def is_open(self):
        return self.status in FAULT_OPEN_STATES


class FaultEvent(TransitionEvent):
    record_field = "fault"
    other_actions = {"report": _("Fault reported")}

    fault = models.ForeignKey(FaultReport, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("fault event")
        verbose_name_plural = _("fault events")
        constraints = [
            models.UniqueConstraint(fields=["fault", "version"], name="one_event_per_fault_version"),
        ]


class FaultUpdate(models.Model):
    """A note on the timeline of a fault while it is handled (what was found, what was done)."""

    fault = models.ForeignKey(FaultReport, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fault update")
        verbose_name_plural = _("fault updates")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.fault_id} {self.at:%Y-%m-%d %H:%M}"
