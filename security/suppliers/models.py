"""第二十一条 suppliers and their personnel: confidentiality agreements (signed, expires, file) and the background
checks of the people with access to core business data (done, result, expires). What expires within the window and what
has expired are queries over the stored dates (today counts as "expiring", not yet "expired")."""

from datetime import timedelta

from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["Supplier", "SupplierPerson", "CheckResult", "EXPIRY_WINDOW_DAYS"]

EXPIRY_WINDOW_DAYS = 30


def window(today=None, days=EXPIRY_WINDOW_DAYS):
    today = today or timezone.localdate()
    return today, today + timedelta(days=days)


class SupplierQuerySet(ScopedQuerySet):
    def nda_expiring(self, today=None):
        start, end = window(today)
        return self.filter(nda_expires_on__gte=start, nda_expires_on__lte=end)

    def nda_expired(self, today=None):
        return self.filter(nda_expires_on__lt=window(today)[0])

    def without_nda(self):
        return self.filter(Q(nda_signed_on__isnull=True) | Q(nda_expires_on__isnull=True))


class Supplier(OrgOwned):
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    scope_of_work = models.TextField(_("what it supplies"), blank=True)
    nda_signed_on = models.DateField(_("confidentiality agreement signed on"), null=True, blank=True)
    nda_expires_on = models.DateField(_("confidentiality agreement expires on"), null=True, blank=True,
                                      db_index=True)
    nda_file = models.FileField(_("confidentiality agreement"), upload_to="security/nda/%Y/%m/", blank=True,
                                validators=[validate_evidence])

    objects = SupplierQuerySet.as_manager()
    scope_everything = {}

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["owner_org__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("security:supplier-detail", args=[self.pk])

    @property
    def nda_state(self):
        today = timezone.localdate()
        if self.nda_expires_on is None or self.nda_signed_on is None:
            return "missing"
        if self.nda_expires_on < today:
            return "expired"
        if self.nda_expires_on <= today + timedelta(days=EXPIRY_WINDOW_DAYS):
            return "expiring"
        return "valid"


class CheckResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("background check", "Passed")
    FAILED = "failed", pgettext_lazy("background check", "Failed")
    PENDING = "pending", pgettext_lazy("background check", "Pending")


class PersonQuerySet(ScopedQuerySet):
    def check_expiring(self, today=None):
        start, end = window(today)
        return self.filter(check_expires_on__gte=start, check_expires_on__lte=end)

    def check_expired(self, today=None):
        return self.filter(check_expires_on__lt=window(today)[0])

    def with_flags(self, today=None):
        """supplier_nda_expired: the person's supplier has no valid confidentiality agreement today (in SQL)."""
        today = today or timezone.localdate()
        return self.annotate(supplier_nda_expired=Case(
            When(Q(supplier__nda_expires_on__lt=today) | Q(supplier__nda_expires_on__isnull=True), then=Value(True)),
            default=Value(False), output_field=models.BooleanField()))


class SupplierPerson(models.Model):
    """A person of a supplier; it shares the supplier's scope."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="people",
                                 verbose_name=_("supplier"))
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    core_data_access = models.BooleanField(_("has access to core business data"), default=True)
    check_done_on = models.DateField(_("background check done on"), null=True, blank=True)
    check_result = models.CharField(_("background check result"), max_length=10, choices=CheckResult.choices,
                                    default=CheckResult.PENDING)
    check_expires_on = models.DateField(_("background check expires on"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()
    scope_through = "supplier"
    scope_permissions = {"view": "security.view_supplier", "change": "security.change_supplier"}

    class Meta:
        verbose_name = _("supplier person")
        verbose_name_plural = _("supplier personnel")
        ordering = ["supplier", "name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.supplier.name}）"

    def get_absolute_url(self):
        return self.supplier.get_absolute_url()
