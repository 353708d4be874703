"""Accountability (责任追究, 第二十六条): a record of a case — org unit concerned, persons, facts, basis, decision,
date — linked to the records behind it (alerts, findings, incidents, circulars ... of any chapter: a generic link
by content type, never an import). Read by the provincial authority and auditors, and by the org unit concerned."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import VIEW

__all__ = ["AccountabilityRecord", "AccountabilityLink"]


class AccountabilityRecord(OrgOwned):
    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    title = models.CharField(_("case"), max_length=200)
    persons = models.TextField(_("persons held accountable"),
                               help_text=_("Names and posts, one per line."))
    facts = models.TextField(_("facts"))
    basis = models.TextField(_("basis"), help_text=_("The articles and rules applied."))
    decision = models.TextField(_("decision"))
    decided_on = models.DateField(_("decided on"))
    version = models.PositiveIntegerField(_("version"), default=1)

    scope_everything = {}

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self):
        return reverse("supervision:accountability-detail", args=[self.pk])


class AccountabilityLink(models.Model):
    """A record behind a case. Shares the case's scope (scope_through)."""

    record = models.ForeignKey(AccountabilityRecord, on_delete=models.CASCADE, related_name="links")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("record type"))
    target_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("record"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_through = "record"
    scope_permissions = {VIEW: "supervision.view_accountabilityrecord"}

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["record", "target_type", "target_id"],
                                               name="one_link_per_target")]

    def __str__(self):
        return self.target_label

    @property
    def target_url(self):
        getter = getattr(self.target, "get_absolute_url", None)
        return getter() if getter else ""
