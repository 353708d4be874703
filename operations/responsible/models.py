"""Designated responsible persons (指定专人, 第十二条/第十七条): per org unit and duty, who answers for the platform's
operations, maintenance, security, the 12345 hotline and data security, with a validity period.

The mobile number is personal data (第二十一条): encrypted at rest with the kernel's privacy field and masked in
every page, export and API answer (ganfutong_admin.privacy.masking), like citizens' phones in work orders.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.privacy.fields import EncryptedTextField

__all__ = ["Duty", "Validity", "ResponsiblePerson"]

MOBILE = RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mobile number."))
OFFICE_PHONE = RegexValidator(r"^[0-9-]{7,20}$", _("Enter a phone number (digits and hyphens)."))


class Duty(models.TextChoices):
    OPERATIONS = "operations", pgettext_lazy("responsible duty", "Operations")
    MAINTENANCE = "maintenance", pgettext_lazy("responsible duty", "Maintenance")
    SECURITY = "security", pgettext_lazy("responsible duty", "Security")
    HOTLINE = "hotline", pgettext_lazy("responsible duty", "12345 hotline")
    DATA_SECURITY = "data_security", pgettext_lazy("responsible duty", "Data security")


class Validity(models.TextChoices):
    CURRENT = "current", pgettext_lazy("validity", "Current")
    FUTURE = "future", pgettext_lazy("validity", "Not yet valid")
    EXPIRED = "expired", pgettext_lazy("validity", "Expired")


def current_on(day, prefix=""):
    """Q of the persons valid on `day` (valid_to inclusive; an open end never expires)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day}))


class ResponsiblePersonQuerySet(ScopedQuerySet):
    def current(self, day=None):
        return self.filter(current_on(day or timezone.localdate()))

    def with_validity(self, day=None):
        day = day or timezone.localdate()
        return self.annotate(validity=models.Case(
            models.When(valid_from__gt=day, then=models.Value(Validity.FUTURE)),
            models.When(valid_to__lt=day, then=models.Value(Validity.EXPIRED)),
            default=models.Value(Validity.CURRENT), output_field=models.CharField()))


class ResponsiblePerson(OrgOwned):
    duty = models.CharField(_("duty"), max_length=20, choices=Duty.choices, db_index=True)
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=100)
    office_phone = models.CharField(_("office phone"), max_length=20, validators=[OFFICE_PHONE])
    mobile = EncryptedTextField(_("mobile phone"), validators=[MOBILE])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True,
                                help_text=_("Leave empty while the designation has no end date."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ResponsiblePersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        ordering = ["owner_org__path", "duty", "-valid_from"]
        indexes = [models.Index(fields=["owner_org", "duty", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="responsible_person_valid_range"),
        ]

    def __str__(self):
        return f"{self.get_duty_display()} {self.name}"

    def get_absolute_url(self):
        return reverse("operations:responsible-detail", args=[self.pk])

    @property
    def validity_label(self):
        """The label of the annotated `validity` (with_validity()), else of today's."""
        return Validity(getattr(self, "validity", None) or self.validity_on_today).label

    @property
    def validity_on_today(self):
        today = timezone.localdate()
        if self.valid_from > today:
            return Validity.FUTURE
        if self.valid_to is not None and self.valid_to < today:
            return Validity.EXPIRED
        return Validity.CURRENT
