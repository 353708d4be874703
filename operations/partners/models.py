"""Third-party partners (第三方业态合作, 第十五条).

A partner organization (an org unit of kind PARTNER, with its own accounts) applies in writing before offering a
service: the application is a filing of the kind "partner_application" (kinds.py), reviewed like any filing;
its approval approves the partner's register entry. The register tracks the partner's status; the provincial
authority may force a partner out (forced exit), which in one transaction delists its services, drafts an
announcement, withdraws its open filings, disables its accounts and records the event (lifecycle.py).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import Filing, TransitionEvent
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["PartnerStatus", "ExitReason", "Partner", "PartnerEvent", "PartnerApplication"]


class PartnerStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("partner", "Applied")
    APPROVED = "approved", pgettext_lazy("partner", "Approved")
    ACTIVE = "active", pgettext_lazy("partner", "Active")
    SUSPENDED = "suspended", pgettext_lazy("partner", "Suspended")
    FORCED_OUT = "forced_out", pgettext_lazy("partner", "Forced out")


class ExitReason(models.TextChoices):
    PLATFORM_OPERATION = "platform_operation", _("Impact on the platform's normal operation")
    PUBLIC_OPINION = "public_opinion", _("Major public opinion incident")
    OTHER = "other", _("Other")


P = PartnerStatus
PARTNER_TRANSITIONS = [
    # The approval of its written application (the filing) approves the entry.
    Transition((P.APPLIED,), "approve", P.APPROVED, "workflow.review_filing", _("Approved with the application"),
               internal=True),
    Transition((P.APPROVED, P.SUSPENDED), "activate", P.ACTIVE, "manage_partner", _("Start cooperation"),
               style="success"),
    Transition((P.ACTIVE,), "suspend", P.SUSPENDED, "manage_partner", _("Suspend"), comment_required=True,
               style="warning"),
    Transition((P.APPROVED, P.ACTIVE, P.SUSPENDED), "force_exit", P.FORCED_OUT, "force_exit_partner",
               _("Force to exit"), comment_required=True, style="danger",
               confirm=_("Force this partner to exit? Its services are delisted and its accounts disabled."),
               payload="operations.partners.payloads.ForcedExitPayload"),
]


class PartnerQuerySet(ScopedQuerySet):
    pass


class Partner(WorkflowRecord, OrgOwned):
    """The register entry of one partner; `owner_org` is the partner's own org unit."""

    name = models.CharField(_("partner organization"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    services_offered = models.TextField(_("services offered"))
    contacts = models.TextField(_("responsible contacts"),
                                help_text=_("Names, posts and office phones of the persons responsible."))
    commitments = models.TextField(_("commitments"))
    agreement = models.FileField(_("cooperation agreement"), upload_to="partners/agreements/%Y/",
                                 validators=[validate_evidence], blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PartnerStatus.choices, default=P.APPLIED,
                              db_index=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    exit_reason = models.CharField(_("reason of the exit"), max_length=30, choices=ExitReason.choices, blank=True)
    exit_effective_at = models.DateTimeField(_("exit effective at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PartnerQuerySet.as_manager()
    workflow = Workflow(PARTNER_TRANSITIONS)

    class Meta:
        verbose_name = _("third-party partner")
        verbose_name_plural = _("third-party partners")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner_org"], name="one_partner_entry_per_org_unit")]
        permissions = [("manage_partner", _("Can start and suspend the cooperation of a partner")),
                       ("force_exit_partner", _("Can force a partner to exit"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("operations:partner-detail", args=[self.pk])


class PartnerEvent(TransitionEvent):
    record_field = "partner"
    other_actions = {"create": _("Registered with the application")}

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="events")
    detail = models.TextField(_("detail"), blank=True)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("partner event")
        verbose_name_plural = _("partner events")
        constraints = [models.UniqueConstraint(fields=["partner", "version"], name="one_event_per_partner_version")]


class PartnerApplication(models.Model):
    """The details of a partner's written application (a filing of the kind "partner_application")."""

    filing = models.OneToOneField(Filing, on_delete=models.CASCADE, related_name="partner_application")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="applications",
                                verbose_name=_("third-party partner"))

    class Meta:
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")

    def __str__(self):
        return str(self.partner)
