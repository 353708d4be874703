"""第二十一条 data security, per service: which personal data a service processes, how it is masked, encrypted
and authorised, how long it is kept, with whom it is shared, and the declaration that no classified (涉密) data
is stored or transmitted.

One entry per service (services.Service, by foreign key). Whether the entry is complete is decided in one place,
`DataSecurityRegister.missing()`, and stored with every save (`complete`), so that the listing guard, the lists
and supervision ask the same question, the last two in SQL.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet

__all__ = ["PersonalData", "DataSecurityRegister"]


class PersonalData(models.TextChoices):
    """The fixed list of personal-data categories (个人信息) a service may process."""

    NAME = "name", _("Name")
    ID_NUMBER = "id_number", _("ID number")
    PHONE = "phone", _("Phone number")
    ADDRESS = "address", _("Address")
    BIOMETRICS = "biometrics", _("Biometrics (face, fingerprint)")
    HEALTH = "health", _("Health and medical data")
    FINANCIAL = "financial", _("Financial data (accounts, income)")
    LOCATION = "location", _("Precise location")
    MINORS = "minors", _("Personal data of minors")


class RegisterQuerySet(ScopedQuerySet):
    def incomplete(self):
        return self.filter(complete=False)


class DataSecurityRegister(OrgOwned):
    service = models.OneToOneField("services.Service", on_delete=models.PROTECT, related_name="security_register",
                                   verbose_name=_("service"))
    personal_data = models.JSONField(_("personal data processed"), default=list, blank=True)
    no_personal_data = models.BooleanField(_("processes no personal data"), default=False)
    masking_on_display = models.BooleanField(_("sensitive data masked on display"), default=False)
    masking_note = models.CharField(_("how it is masked"), max_length=300, blank=True)
    encrypted_in_transit = models.BooleanField(_("encrypted in transit"), default=False)
    encrypted_at_rest = models.BooleanField(_("encrypted at rest"), default=False)
    consent_method = models.TextField(_("how personal-information authorisation is obtained"), blank=True)
    retention_months = models.PositiveSmallIntegerField(_("retention period (months)"), null=True, blank=True)
    sharing_recipients = models.TextField(_("data-sharing recipients"), blank=True,
                                          help_text=_("Who receives the data, and for what; empty: shared with "
                                                      "nobody."))
    no_classified_data = models.BooleanField(_("declares that no classified data is stored or transmitted"),
                                             default=False)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("declared by"))
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    complete = models.BooleanField(_("complete"), default=False, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RegisterQuerySet.as_manager()
    # docs/roles.md: in security the operator sees only its own records.
    scope_everything = {}

    class Meta:
        verbose_name = _("data-security register entry")
        verbose_name_plural = _("data-security register")
        ordering = ["owner_org__path", "service__code"]

    def __str__(self):
        return str(self.service)

    def get_absolute_url(self):
        return reverse("security:register-detail", args=[self.pk])

    def missing(self):
        """The labels of what the entry still lacks (empty: complete)."""
        lacks = []
        if not self.personal_data and not self.no_personal_data:
            lacks.append(_("the personal data processed (or that it processes none)"))
        if self.personal_data:
            if not self.masking_on_display:
                lacks.append(_("masking on display"))
            if not self.encrypted_at_rest:
                lacks.append(_("encryption at rest"))
            if not (self.consent_method or "").strip():
                lacks.append(_("how personal-information authorisation is obtained"))
            if not self.retention_months:
                lacks.append(_("the retention period"))
        if not self.encrypted_in_transit:
            lacks.append(_("encryption in transit"))
        if not self.no_classified_data:
            lacks.append(_("the declaration that no classified data is stored or transmitted"))
        return lacks

    def personal_data_labels(self):
        labels = dict(PersonalData.choices)
        return [str(labels.get(code, code)) for code in self.personal_data]

    def save(self, *args, **kwargs):
        # The entry belongs to whoever is responsible for the service (第四条 谁建设、谁负责).
        if self.service_id is not None:
            self.owner_org_id = self.service.owner_org_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "owner_org"}
        self.complete = not self.missing()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "complete"}
        super().save(*args, **kwargs)
