"""Inspections (巡检): platform inspections by the provincial authority or the operator (第十六条) and daily
inspections by each org unit (第十七条), run against checklist templates. Every problem found opens a kernel
rectification when the inspection is completed (see lifecycle.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import VIEW, ReferenceQuerySet, ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import RECTIFICATION_OPEN_STATES, RectificationStatus, TransitionEvent

__all__ = [
    "InspectionKind", "InspectionStatus", "FindingResult", "Severity",
    "InspectionTemplate", "InspectionTemplateItem", "Inspection", "InspectionFinding", "InspectionEvent",
]


class InspectionKind(models.TextChoices):
    PLATFORM = "platform", _("Platform inspection")
    DAILY = "daily", _("Daily inspection")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class FindingResult(models.TextChoices):
    OK = "ok", _("OK")
    PROBLEM = "problem", _("Problem")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


# Rectifications of a finding that still need someone to act: the owner (open, reopened) or the reviewer.
UNRESOLVED_RECTIFICATION_STATES = (*RECTIFICATION_OPEN_STATES, RectificationStatus.SUBMITTED)


class InspectionTemplate(models.Model):
    """A checklist (reference data): what an inspector of this kind goes through, item by item."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True,
                                    help_text=_("Inactive templates are kept for past inspections but cannot "
                                                "be chosen for new ones."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ["kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="one_inspection_template_name_per_kind")]

    def __str__(self):
        return self.name


class InspectionTemplateItem(models.Model):
    template = models.ForeignKey(InspectionTemplate, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("inspection template"))
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("check item"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order", "pk"]

    def __str__(self):
        return self.text


class CompletePayload(serializers.Serializer):
    """What `complete` may carry: the deadline of the rectifications it opens (default: the inspection's)."""

    working_days = serializers.IntegerField(min_value=1, max_value=120, required=False, allow_null=True,
                                            default=None)


INSPECTION_TRANSITIONS = [
    # The permission is the scope; who may complete which kind is checked by the guard (policy.py).
    # The payload may set the rectification deadline (working days) of the problems found.
    Transition((InspectionStatus.DRAFT,), "complete", InspectionStatus.COMPLETED, "change_inspection",
               _("Complete the inspection"), style="success", payload=CompletePayload),
]


def default_rectification_days():
    """The kernel's default rectification limit in force today: the inspection keeps it (its own field), so the
    rectifications it opens later do not change with a new version of the parameter."""
    from ganfutong_admin.policy.parameters import value
    from ganfutong_admin.workflow.parameters import RECTIFICATION_DEFAULT_WORKING_DAYS

    return value(RECTIFICATION_DEFAULT_WORKING_DAYS)


class InspectionQuerySet(ScopedQuerySet):
    def with_problem_counts(self):
        """Problems found, and how many of them still have an unresolved rectification (or none yet)."""
        problems = InspectionFinding.objects.filter(inspection=OuterRef("pk"), result=FindingResult.PROBLEM)
        return self.annotate(
            problem_count=models.Count("findings", filter=Q(findings__result=FindingResult.PROBLEM)),
            has_open_problems=Exists(problems.filter(
                Q(rectification__isnull=True) | Q(rectification__status__in=UNRESOLVED_RECTIFICATION_STATES))),
        )

    def with_open_problems(self, value=True):
        open_problem = InspectionFinding.objects.filter(
            inspection=OuterRef("pk"), result=FindingResult.PROBLEM,
        ).filter(Q(rectification__isnull=True) | Q(rectification__status__in=UNRESOLVED_RECTIFICATION_STATES))
        return self.filter(Exists(open_problem)) if value else self.exclude(Exists(open_problem))


class Inspection(WorkflowRecord, OrgOwned):
    """One inspection of one org unit (owner_org = the INSPECTED unit: it sees it and answers its findings)."""

    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, db_index=True)
    template = models.ForeignKey(InspectionTemplate, on_delete=models.PROTECT, related_name="inspections",
                                 verbose_name=_("inspection template"))
    inspected_on = models.DateField(_("inspected on"), db_index=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("inspector"))
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT, db_index=True)
    rectification_working_days = models.PositiveSmallIntegerField(
        _("rectification deadline (working days)"), default=default_rectification_days,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Each problem found opens a rectification due this many working days after completion."),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = InspectionQuerySet.as_manager()
    workflow = Workflow(INSPECTION_TRANSITIONS)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        permissions = [("inspect_platform", _("Can inspect the platform (any org unit)"))]
        indexes = [
            models.Index(fields=["owner_org", "kind", "status", "inspected_on"]),
            models.Index(fields=["status", "inspected_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.owner_org.name} · {self.inspected_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("maintenance:inspection-detail", args=[self.pk])

    # Scope (docs/roles.md, 第十六条/第十七条): the operator sees every inspection but acts on its own only; a platform
    # inspection is recorded and completed by those who inspect the platform, wherever they sit, and by nobody else.
    scope_everything = {"operator": {VIEW}}

    @classmethod
    def scope_rule(cls, user, action, reach):
        if action == VIEW:
            return reach
        platform = Q(kind=InspectionKind.PLATFORM)
        return (reach & ~platform) | (platform if user.has_perm("maintenance.inspect_platform") else Q(pk__in=[]))


class InspectionFinding(models.Model):
    """One checklist item's result, or a free finding (no template item)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings",
                                   verbose_name=_("inspection"))
    template_item = models.ForeignKey(InspectionTemplateItem, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("checklist item"))
    order = models.PositiveIntegerField(_("order"), default=0)
    # The item's text as it was inspected: later edits of the template do not rewrite past inspections.
    check_item = models.CharField(_("check item"), max_length=300)
    result = models.CharField(_("result"), max_length=10, choices=FindingResult.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    rectification = models.ForeignKey("workflow.Rectification", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="inspection_findings", verbose_name=_("rectification"))

    history = HistoricalRecords()

    # A finding has no scope of its own: it shares its inspection's, and is read with the inspection's permission.
    objects = ScopedQuerySet.as_manager()
    scope_through = "inspection"
    scope_permissions = {"view": "maintenance.view_inspection"}

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="ok") | (~Q(severity="") & ~Q(description="")),
                name="inspection_problem_has_severity_and_description",
            ),
        ]


    def __str__(self):
        return f"{self.inspection} · {self.check_item}"

    def get_absolute_url(self):
        return f"{reverse('maintenance:inspection-detail', args=[self.inspection_id])}#finding-{self.pk}"

    @property
    def is_free(self):
        """A finding outside the checklist (or whose checklist item was since removed from the template)."""
        return self.template_item_id is None

    @property
    def is_problem(self):
        return self.result == FindingResult.PROBLEM


class InspectionEvent(TransitionEvent):
    record_field = "inspection"
    other_actions = {"create": _("Recorded")}

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="one_event_per_inspection_version"),
        ]


