"""第二十条 security inspections and risk assessments in a closed loop:

- SecurityAssessment: an inspection or risk assessment of an org unit, with its findings; each finding opens a
  kernel rectification (the one rectification table) when the assessment is recorded;
- Risk: the risk register (asset or service, threat, likelihood 1–5 × impact 1–5 = score, level from the score,
  owner, treatment, due date, status). Overdue treatment (open, due date passed) is a query, never a stored flag.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet

__all__ = ["AssessmentKind", "SecurityAssessment", "AssessmentFinding", "RiskStatus", "RiskLevel", "Risk"]

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class AssessmentKind(models.TextChoices):
    INSPECTION = "inspection", _("Security inspection")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")


class SecurityAssessment(OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices,
                            default=AssessmentKind.INSPECTION)
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessor = models.CharField(_("assessor"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    scope_everything = {}

    class Meta:
        verbose_name = _("security assessment")
        verbose_name_plural = _("security assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("security:assessment-detail", args=[self.pk])


class AssessmentFindingQuerySet(ScopedQuerySet):
    pass


class AssessmentFinding(models.Model):
    """A finding of an assessment; it shares the assessment's scope and opens a kernel rectification."""

    assessment = models.ForeignKey(SecurityAssessment, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("finding"))
    rectification = models.OneToOneField("workflow.Rectification", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="security_finding", verbose_name=_("rectification"))

    objects = AssessmentFindingQuerySet.as_manager()
    scope_through = "assessment"
    scope_permissions = {"view": "security.view_securityassessment"}

    class Meta:
        verbose_name = _("assessment finding")
        verbose_name_plural = _("assessment findings")
        ordering = ["assessment", "order", "pk"]

    def __str__(self):
        return f"{self.assessment.title}：{self.description[:60]}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url()


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk", "Open")
    TREATING = "treating", pgettext_lazy("risk", "Being treated")
    CLOSED = "closed", pgettext_lazy("risk", "Closed")


class RiskLevel(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("risk level", "Medium")
    HIGH = "high", pgettext_lazy("risk level", "High")
    CRITICAL = "critical", pgettext_lazy("risk level", "Critical")


OPEN_RISK_STATES = (RiskStatus.OPEN, RiskStatus.TREATING)


def level_of(score):
    """The level of a score (likelihood × impact, 1–25): ≤4 low, ≤9 medium, ≤16 high, above critical."""
    if score <= 4:
        return RiskLevel.LOW
    if score <= 9:
        return RiskLevel.MEDIUM
    if score <= 16:
        return RiskLevel.HIGH
    return RiskLevel.CRITICAL


class RiskQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_RISK_STATES)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def with_flags(self, today=None):
        """score_value and is_overdue, in SQL."""
        today = today or timezone.localdate()
        return self.annotate(
            score_value=F("likelihood") * F("impact"),
            is_overdue=Case(When(Q(status__in=OPEN_RISK_STATES, due_on__lt=today), then=Value(True)),
                            default=Value(False), output_field=models.BooleanField()))


class Risk(OrgOwned):
    asset = models.CharField(_("asset"), max_length=200, blank=True)
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="security_risks", verbose_name=_("service"))
    threat = models.CharField(_("threat"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=ONE_TO_FIVE)
    owner_name = models.CharField(_("risk owner"), max_length=100)
    treatment = models.TextField(_("treatment"))
    due_on = models.DateField(_("treatment due on"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN,
                              db_index=True)
    assessment = models.ForeignKey(SecurityAssessment, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="risks", verbose_name=_("found in assessment"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RiskQuerySet.as_manager()
    scope_everything = {}

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risk register")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
            models.CheckConstraint(condition=~Q(asset="") | Q(service__isnull=False), name="risk_has_asset_or_service"),
        ]

    def __str__(self):
        return self.threat

    def get_absolute_url(self):
        return reverse("security:risk-detail", args=[self.pk])

    @property
    def score(self):
        return self.likelihood * self.impact

    @property
    def level(self):
        return level_of(self.score)

    def get_level_display(self):
        return RiskLevel(self.level).label

    @property
    def subject(self):
        return self.service.name if self.service_id else self.asset

    @property
    def overdue(self):
        if hasattr(self, "is_overdue"):
            return bool(self.is_overdue)
        return self.status in OPEN_RISK_STATES and self.due_on < timezone.localdate()
