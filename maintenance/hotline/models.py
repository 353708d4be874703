"""12345 hotline work orders and bad reviews of handled cases (第十八条).

A work order comes from the hotline system (API) or is entered by hand, is dispatched to the responsible
org unit, acknowledged, handled within a time limit in working days (extensions decided by the provincial
authority), replied to and called back; an unsatisfied callback opens a bad review with a rectification.
Citizens' name, phone and ID number are personal information (第二十一条): encrypted at rest, searched by a
keyed hash, masked on display (see privacy.py beside this file).

The behaviour of the transitions lives in lifecycle.py (work orders) and appeals.py (bad reviews); the
models only declare the tables, the transition tables and the light annotation.
"""

import json

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.privacy.crypto import normalize_phone, search_hash
from ganfutong_admin.privacy.fields import EncryptedTextField
from ganfutong_admin.privacy.masking import mask_free_text
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

__all__ = [
    "WorkOrderType", "WorkOrderSource", "WorkOrderStatus", "Satisfaction", "Light",
    "WorkOrder", "WorkOrderEvent", "WorkOrderExtension", "ExtensionStatus",
    "BadReviewStatus", "BadReview", "BadReviewEvent",
]


class WorkOrderType(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    HELP_REQUEST = "help_request", _("Help request")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report")
    SUGGESTION = "suggestion", _("Suggestion")


class WorkOrderSource(models.TextChoices):
    API = "api", _("Hotline system")
    MANUAL = "manual", _("Entered by hand")


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("Waiting for dispatch")
    DISPATCHED = "dispatched", _("Waiting for acknowledgement")
    PROCESSING = "processing", _("Being handled")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    RETURNED = "returned", _("Returned for re-dispatch")
    REPLIED = "replied", _("Replied, waiting for callback")
    CLOSED = "closed", _("Called back")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    VERY_UNSATISFIED = "very_unsatisfied", _("Very unsatisfied")


UNSATISFIED_LEVELS = (Satisfaction.UNSATISFIED, Satisfaction.VERY_UNSATISFIED)


class Light(models.TextChoices):
    GREEN = "green", _("Green: on time")
    YELLOW = "yellow", _("Yellow: less than one working day left")
    RED = "red", _("Red: overdue")


WS = WorkOrderStatus
# The org unit must act by ack_due_at (dispatched) or by due_at (the other two).
HANDLING_STATES = (WS.PROCESSING, WS.EXTENSION_REQUESTED)
ACTIVE_STATES = (WS.DISPATCHED, *HANDLING_STATES)
# The operator must act: dispatch (again), or call the citizen back.
OPERATOR_STATES = (WS.RECEIVED, WS.RETURNED)

# The inputs of some actions (validated by the engine), by dotted path: payloads.py imports the org units.
PAYLOADS = "maintenance.hotline.payloads."
WORK_ORDER_TRANSITIONS = [
    Transition((WS.RECEIVED, WS.RETURNED), "dispatch", WS.DISPATCHED, "dispatch_workorder", _("Dispatch"),
               payload=PAYLOADS + "DispatchPayload"),
    Transition((WS.DISPATCHED,), "acknowledge", WS.PROCESSING, "handle_workorder", _("Acknowledge receipt"),
               style="success", meets="ack_due_at", late_label=_("Acknowledged late")),
    Transition((WS.DISPATCHED, WS.PROCESSING), "return", WS.RETURNED, "handle_workorder",
               _("Return: not our jurisdiction"), comment_required=True, style="warning"),
    Transition((WS.PROCESSING,), "request_extension", WS.EXTENSION_REQUESTED, "handle_workorder",
               _("Request an extension"), comment_required=True, style="outline-primary",
               payload=PAYLOADS + "ExtensionRequestPayload"),
    Transition((WS.EXTENSION_REQUESTED,), "approve_extension", WS.PROCESSING, "approve_extension",
               _("Approve the extension"), style="success"),
    Transition((WS.EXTENSION_REQUESTED,), "deny_extension", WS.PROCESSING, "approve_extension",
               _("Deny the extension"), comment_required=True, style="danger"),
    Transition((WS.PROCESSING, WS.EXTENSION_REQUESTED), "reply", WS.REPLIED, "handle_workorder", _("Reply"),
               style="primary", payload=PAYLOADS + "ReplyPayload", meets="due_at", late_label=_("Replied late")),
    # The operator and the hotline system record what the citizen said when called back (add_workorder:
    # the permission of those who take the hotline's input).
    Transition((WS.REPLIED,), "callback", WS.CLOSED, "add_workorder", _("Record the callback"), style="primary",
               payload=PAYLOADS + "CallbackPayload"),
    Transition((WS.REPLIED, WS.CLOSED), "reopen", WS.PROCESSING, "dispatch_workorder", _("Reopen the work order"),
               comment_required=True, style="warning"),
]

def light_expression(now=None):
    """The light of each work order, computed in SQL from its stored deadlines and the current time:
    red when the deadline of the next step has passed, yellow when less than one working day remains
    (the warn time stored with the deadline), green otherwise; empty when the org unit has nothing to do."""
    # The application's clock, not the database's NOW(): the same moment current_light() uses, and one a test
    # can move (a light computed on a Saturday differs from a Wednesday's).
    now = now if now is not None else timezone.now()
    dispatched = Q(status=WS.DISPATCHED)
    handling = Q(status__in=HANDLING_STATES)
    return Case(
        When(dispatched & Q(ack_due_at__lt=now), then=Value(Light.RED)),
        When(dispatched & Q(ack_warn_at__lte=now), then=Value(Light.YELLOW)),
        When(dispatched, then=Value(Light.GREEN)),
        When(handling & Q(due_at__lt=now), then=Value(Light.RED)),
        When(handling & Q(warn_at__lte=now), then=Value(Light.YELLOW)),
        When(handling, then=Value(Light.GREEN)),
        default=Value(""),
        output_field=models.CharField(),
    )


def mask_change_reason(record):
    """The engine writes "action: comment" as simple-history's change reason; a comment may quote a phone or
    ID number, so the history table gets it masked."""
    reason = getattr(record, "_change_reason", None)
    if reason:
        record._change_reason = mask_free_text(str(reason))


def mask_fields(record, names):
    """Mask the personal numbers in free-text fields at intake (what is stored is what is shown and searched): a
    search or a sort on the column can then never tell more than the masked text does."""
    for name in names:
        value = getattr(record, name)
        if value:
            setattr(record, name, mask_free_text(value))


# The free text of a work order that is masked at intake (the original kept sealed for unmasking).
FREE_TEXT_FIELDS = ("title", "content", "reply")


class WorkOrderQuerySet(ScopedQuerySet):
    def with_light(self, now=None):
        """Annotate `light`, at the application's clock unless a moment is given (what-ifs)."""
        return self.annotate(light=light_expression(now))

    def active(self):
        return self.filter(status__in=ACTIVE_STATES)


class WorkOrder(WorkflowRecord, OrgOwned):
    """One 12345 hotline work order. owner_org is the org unit responsible for it now (the operator while it
    waits for dispatch)."""

    hotline_id = models.CharField(_("hotline work-order id"), max_length=64, null=True, blank=True, unique=True,
                                  help_text=_("The hotline system's own id; empty for orders entered by hand."))
    source = models.CharField(_("source"), max_length=10, choices=WorkOrderSource.choices,
                              default=WorkOrderSource.MANUAL)
    type = models.CharField(_("type"), max_length=20, choices=WorkOrderType.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("service"))
    # Personal information (第二十一条): ciphertext in the database, masked on display.
    citizen_name = EncryptedTextField(_("citizen name"))
    citizen_phone = EncryptedTextField(_("citizen phone"))
    citizen_id_number = EncryptedTextField(_("citizen ID number"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Title, content and reply are stored with every phone and ID number in them masked: that is what lists show
    # and what the search matches. The original wording of a field that held one is kept here, encrypted, for
    # those who may unmask (JSON {field: text}; empty when none did).
    sealed_text = EncryptedTextField(blank=True, editable=False)

    received_at = models.DateTimeField(_("received at"), db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    ack_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    ack_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_estimated = models.BooleanField(_("deadline estimated (no calendar data)"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    satisfaction = models.CharField(_("callback satisfaction"), max_length=20, choices=Satisfaction.choices,
                                    blank=True)
    callback_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=WorkOrderStatus.choices, default=WS.RECEIVED,
                              db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = WorkOrderQuerySet.as_manager()
    workflow = Workflow(WORK_ORDER_TRANSITIONS)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("handle_workorder", _("Can acknowledge, handle and reply to work orders of its org unit")),
            ("dispatch_workorder", _("Can dispatch and reopen work orders")),
            ("approve_extension", _("Can approve or deny work-order extensions")),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["owner_org", "status"]),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("maintenance:hotline-workorder-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # The keyed hash of the normalized phone: staff find a caller's orders by exact phone number.
        self.phone_hash = search_hash(normalize_phone(self.citizen_phone))
        self.seal_free_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(FREE_TEXT_FIELDS):
            kwargs["update_fields"] = {*update_fields, "sealed_text"}
        mask_change_reason(self)
        super().save(*args, **kwargs)

    def _sealed(self):
        return json.loads(self.sealed_text) if self.sealed_text else {}

    def seal_free_text(self):
        """Mask the free text at intake; keep the original wording of a field that held personal numbers sealed.
        A field that still holds the masked form of its sealed original keeps it; a new wording replaces it."""
        sealed = self._sealed()
        for name in FREE_TEXT_FIELDS:
            value = getattr(self, name) or ""
            original = sealed.get(name)
            if original is not None and value == mask_free_text(original):
                continue
            masked = mask_free_text(value)
            if masked != value:
                sealed[name] = value
                setattr(self, name, masked)
            else:
                sealed.pop(name, None)
        self.sealed_text = json.dumps(sealed, ensure_ascii=False, sort_keys=True) if sealed else ""

    def original_text(self, name):
        """The wording as written (only for a user who may unmask, through privacy.citizen_for)."""
        return self._sealed().get(name, getattr(self, name))

    @property
    def reference(self):
        return self.hotline_id or f"SD-{self.pk or 0:06d}"

    @property
    def is_unsatisfied(self):
        return self.satisfaction in UNSATISFIED_LEVELS

    @property
    def current_light(self):
        """The annotated light when the queryset has it, else computed here the same way."""
        if hasattr(self, "light"):
            return self.light
        now = timezone.now()
        if self.status == WS.DISPATCHED and self.ack_due_at:
            due, warn = self.ack_due_at, self.ack_warn_at
        elif self.status in HANDLING_STATES and self.due_at:
            due, warn = self.due_at, self.warn_at
        else:
            return ""
        if due < now:
            return Light.RED
        if warn and warn <= now:
            return Light.YELLOW
        return Light.GREEN

    @property
    def light_label(self):
        light = self.current_light
        return Light(light).label if light else ""

    @property
    def pending_extension(self):
        return self.extensions.filter(status=ExtensionStatus.PENDING).order_by("-pk").first()


class MaskedTimelineEvent(TransitionEvent):
    """Events of the hotline area: comments may carry a citizen's phone or ID number, so timelines show
    them masked, after what the action decided."""

    # What the action decided, in the office language (dispatched to whom, satisfaction, new deadline).
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta(TransitionEvent.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        mask_fields(self, ("comment",))  # timelines never unmask: masked at intake
        super().save(*args, **kwargs)

    @property
    def display_comment(self):
        """Timelines never unmask: a phone or ID number typed into a comment is masked."""
        return "\n".join(part for part in (self.detail, mask_free_text(self.comment)) if part)


class WorkOrderEvent(MaskedTimelineEvent):
    record_field = "work_order"
    other_actions = {"receive": _("Received")}

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")

    class Meta(MaskedTimelineEvent.Meta):
        verbose_name = _("work-order event")
        verbose_name_plural = _("work-order events")
        constraints = [
            models.UniqueConstraint(fields=["work_order", "version"], name="one_event_per_work_order_version"),
        ]


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for decision")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Lapsed (replied before the decision)")


class WorkOrderExtension(models.Model):
    """A request for more working days. Its status follows the work order's transitions (request, approve,
    deny, reply), never set on its own; it is read through the work order's scope."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extensions")
    requested_days = models.PositiveSmallIntegerField(
        _("extra working days"), validators=[MinValueValidator(1), MaxValueValidator(30)])
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    due_before = models.DateTimeField(_("deadline before"), null=True, blank=True)
    due_after = models.DateTimeField(_("deadline after"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work-order extension")
        verbose_name_plural = _("work-order extensions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["work_order"], condition=Q(status="pending"),
                                    name="one_pending_extension_per_work_order"),
        ]

    def __str__(self):
        return f"{self.work_order_id} +{self.requested_days}"

    def save(self, *args, **kwargs):
        mask_fields(self, ("reason", "decision_comment"))  # shown masked only: masked at intake
        super().save(*args, **kwargs)


# --- bad reviews (办件差评) ------------------------------------------------------------------------------

class BadReviewStatus(models.TextChoices):
    ACTIVE = "active", _("In rectification")
    APPEALED = "appealed", _("Under appeal")
    EXCLUDED = "excluded", _("Excluded (appeal upheld)")
    APPEAL_REJECTED = "appeal_rejected", _("Appeal rejected")


BS = BadReviewStatus

BAD_REVIEW_TRANSITIONS = [
    Transition((BS.ACTIVE,), "appeal", BS.APPEALED, "appeal_badreview", _("Appeal: malicious review"),
               comment_required=True, style="warning"),
    Transition((BS.APPEALED,), "uphold", BS.EXCLUDED, "review_appeal", _("Uphold the appeal"),
               comment_required=True, style="success"),
    Transition((BS.APPEALED,), "reject_appeal", BS.APPEAL_REJECTED, "review_appeal", _("Reject the appeal"),
               comment_required=True, style="danger"),
]


class BadReviewQuerySet(ScopedQuerySet):
    def counted(self):
        """The bad reviews that count (supervision and evaluation): not excluded by an upheld appeal."""
        return self.filter(excluded=False)


class BadReview(WorkflowRecord, OrgOwned):
    """A bad review (差评) of a handled case: from an unsatisfied callback of a work order, or a platform case
    rating entered by hand (case number). It opens a rectification; an upheld appeal excludes it."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="bad_reviews", verbose_name=_("work order"))
    case_number = models.CharField(_("case number"), max_length=64, blank=True,
                                   help_text=_("The platform case (办件) that was rated, when not from a work order."))
    rating = models.CharField(_("rating"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("citizen's comment"), blank=True)
    rectification = models.ForeignKey("workflow.Rectification", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("rectification"))
    status = models.CharField(_("status"), max_length=20, choices=BadReviewStatus.choices, default=BS.ACTIVE,
                              db_index=True)
    excluded = models.BooleanField(_("excluded"), default=False, db_index=True,
                                   help_text=_("An upheld appeal found the review malicious: it does not count."))
    appeal_reason = models.TextField(_("appeal reason"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("appeal decided by"))
    decision_comment = models.TextField(_("appeal decision"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = BadReviewQuerySet.as_manager()
    workflow = Workflow(BAD_REVIEW_TRANSITIONS)

    class Meta:
        verbose_name = _("bad review")
        verbose_name_plural = _("bad reviews")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("appeal_badreview", _("Can appeal against a malicious bad review")),
            ("review_appeal", _("Can decide appeals against bad reviews")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(work_order__isnull=False) | ~Q(case_number=""),
                                   name="bad_review_has_a_source"),
            models.UniqueConstraint(fields=["case_number"], condition=~Q(case_number=""),
                                    name="one_bad_review_per_case_number"),
        ]
        indexes = [models.Index(fields=["owner_org", "status"])]

    def __str__(self):
        source = self.work_order.reference if self.work_order_id else self.case_number
        return f"{_('Bad review')} {source}"

    def get_absolute_url(self):
        return reverse("maintenance:hotline-badreview-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        mask_fields(self, ("comment", "appeal_reason", "decision_comment"))  # shown masked only
        mask_change_reason(self)
        super().save(*args, **kwargs)


class BadReviewEvent(MaskedTimelineEvent):
    record_field = "bad_review"
    other_actions = {"open": _("Opened")}

    bad_review = models.ForeignKey(BadReview, on_delete=models.CASCADE, related_name="events")

    class Meta(MaskedTimelineEvent.Meta):
        verbose_name = _("bad-review event")
        verbose_name_plural = _("bad-review events")
        constraints = [
            models.UniqueConstraint(fields=["bad_review", "version"], name="one_event_per_bad_review_version"),
        ]


