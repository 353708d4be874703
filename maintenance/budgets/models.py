"""Maintenance budgets (第十九条 经费保障): each org unit's annual plan of maintenance funding, item by item, with
planned and actual amounts. The plan is signed off by the head of the org unit (org_admin)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

__all__ = ["BudgetStatus", "BudgetCategory", "BudgetPlan", "BudgetItem", "BudgetPlanEvent"]

AMOUNT = {"max_digits": 14, "decimal_places": 2}
TOTAL = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=TOTAL)


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class BudgetCategory(models.TextChoices):
    SOFTWARE = "software_maintenance", _("Software maintenance")
    HARDWARE = "hardware", _("Hardware")
    CLOUD = "cloud_resources", _("Cloud resources")
    SECURITY = "security", _("Security")
    OPERATIONS = "operations_services", _("Operations services")
    OTHER = "other", _("Other")


B = BudgetStatus
BUDGET_TRANSITIONS = [
    Transition((B.DRAFT,), "submit", B.SUBMITTED, "change_budgetplan", _("Submit for sign-off")),
    # "maintenance.sign_off_budgetplan" is in the org_admin role; the guard keeps it to the plan's own org unit.
    Transition((B.SUBMITTED,), "sign_off", B.SIGNED_OFF, "maintenance.sign_off_budgetplan", _("Sign off"),
               style="success"),
    Transition((B.SUBMITTED,), "return", B.DRAFT, "maintenance.sign_off_budgetplan", _("Return to draft"),
               comment_required=True, style="warning"),
]


def percentage(variance, planned):
    """Variance as a percentage of the planned amount (None when there is nothing to compare)."""
    if variance is None or not planned:
        return None
    return (Decimal(variance) * 100 / Decimal(planned)).quantize(Decimal("0.1"))


def signed(value):
    """+1,234.50 / -200.00: a variance always shows its sign, grouped like the amounts beside it (issue 15 point 9:
    the browser walk found -101600.00 next to 2,438,400.00)."""
    return "" if value is None else f"{value:+,.2f}"


def signed_percent(value):
    return "" if value is None else f"{value:+.1f}%"


class VarianceDisplay:
    """Display of an annotated `variance` against a planned amount (`planned_field`)."""

    planned_field = "planned_total"

    @property
    def variance_percentage(self):
        return percentage(getattr(self, "variance", None), getattr(self, self.planned_field, None))

    @property
    def variance_display(self):
        return signed(getattr(self, "variance", None))

    @property
    def percentage_display(self):
        return signed_percent(self.variance_percentage)

    @property
    def variance_sign(self):
        """"over" / "under" / "even" / "" for colouring."""
        value = getattr(self, "variance", None)
        if value is None:
            return ""
        return "over" if value > 0 else "under" if value < 0 else "even"


class BudgetPlanQuerySet(ScopedQuerySet):
    def with_totals(self):
        """Planned and actual totals, variance (actual − planned) and the number of items, in SQL.
        Items without an actual amount yet count as 0 in the actual total; with no actual at all it is empty."""
        return self.annotate(
            item_count=Count("items"),
            planned_total=Coalesce(Sum("items__planned_amount"), ZERO, output_field=TOTAL),
            actual_total=Sum("items__actual_amount", output_field=TOTAL),
        ).annotate(variance=ExpressionWrapper(F("actual_total") - F("planned_total"), output_field=TOTAL))


class BudgetPlan(VarianceDisplay, WorkflowRecord, OrgOwned):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True,
                                            validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BudgetStatus.choices, default=B.DRAFT,
                              db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("signed off by"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = BudgetPlanQuerySet.as_manager()
    workflow = Workflow(BUDGET_TRANSITIONS)

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        ordering = ["-year", "owner_org__path"]
        constraints = [models.UniqueConstraint(fields=["owner_org", "year"], name="one_budget_plan_per_org_year")]
        indexes = [models.Index(fields=["year", "status"])]
        permissions = [("sign_off_budgetplan", _("Can sign off the budget plan of its own org unit"))]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("maintenance:budget-detail", args=[self.pk])


class BudgetItemQuerySet(models.QuerySet):
    def with_variance(self):
        return self.annotate(variance=ExpressionWrapper(F("actual_amount") - F("planned_amount"),
                                                        output_field=TOTAL))


class BudgetItem(VarianceDisplay, models.Model):
    planned_field = "planned_amount"

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="items",
                             verbose_name=_("budget plan"))
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=BudgetCategory.choices,
                                default=BudgetCategory.SOFTWARE)
    planned_amount = models.DecimalField(_("planned amount (yuan)"), **AMOUNT,
                                         validators=[MinValueValidator(Decimal("0"))])
    actual_amount = models.DecimalField(_("actual amount (yuan)"), **AMOUNT, null=True, blank=True,
                                        validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = BudgetItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget items")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_amount__gte=0), name="budget_item_planned_not_negative"),
            models.CheckConstraint(condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                                   name="budget_item_actual_not_negative"),
        ]

    def __str__(self):
        return self.name


class BudgetPlanEvent(TransitionEvent):
    record_field = "plan"
    other_actions = {"create": _("Created")}

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("budget plan event")
        verbose_name_plural = _("budget plan events")
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="one_event_per_budget_plan_version"),
        ]


