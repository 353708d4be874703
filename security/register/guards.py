"""第二十一条 at the gate of the platform: a listing filing (services' kind "service_listing") cannot be submitted,
resubmitted or approved while the service's data-security register entry is missing or incomplete. Registered with
the filing engine through the chapter contract (SecurityConfig.filing_guards()); it runs after the kind's own
guard (the self-test), so that a filing learns both reasons in turn."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ganfutong_admin.workflow.kinds import StartProblem
from services import selectors as service_selectors

from .models import DataSecurityRegister

LISTING_KIND = "service_listing"
LISTING_ACTIONS = ("submit", "resubmit", "approve")


def register_problem(service):
    """Why the service cannot be listed as far as data security goes, or None."""
    entry = DataSecurityRegister.objects.filter(service=service).first()
    if entry is None:
        return _("“%(service)s” has no data-security register entry (第二十一条): record which personal data it "
                 "processes, masking, encryption, authorisation, retention, sharing and the no-classified-data "
                 "declaration before filing the listing.") % {"service": service.name}
    missing = entry.missing()
    if missing:
        return _("The data-security register entry of “%(service)s” is incomplete: %(missing)s still missing.") % {
            "service": service.name, "missing": "、".join(str(item) for item in missing)}
    return None


def listing_register_guard(step):
    service = service_selectors.filing_service(step.record)
    if service is None:
        return None  # the kind's own guard has refused a filing without a service already
    return register_problem(service)


def listing_register_start(user, service, exclude_filing=None):
    """The same rule said before the listing form (the draft saves; submitting waits for the register), with a
    link to the entry to complete, or to a new one for the service."""
    if service is None:
        return []
    problem = register_problem(service)
    if problem is None:
        return []
    entry = DataSecurityRegister.objects.filter(service=service).only("pk").first()
    url, label = "", ""
    if user.has_perm("security.change_datasecurityregister" if entry else "security.add_datasecurityregister"):
        try:
            url = (reverse("security:register-edit", args=[entry.pk]) if entry
                   else f"{reverse('security:register-create')}?service={service.pk}")
            label = _("Complete the data-security register")
        except NoReverseMatch:
            url = ""
    return [StartProblem(problem, blocks=False, url=url, link_label=label)]
