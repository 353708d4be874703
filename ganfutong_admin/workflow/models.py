"""Filings (报备), their events, rectifications (整改) and the working-day calendar."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.policy.parameters import value as policy_value

from . import kinds
from .calendar import add_working_days
from .engine import Transition, Workflow, WorkflowRecord
from .parameters import EMERGENCY_WRITTEN_FILING_WORKING_DAYS, RECTIFICATION_DEFAULT_WORKING_DAYS
from .uploads import validate_evidence


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ORAL_REPORTED = "oral_reported", _("Reported orally")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = FilingStatus
# States in which someone must act by `due_at`: the reviewer, or the owner's written filing.
FILING_ACTIVE_STATES = (S.SUBMITTED, S.ORAL_REPORTED)
FILING_CLOSED_STATES = (S.APPROVED, S.ACKNOWLEDGED, S.REJECTED, S.WITHDRAWN)

FILING_TRANSITIONS = [
    Transition((S.DRAFT,), "submit", S.SUBMITTED, "submit_filing", _("Submit")),
    Transition((S.ORAL_REPORTED,), "submit_written", S.SUBMITTED, "submit_filing", _("Submit written filing"),
               meets="due_at", late_label=_("Written filing submitted late")),
    Transition((S.RETURNED,), "resubmit", S.SUBMITTED, "submit_filing", _("Resubmit")),
    Transition((S.SUBMITTED,), "approve", S.APPROVED, "review_filing", _("Approve"), style="success",
               meets="due_at", late_label=_("Reviewed late")),
    Transition((S.SUBMITTED,), "acknowledge", S.ACKNOWLEDGED, "review_filing", _("Acknowledge"), style="success",
               meets="due_at", late_label=_("Reviewed late")),
    Transition((S.SUBMITTED,), "return", S.RETURNED, "review_filing", _("Return for revision"),
               meets="due_at", late_label=_("Reviewed late"),
               comment_required=True, style="warning"),
    Transition((S.SUBMITTED,), "reject", S.REJECTED, "review_filing", _("Reject"),
               meets="due_at", late_label=_("Reviewed late"),
               comment_required=True, style="danger", confirm=_("Reject this filing? This cannot be undone.")),
    Transition((S.DRAFT, S.RETURNED, S.SUBMITTED), "withdraw", S.WITHDRAWN, "submit_filing", _("Withdraw"),
               style="outline-secondary", confirm=_("Withdraw this filing? This cannot be undone.")),
    # A chapter's decision closes the open filings of an org unit (a partner forced to exit, 第十五条): run by the
    # deciding code with perform_internal(), never offered.
    Transition((S.DRAFT, S.ORAL_REPORTED, S.RETURNED, S.SUBMITTED), "withdraw_by_authority", S.WITHDRAWN,
               "review_filing", _("Withdrawn by decision of the provincial authority"), internal=True),
]


class ReferenceCounter(models.Model):
    """Per-year sequence for reference numbers, incremented under a row lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def next_reference(cls, prefix="GFT"):
        year = timezone.localdate().year
        with transaction.atomic():
            counter, _ = cls.objects.select_for_update().get_or_create(year=year)
            counter.last += 1
            counter.save(update_fields=["last"])
        return f"{prefix}-{year}-{counter.last:06d}"


class FilingQuerySet(ScopedQuerySet):
    def with_overdue(self):
        return self.annotate(
            is_overdue=Case(
                When(Q(status__in=FILING_ACTIVE_STATES, due_at__lt=Now()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self):
        return self.filter(status__in=FILING_ACTIVE_STATES, due_at__lt=Now())

    def awaiting_review(self):
        return self.filter(status=S.SUBMITTED)


class Filing(WorkflowRecord, OrgOwned):
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices, default=S.DRAFT,
                              db_index=True)
    for_the_record = models.BooleanField(_("for the record (备案)"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    due_estimated = models.BooleanField(
        _("deadline estimated (no calendar data)"), default=False,
        help_text=_("The deadline crossed a year without working-day data; Monday–Friday was assumed."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = FilingQuerySet.as_manager()
    workflow = Workflow(FILING_TRANSITIONS)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-created_at"]
        permissions = [
            ("submit_filing", _("Can submit filings")),
            ("review_filing", _("Can review filings")),
        ]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["owner_org", "status"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("workflow:filing-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = ReferenceCounter.next_reference()
        if self._state.adding and self.kind_info is not None and self.kind_info.for_the_record:
            # A kind registered as 备案 makes its filings "for the record": acknowledged, not approved.
            self.for_the_record = True
        super().save(*args, **kwargs)

    @property
    def kind_info(self):
        return kinds.get(self.kind)

    @property
    def kind_label(self):
        info = self.kind_info
        return info.label if info else self.kind

    @property
    def details(self):
        info = self.kind_info
        return getattr(self, info.detail_attr, None) if info else None

    @property
    def overdue(self):
        if hasattr(self, "is_overdue"):
            return self.is_overdue
        return bool(self.status in FILING_ACTIVE_STATES and self.due_at and self.due_at < timezone.now())

    def set_due(self, deadline):
        self.due_at = deadline.end_of_day
        self.due_estimated = deadline.estimated

    # --- the emergency path -------------------------------------------------------------------
    @classmethod
    def start_with_oral_report(cls, *, kind, owner_org, title, user, reported_by, reported_to, reported_at,
                               reason, summary=""):
        """Open a filing at `oral_reported`: the written filing falls due N working days later."""
        with transaction.atomic():
            filing = cls(kind=kind, owner_org=owner_org, title=title, summary=summary, created_by=user,
                         status=S.ORAL_REPORTED)
            days = policy_value(EMERGENCY_WRITTEN_FILING_WORKING_DAYS, reported_at)  # in force at the oral report
            filing.set_due(add_working_days(reported_at, days))
            filing.save()
            OralReport.objects.create(filing=filing, reported_by=reported_by, reported_to=reported_to,
                                      reported_at=reported_at, reason=reason)
            filing.record_event(user, "oral_report", "", S.ORAL_REPORTED, reason)
        return filing


class TransitionEvent(models.Model):
    """One row of a record's timeline: who moved it from which state to which, and why.

    Every workflow model keeps its events in a subclass that adds the foreign key to the record
    (related_name "events", named in `record_field`) and a unique (record, version) constraint: a
    second event for one version would mean two transitions won a race. The engine writes them
    through WorkflowRecord.record_event(); labels come from the record's own transition table."""

    record_field = ""
    other_actions = {}  # labels of events outside the transition table (the opening event ...)

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("actor"))
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # The deadline the action met (Transition.meets) and how late it was taken (workflow.deadlines): kept, so
    # that a late sign-off stays visible after the light has turned green. NULL for actions without one.
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    late_working_days = models.PositiveIntegerField(_("working days late"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{getattr(self, self.record_field + '_id')} {self.action}"

    @classmethod
    def record_model(cls):
        return cls._meta.get_field(cls.record_field).related_model

    @property
    def action_label(self):
        for t in self.record_model().workflow.transitions:
            if t.action == self.action:
                return t.label
        return self.other_actions.get(self.action, self.action)

    @property
    def late(self):
        return bool(self.late_working_days)

    @property
    def lateness_text(self):
        """“逾期签收 3 个工作日” for an action taken after its deadline, else empty."""
        if not self.late_working_days:
            return ""
        from .deadlines import lateness_text

        transition = self.record_model().workflow.named(self.action)
        label = (transition.late_label if transition is not None and transition.late_label
                 else _("Deadline met late"))
        return lateness_text(label, self.late_working_days)

    @property
    def to_status_label(self):
        return dict(self.record_model()._meta.get_field("status").flatchoices).get(self.to_status, self.to_status)

    @property
    def display_comment(self):
        """What timelines show; a model whose comments may carry personal data masks them here."""
        return self.comment


class FilingEvent(TransitionEvent):
    record_field = "filing"
    other_actions = {"oral_report": _("Oral report recorded"), "create": _("Created")}

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")
        constraints = [
            models.UniqueConstraint(fields=["filing", "version"], name="one_event_per_filing_version"),
        ]

    def __str__(self):
        return f"{self.filing.reference} {self.action}"


class OralReport(models.Model):
    """The oral report that opens an emergency filing (第十一条: 事先口头报告，事后书面报备)."""

    filing = models.OneToOneField(Filing, on_delete=models.CASCADE, related_name="oral_report")
    reported_by = models.CharField(_("reported by"), max_length=100)
    reported_to = models.CharField(_("reported to (provincial authority)"), max_length=100)
    reported_at = models.DateTimeField(_("reported at"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("oral report")
        verbose_name_plural = _("oral reports")

    def __str__(self):
        return f"{self.filing.reference} {self.reported_by}"


# --- rectifications ------------------------------------------------------------------------------

class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REOPENED = "reopened", _("Reopened")
    # Closed without being carried out, for a recorded reason (e.g. an upheld appeal against a bad review).
    WAIVED = "waived", _("Waived")


R = RectificationStatus
RECTIFICATION_OPEN_STATES = (R.OPEN, R.REOPENED)

RECTIFICATION_TRANSITIONS = [
    Transition((R.OPEN, R.REOPENED), "submit", R.SUBMITTED, "answer_rectification", _("Submit answer"),
               meets="due_at", late_label=_("Rectification answered late")),
    Transition((R.SUBMITTED,), "accept", R.ACCEPTED, "review_rectification", _("Accept"), style="success",
               meets="due_at", late_label=_("Rectification closed late")),
    Transition((R.SUBMITTED,), "reopen", R.REOPENED, "review_rectification", _("Reopen"),
               comment_required=True, style="warning"),
    Transition((R.OPEN, R.REOPENED, R.SUBMITTED), "waive", R.WAIVED, "review_rectification", _("Waive"),
               comment_required=True, style="outline-secondary"),
]


class RectificationQuerySet(ScopedQuerySet):
    def with_overdue(self):
        return self.annotate(
            is_overdue=Case(
                When(Q(status__in=RECTIFICATION_OPEN_STATES, due_at__lt=Now()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self):
        return self.filter(status__in=RECTIFICATION_OPEN_STATES, due_at__lt=Now())


class Rectification(WorkflowRecord, OrgOwned):
    """A corrective task with an owner and a working-day deadline, opened from any source record."""

    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("problem found"))
    due_at = models.DateTimeField(_("due at"), db_index=True)
    due_estimated = models.BooleanField(_("deadline estimated (no calendar data)"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=RectificationStatus.choices, default=R.OPEN,
                              db_index=True)
    response = models.TextField(_("rectification taken"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True,
                                validators=[validate_evidence])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RectificationQuerySet.as_manager()
    workflow = Workflow(RECTIFICATION_TRANSITIONS)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["due_at", "pk"]
        permissions = [
            ("answer_rectification", _("Can answer rectifications of its org unit")),
            ("review_rectification", _("Can accept or reopen rectifications")),
        ]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workflow:rectification-detail", args=[self.pk])

    @classmethod
    def open_for(cls, *, source, owner_org, title, description, user, working_days=None):
        """Open a rectification for any source record, due N working days from today (by default the policy
        parameter in force today)."""
        now = timezone.now()
        deadline = add_working_days(now, working_days or policy_value(RECTIFICATION_DEFAULT_WORKING_DAYS, now))
        rect = cls.objects.create(
            source_type=ContentType.objects.get_for_model(source) if source is not None else None,
            source_id=source.pk if source is not None else None,
            source_label=str(source)[:200] if source is not None else "",
            owner_org=owner_org, title=title, description=description, created_by=user,
            due_at=deadline.end_of_day, due_estimated=deadline.estimated,
        )
        rect.record_event(user, "open", "", R.OPEN, description)
        from ganfutong_admin.notifications.services import notify_rectification_opened

        transaction.on_commit(lambda: notify_rectification_opened(rect, user))
        return rect

    @property
    def overdue(self):
        if hasattr(self, "is_overdue"):
            return self.is_overdue
        return self.status in RECTIFICATION_OPEN_STATES and self.due_at < timezone.now()


class RectificationEvent(TransitionEvent):
    record_field = "rectification"
    other_actions = {"open": _("Opened")}

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")
        constraints = [
            models.UniqueConstraint(fields=["rectification", "version"], name="one_event_per_rectification_version"),
        ]


# --- working-day calendar ------------------------------------------------------------------------

class CalendarYear(models.Model):
    """A year whose working-day data is complete (from chinese-calendar, or entered by an admin)."""

    class Source(models.TextChoices):
        LIBRARY = "library", _("chinese-calendar library")
        MANUAL = "manual", _("Entered by an administrator")

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to Monday–Friday: a weekday holiday or a weekend make-up working day (调休)."""

    class Source(models.TextChoices):
        LIBRARY = "library", _("chinese-calendar library")
        MANUAL = "manual", _("Entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.LIBRARY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_working_day else '休息日'}"
