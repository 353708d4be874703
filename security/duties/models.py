"""第二十二条 network-security duties: per org unit, the systems connected to the platform with their MLPS level
(等级保护 1–5) and last assessment. A system's next assessment is due one interval (a policy parameter by level, read
when the assessment date is recorded and stored) after the last one; a level-1 system has no mandatory assessment,
a system never assessed is due from the day it was recorded."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet

__all__ = ["ConnectedSystem", "MLPS_LEVELS"]

MLPS_LEVELS = [(1, pgettext_lazy("MLPS", "Level 1")), (2, pgettext_lazy("MLPS", "Level 2")),
               (3, pgettext_lazy("MLPS", "Level 3")), (4, pgettext_lazy("MLPS", "Level 4")),
               (5, pgettext_lazy("MLPS", "Level 5"))]


class SystemQuerySet(ScopedQuerySet):
    def assessment_overdue(self, today=None):
        return self.filter(assessment_due_on__lt=today or timezone.localdate())


class ConnectedSystem(OrgOwned):
    name = models.CharField(_("system"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mlps_level = models.PositiveSmallIntegerField(_("MLPS level"), choices=MLPS_LEVELS)
    last_assessed_on = models.DateField(_("last MLPS assessment on"), null=True, blank=True)
    assessment_due_on = models.DateField(_("next assessment due on"), null=True, blank=True, editable=False,
                                         db_index=True)

    objects = SystemQuerySet.as_manager()
    scope_everything = {}

    class Meta:
        verbose_name = _("connected system")
        verbose_name_plural = _("connected systems")
        ordering = ["owner_org__path", "name", "pk"]
        constraints = [models.CheckConstraint(condition=Q(mlps_level__gte=1, mlps_level__lte=5),
                                              name="connected_system_mlps_1_5")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("security:system-edit", args=[self.pk])

    @property
    def assessment_overdue(self):
        return self.assessment_due_on is not None and self.assessment_due_on < timezone.localdate()

    def save(self, *args, **kwargs):
        from ..drills.models import add_months
        from .parameters import interval_months

        months = interval_months(self.mlps_level)
        if months is None:
            self.assessment_due_on = None
        elif self.last_assessed_on is None:
            self.assessment_due_on = timezone.localdate()
        else:
            self.assessment_due_on = add_months(self.last_assessed_on, months)
        super().save(*args, **kwargs)
