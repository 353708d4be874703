"""第二十条 security training: sessions (topic, date, trainer, the org units trained, materials) and attendance per
person; coverage per org unit and year is the number of attendances of its staff, against the policy parameter
SECURITY_TRAINING_MIN_ATTENDEES_PER_YEAR in force at the end of that year (or today, for the current year)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned, OrgUnit
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["TrainingSession", "TrainingAttendance"]


class TrainingSession(OrgOwned):
    """Organised by its owner org unit (who trains); the units trained are `org_units`."""

    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("held on"), default=timezone.localdate, db_index=True)
    trainer = models.CharField(_("trainer"), max_length=200)
    org_units = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("org units trained"))
    materials = models.FileField(_("materials"), upload_to="security/training/%Y/%m/", blank=True,
                                 validators=[validate_evidence])

    scope_everything = {}

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("security:training-detail", args=[self.pk])


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("training session"))
    person = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit"))

    objects = ScopedQuerySet.as_manager()
    scope_through = "session"
    scope_permissions = {"view": "security.view_trainingsession"}

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        ordering = ["session", "org_unit__path", "person"]
        constraints = [models.UniqueConstraint(fields=["session", "person", "org_unit"],
                                               name="one_attendance_per_person_and_session")]

    def __str__(self):
        return f"{self.person}（{self.session.topic}）"
