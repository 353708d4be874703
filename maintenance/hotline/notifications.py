"""Who is told what about work orders and bad reviews (after commit). Titles carry the reference and the
title with any phone or ID number in it masked: notifications and their e-mails never hold personal data."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language
from ganfutong_admin.notifications.services import notify, users_with_permission

from .privacy import mask_free_text


def handlers(org):
    return users_with_permission("handle_workorder", "maintenance", org=org)


def dispatchers():
    return users_with_permission("dispatch_workorder", "maintenance")


def provincial(codename):
    return users_with_permission(codename, "maintenance").filter(org_unit__kind="provincial_authority")


def _title(work_order, what):
    return _("Work order %(reference)s %(title)s: %(what)s") % {
        "reference": work_order.reference, "title": mask_free_text(work_order.title)[:80], "what": what}


def _url(work_order):
    return reverse("maintenance:hotline-workorder-detail", args=[work_order.pk])


@in_office_language
def work_order_received(work_order, actor):
    if work_order.status == "dispatched":
        recipients = handlers(work_order.owner_org)
        what = _("dispatched to %(org)s") % {"org": work_order.owner_org.name}
    else:
        recipients = dispatchers()
        what = _("waiting for dispatch")
    notify([u for u in recipients if u.pk != actor.pk], _title(work_order, what), "", _url(work_order))


@in_office_language
def work_order_transition(work_order, transition, actor):
    action = transition.action
    if action in ("dispatch", "reopen", "approve_extension", "deny_extension", "callback"):
        recipients = handlers(work_order.owner_org)
    elif action in ("return", "reply"):
        recipients = dispatchers()
    elif action == "request_extension":
        recipients = provincial("approve_extension")
    else:
        return
    notify([u for u in recipients if u.pk != actor.pk], _title(work_order, transition.label), "", _url(work_order))


@in_office_language
def bad_review_transition(review, transition, actor):
    if transition.action == "appeal":
        recipients = provincial("review_appeal")
    else:
        recipients = users_with_permission("appeal_badreview", "maintenance", org=review.owner_org)
    title = _("%(review)s: %(action)s") % {"review": str(review), "action": transition.label}
    notify([u for u in recipients if u.pk != actor.pk], title, "",
           reverse("maintenance:hotline-badreview-detail", args=[review.pk]))
