"""The engine's hooks for partners and the filing kind of their written application (第十五条)."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.kinds import FilingKind
from ganfutong_admin.workflow.models import FilingStatus

from . import forced_exit
from .models import Partner, PartnerStatus


class PartnerLifecycle(engine.Lifecycle):
    def apply(self, step):
        partner = step.record
        if step.transition.target == PartnerStatus.APPROVED:
            partner.approved_at = step.now
        if step.action == "force_exit":
            partner.exit_reason = step.data["reason"]
            partner.exit_effective_at = step.now

    def effects(self, step):
        if step.action == "force_exit":
            forced_exit.carry_out(step)

    def record(self, step):
        return step.record.record_event(step.user, step.action, step.from_status, step.transition.target,
                                        step.comment, detail=step.detail)


def application_decided(step):
    """An approved application approves the partner's entry (as the reviewer's decision)."""
    if step.record.status != FilingStatus.APPROVED:
        return
    partner = step.record.partner_application.partner
    if partner.status == PartnerStatus.APPLIED:
        engine.perform_internal(Partner, partner.pk, "approve", step.user, step.comment)


def may_start_application(user):
    """Only a partner org unit files its own application, once (not after it is registered or forced out)."""
    from .views import may_apply

    if not may_apply(user):
        return False
    partner = Partner.objects.filter(owner_org=user.org_unit_id).only("status").first()
    return partner is None or partner.status == PartnerStatus.APPLIED


FILING_KINDS = (
    FilingKind(code="partner_application", may_start=may_start_application,
               label=_("Third-party partner application"), article="第十五条",
               detail_attr="partner_application", create_url="operations:partner-apply",
               edit_url="operations:partner-apply-edit",
               detail_template="operations/partners/_application_details.html", on_decided=application_decided),
)
