"""第二十三条 emergency plans and drills:

- EmergencyPlan: an org unit's plan, with its versions (EmergencyPlanVersion: label, effective date, attachment,
  what changed); the drill schedule is a date stored on the plan, `next_drill_due`, set from the policy parameter
  SECURITY_DRILL_INTERVAL_MONTHS in force when the clock starts (the plan takes effect, or a drill is held);
- Drill: a drill of a plan with participants, scenario and findings; each finding opens a kernel rectification.
Overdue drills: `next_drill_due` passed, in SQL."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["EmergencyPlan", "EmergencyPlanVersion", "Drill", "DrillFinding"]


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    from calendar import monthrange

    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


class PlanQuerySet(ScopedQuerySet):
    def drill_overdue(self, today=None):
        return self.filter(is_active=True, next_drill_due__lt=today or timezone.localdate())


class EmergencyPlan(OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("in force"), default=True)
    next_drill_due = models.DateField(_("next drill due"), db_index=True)
    drill_interval_months = models.PositiveSmallIntegerField(_("drill interval (months)"), editable=False)

    objects = PlanQuerySet.as_manager()
    scope_everything = {}

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["owner_org__path", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("security:plan-detail", args=[self.pk])

    @property
    def drill_overdue(self):
        return self.is_active and self.next_drill_due < timezone.localdate()


class EmergencyPlanVersion(models.Model):
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="versions",
                             verbose_name=_("emergency plan"))
    label = models.CharField(_("version"), max_length=50)
    effective_on = models.DateField(_("effective on"))
    attachment = models.FileField(_("attachment"), upload_to="security/plans/%Y/%m/", blank=True,
                                  validators=[validate_evidence])
    change_note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_through = "plan"
    scope_permissions = {"view": "security.view_emergencyplan"}

    class Meta:
        verbose_name = _("emergency plan version")
        verbose_name_plural = _("emergency plan versions")
        ordering = ["plan", "-effective_on", "-pk"]

    def __str__(self):
        return f"{self.plan.title} {self.label}"


class Drill(OrgOwned):
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.PROTECT, related_name="drills",
                             verbose_name=_("emergency plan"))
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    scenario = models.CharField(_("scenario"), max_length=300)
    participants = models.TextField(_("participants"))
    summary = models.TextField(_("summary"), blank=True)

    scope_everything = {}

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.plan.title} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("security:drill-detail", args=[self.pk])


class DrillFinding(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("finding"))
    rectification = models.OneToOneField("workflow.Rectification", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="drill_finding", verbose_name=_("rectification"))

    objects = ScopedQuerySet.as_manager()
    scope_through = "drill"
    scope_permissions = {"view": "security.view_drill"}

    class Meta:
        verbose_name = _("drill finding")
        verbose_name_plural = _("drill findings")
        ordering = ["drill", "order", "pk"]

    def __str__(self):
        return f"{self.drill}：{self.description[:60]}"

    def get_absolute_url(self):
        return self.drill.get_absolute_url()
