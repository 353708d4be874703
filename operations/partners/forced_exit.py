"""The forced exit of a partner (第十五条), carried out as the effects of the engine's "force_exit" transition: in
the transition's one transaction, so that a failure at any step leaves everything as it was.

Each step is a function of the engine's Step and returns what it did, in words for the partner's timeline. They
run in STEPS order, looked up by name when run (tests put a failure at each one)."""

from django.contrib.auth import get_user_model
from django.utils.html import escape
from django.utils.translation import gettext as _

from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, FilingStatus
from services import selectors as service_selectors

STEPS = ("delist_services", "draft_announcement", "withdraw_open_filings", "disable_accounts")
OPEN_FILING_STATES = (FilingStatus.DRAFT, FilingStatus.ORAL_REPORTED, FilingStatus.RETURNED, FilingStatus.SUBMITTED)


def reason_text(step):
    partner = step.record
    return f"{partner.get_exit_reason_display()}：{step.comment}"


def delist_services(step):
    services = service_selectors.delist_for_forced_exit(step.record.owner_org, step.user, reason_text(step))
    return _("%(count)s services delisted") % {"count": len(services)}


def draft_announcement(step):
    partner = step.record

    def text():
        title = _("Notice of the exit of a third-party partner: %(partner)s") % {"partner": partner.name}
        body = _("<p>The cooperation with %(partner)s on the Ganfutong platform ends; its services are taken off "
                 "the platform.</p><p>Reason: %(reason)s</p>") % {
            "partner": escape(partner.name), "reason": escape(partner.get_exit_reason_display())}
        return title, body

    title, body = stored(text)
    operator = OrgUnit.objects.operator()
    announcement = Announcement.draft_for(source=partner, owner_org=operator or step.user.org_unit, user=step.user,
                                          category=AnnouncementCategory.SERVICE_CHANGE, title=title[:200],
                                          body=body)
    return _("draft announcement %(pk)s created") % {"pk": announcement.pk}


def withdraw_open_filings(step):
    pks = list(Filing.objects.filter(owner_org=step.record.owner_org, status__in=OPEN_FILING_STATES)
               .order_by("pk").values_list("pk", flat=True))
    for pk in pks:
        engine.perform_internal(Filing, pk, "withdraw_by_authority", step.user, reason_text(step))
    return _("%(count)s open filings withdrawn") % {"count": len(pks)}


def disable_accounts(step):
    """Every account of the partner's org unit, through the model one by one (signals see each), never in bulk."""
    accounts = list(get_user_model().objects.filter(org_unit=step.record.owner_org, is_active=True).order_by("pk"))
    for account in accounts:
        account.is_active = False
        account.save(update_fields=["is_active"])
    return _("%(count)s accounts disabled") % {"count": len(accounts)}


def carry_out(step):
    import sys

    module = sys.modules[__name__]
    done = stored(lambda: [getattr(module, name)(step) for name in STEPS])
    step.detail = "；".join(str(text) for text in done)
