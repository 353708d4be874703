"""Can a listing, update or delisting filing be started for this service? One answer for the button on the service
page, the 报备 page's form and the save (issue 15, point 7): `kinds.start_problems(code, user, service)` runs the
check declared here with the kind (services.apps) and those other chapters add (security: the data-security
register). A problem that `blocks` would make the save fail; the others let the draft be saved but not submitted."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.workflow.kinds import StartProblem

from . import lifecycle
from .models import ChangeKind

NOT_ELIGIBLE_STATE = {
    ChangeKind.LISTING: gettext_lazy("“%(service)s” is “%(status)s”: only a planned or delisted service can be filed "
                                     "for listing."),
    ChangeKind.UPDATE: gettext_lazy("“%(service)s” is “%(status)s”: only a listed service can be filed for an "
                                    "update."),
    ChangeKind.DELISTING: gettext_lazy("“%(service)s” is “%(status)s”: only a listed service can be filed for "
                                       "delisting."),
}


def change_start_check(code):
    """The start check of the service filing kind `code` (listing, update, delisting)."""

    def check(user, service, exclude_filing=None):
        from .filing_forms import CHANGE_OF_KIND, ELIGIBLE_STATES

        if service is None:
            return []
        change = CHANGE_OF_KIND[code]
        problems = []
        if exclude_filing is None and service.status not in ELIGIBLE_STATES[change]:
            problems.append(StartProblem(str(NOT_ELIGIBLE_STATE[change]) % {
                "service": service.name, "status": service.get_status_display()}))
        other = lifecycle.open_change_filing(service, change, exclude_filing=exclude_filing)
        if other is not None:
            problems.append(StartProblem(
                _("A filing of the same kind is already in progress for “%(service)s”: %(reference)s (%(status)s).")
                % {"service": service.name, "reference": other.filing.reference,
                   "status": other.filing.get_status_display()},
                url=reverse("workflow:filing-detail", args=[other.filing_id]),
                link_label=_("Open %(reference)s") % {"reference": other.filing.reference}))
        if change == ChangeKind.LISTING and lifecycle.passed_self_test(service) is None:
            can_test = user.has_perm("services.add_selftestreport")
            problems.append(StartProblem(
                _("“%(service)s” has no passed full-process self-test under the standard in force: the draft can be "
                  "saved, but not submitted until a passed self-test is recorded.") % {"service": service.name},
                blocks=False,
                url=reverse("services:selftest-create", args=[service.pk]) if can_test else "",
                link_label=_("Record a self-test") if can_test else ""))
        return problems

    return check


def offered_kinds(user, service, codes):
    """[(code, label, problems)] of the filing kinds the service page offers: every kind the service's state
    allows, each with what stands in the way (a blocking problem: the button is shown disabled with the reason)."""
    from ganfutong_admin.workflow import kinds

    from .filing_forms import CHANGE_OF_KIND, ELIGIBLE_STATES

    result = []
    for code in codes:
        if service.status not in ELIGIBLE_STATES[CHANGE_OF_KIND[code]]:
            continue
        result.append((code, kinds.get(code).label, kinds.start_problems(code, user, service)))
    return result
