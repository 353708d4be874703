"""Versions of the policy parameters: one row per (parameter, effective-from date), never edited.

The table is its own history: a change is a new row (value, effective from, the article it serves, who set it,
why, when), and each new row also writes a security event. Rows are append-only (the model refuses updates and
deletes): a deadline computed from a version can always be traced back to it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.scoping import ReferenceQuerySet


class AppendOnlyError(Exception):
    pass


class ParameterVersion(models.Model):
    name = models.CharField(_("parameter"), max_length=60)
    value = models.PositiveIntegerField(_("value"))
    effective_from = models.DateField(_("effective from"))
    article = models.CharField(_("article of the measures"), max_length=20)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("set by"))
    created_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy parameter version")
        verbose_name_plural = _("policy parameter versions")
        ordering = ["name", "-effective_from"]
        constraints = [
            # Two versions for one day would make "the value in force" ambiguous; it also stops a double submit.
            models.UniqueConstraint(fields=["name", "effective_from"], name="one_policy_version_per_day"),
            models.CheckConstraint(condition=~models.Q(reason=""),
                                   name="policy_version_has_reason"),
        ]

    def __str__(self):
        return f"{self.name}={self.value} ({self.effective_from:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("policy parameter versions are never edited: add a new version")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("policy parameter versions are never deleted")
