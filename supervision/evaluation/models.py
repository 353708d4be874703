"""The weighted evaluation (考核评估, 第二十五条).

A period (quarter or year) carries its own indicator tree (dimensions with weights summing to 100, indicators with
their points and method), copied from the previous period or the default when the period is created: a later
change of the tree never moves another period. Deduction and bonus items sit outside the dimensions, with caps
(per item, or shared by the items of one cap group). Supervisors record manual scores with a reason and evidence.
The provincial authority finalizes through the engine, which computes every org unit's sheet and freezes it
(ScoreSheet rows: the snapshot that later data changes do not move), with the ranks.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgKind, OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Lifecycle, Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["EvaluationPeriod", "PeriodEvent", "Dimension", "Indicator", "ManualScore", "ScoreSheet", "PeriodKind",
           "PeriodStatus", "Method"]


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("evaluation", "Being scored")
    FINALIZED = "finalized", pgettext_lazy("evaluation", "Finalized")


class Method(models.TextChoices):
    RATE = "rate", _("Rate × points")
    LINEAR = "linear", _("Linear between a lower and an upper bound")
    TARGET = "target", _("Share of a target × points")
    MANUAL = "manual", _("Manual scoring with evidence")
    DEDUCTION = "deduction", _("Deduction per occurrence")
    BONUS = "bonus", _("Bonus per occurrence")


SCORED_METHODS = (Method.RATE, Method.LINEAR, Method.TARGET, Method.MANUAL)
ADJUSTMENT_METHODS = (Method.DEDUCTION, Method.BONUS)

# Every org unit kind reads the periods (and its own sheet): the evaluation is announced to all.
_EVERY_KIND_VIEWS = {kind: {"view"} for kind in OrgKind.values}

PERIOD_TRANSITIONS = [
    Transition((PeriodStatus.DRAFT,), "finalize", PeriodStatus.FINALIZED, "finalize_evaluation",
               pgettext_lazy("evaluation", "Finalize and publish"), style="success",
               confirm=_("Finalize this evaluation? The scores are frozen and cannot change afterwards.")),
]


class EvaluationPeriod(WorkflowRecord, OrgOwned):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=20, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT,
                              db_index=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("finalized by"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ScopedQuerySet.as_manager()
    workflow = Workflow(PERIOD_TRANSITIONS)
    scope_everything = _EVERY_KIND_VIEWS

    class Meta:
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        ordering = ["-start", "-pk"]
        permissions = [("finalize_evaluation", _("Can finalize evaluations"))]
        constraints = [models.UniqueConstraint(fields=["kind", "start"], name="one_evaluation_per_period")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:evaluation-detail", args=[self.pk])

    @property
    def is_final(self):
        return self.status == PeriodStatus.FINALIZED

    def previous(self):
        return (EvaluationPeriod.objects.filter(kind=self.kind, start__lt=self.start, status=PeriodStatus.FINALIZED)
                .order_by("-start").first())


class PeriodEvent(TransitionEvent):
    record_field = "period"
    other_actions = {"open": _("Period opened")}

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        constraints = [models.UniqueConstraint(fields=["period", "version"], name="one_event_per_period_version")]


class Dimension(models.Model):
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("dimension"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Ranking: equal totals are ordered by this dimension's score (EVALUATION.md: the maintenance dimension).
    tiebreak = models.BooleanField(_("breaks ties in the ranking"), default=False)

    class Meta:
        verbose_name = _("evaluation dimension")
        verbose_name_plural = _("evaluation dimensions")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class Indicator(models.Model):
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="indicators")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="indicators", verbose_name=_("dimension"))
    code = models.CharField(_("figure"), max_length=80, blank=True,
                            help_text=_("The declared evaluation figure it is computed from (empty for manual items)."))
    label = models.CharField(_("indicator"), max_length=200)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2,
                                 help_text=_("Full score; for a deduction or a bonus, the points per occurrence."))
    cap = models.DecimalField(_("cap"), max_digits=6, decimal_places=2, null=True, blank=True)
    cap_group = models.CharField(_("cap group"), max_length=40, blank=True,
                                 help_text=_("Items of one group share one cap."))
    lower = models.DecimalField(_("lower bound"), max_digits=8, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(_("upper bound"), max_digits=8, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def is_adjustment(self):
        return self.method in ADJUSTMENT_METHODS


class ManualScore(OrgOwned):
    """A supervisor's score of a manual item (or the occurrences of a manual bonus) for one org unit, with the
    reason and the evidence; owned by the org unit scored (it reads it)."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="manual_scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_scores",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)],
                                help_text=_("Points given; for a bonus item, the number of occurrences."))
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True, validators=[validate_evidence])
    version = models.PositiveIntegerField(_("version"), default=1)

    scope_everything = {}

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        ordering = ["indicator__order", "owner_org__path"]
        constraints = [models.UniqueConstraint(fields=["indicator", "owner_org"], name="one_manual_score_per_unit")]

    def __str__(self):
        return f"{self.indicator.label} · {self.owner_org.name}: {self.value}"


class ScoreSheet(OrgOwned):
    """One org unit's frozen result of a finalized period: figures, scores, evidence, ranks."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.PROTECT, related_name="sheets")
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=2)
    dimension_scores = models.JSONField(_("dimension scores"), default=list)
    items = models.JSONField(_("indicator scores"), default=list)
    evidence = models.JSONField(_("evidence of deductions"), default=list)
    org_kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    city_code = models.CharField(_("city"), max_length=20, blank=True)
    city_name = models.CharField(_("city"), max_length=100, blank=True)
    rank_overall = models.PositiveIntegerField(_("rank"))
    rank_in_kind = models.PositiveIntegerField(_("rank among its kind"))
    rank_in_city = models.PositiveIntegerField(_("rank within its city"), null=True, blank=True)

    scope_everything = {}

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["period", "rank_overall"]
        constraints = [models.UniqueConstraint(fields=["period", "owner_org"], name="one_sheet_per_unit_and_period")]

    def __str__(self):
        return f"{self.period} · {self.owner_org_id}: {self.total}"

    def get_absolute_url(self):
        return reverse("supervision:score-detail", args=[self.pk])


ZERO = Decimal("0")


class PeriodLifecycle(Lifecycle):
    def guard(self, step):
        from .scoring import tree_problems

        problems = tree_problems(step.record)
        return "；".join(str(p) for p in problems) if problems else None

    def apply(self, step):
        step.record.finalized_at, step.record.finalized_by = step.now, step.user

    def effects(self, step):
        from .scoring import freeze

        freeze(step.record)
