"""Operations plans (运营方案, 第十二条): each org unit's plan for a year (goals, measures, schedule), filed for the
record (备案: acknowledged, not approved) through the one filing engine as the kind "operations_plan"."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.scoping import ScopedQuerySet

__all__ = ["OperationsPlan"]


class OperationsPlanQuerySet(ScopedQuerySet):
    pass


class OperationsPlan(models.Model):
    """The details of an operations-plan filing; it shares the filing's scope (scope_through)."""

    filing = models.OneToOneField("workflow.Filing", on_delete=models.CASCADE, related_name="operations_plan")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True,
                                            validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    goals = models.TextField(_("goals"))
    measures = models.TextField(_("measures"))
    schedule = models.TextField(_("schedule"))

    objects = OperationsPlanQuerySet.as_manager()
    history = HistoricalRecords()
    scope_through = "filing"
    scope_permissions = {"view": "workflow.view_filing", "change": "workflow.change_filing"}

    class Meta:
        verbose_name = _("operations plan")
        verbose_name_plural = _("operations plans")
        ordering = ["-year", "filing__owner_org__path"]

    def __str__(self):
        return f"{self.year} {self.filing.title}"

    def get_absolute_url(self):
        return reverse("workflow:filing-detail", args=[self.filing_id])
