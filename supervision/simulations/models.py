"""Simulated handling (模拟办事, 第二十四条): a supervisor applies for a service as a citizen would and records each
step tried, its result, the time it took and its evidence (screenshots). A failed step opens a rectification for
the service's owner. Owned by the service's owner (it sees how its service was tried)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import VIEW
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["SimulatedApplication", "SimulatedStep"]


class SimulatedApplication(OrgOwned):
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=100,
                               help_text=_("Where it was tried: the app, a mini-program …"))
    performed_at = models.DateTimeField(_("tried at"))
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("tried by"))
    note = models.TextField(_("note"), blank=True)
    total_seconds = models.PositiveIntegerField(_("time taken (s)"), default=0)
    rectification = models.ForeignKey("workflow.Rectification", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("rectification"))

    scope_everything = {}

    class Meta:
        verbose_name = _("simulated application")
        verbose_name_plural = _("simulated applications")
        ordering = ["-performed_at", "-pk"]

    def __str__(self):
        return f"{self.service.name} {self.performed_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("supervision:simulation-detail", args=[self.pk])

    @property
    def failed_steps(self):
        return [step for step in self.steps.all() if not step.passed]


class SimulatedStep(models.Model):
    application = models.ForeignKey(SimulatedApplication, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("step"))
    action = models.CharField(_("what was tried"), max_length=200)
    passed = models.BooleanField(_("succeeded"), default=True)
    seconds = models.PositiveIntegerField(_("time taken (s)"))
    result = models.TextField(_("result"), blank=True)
    evidence = models.FileField(_("screenshot"), upload_to="evidence/%Y/%m/", blank=True,
                                validators=[validate_evidence])

    scope_through = "application"
    scope_permissions = {VIEW: "supervision.view_simulatedapplication"}

    class Meta:
        verbose_name = _("simulated step")
        verbose_name_plural = _("simulated steps")
        ordering = ["application", "order"]
        constraints = [models.UniqueConstraint(fields=["application", "order"], name="one_step_per_order")]

    def __str__(self):
        return f"{self.order}. {self.action}"
