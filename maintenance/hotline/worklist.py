"""Sections of the home work list contributed by the hotline (第十八条), each from visible_to() querysets:
a count and the first rows, whatever the number of rows (two queries a section).

- handlers (submitters of an org unit): work orders to acknowledge and handle, worst light first;
- the operator: orders to dispatch (new or returned), replies waiting for a callback;
- the provincial reviewer: extension requests and bad-review appeals to decide.
"""

from django.db.models import Case, F, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .models import ACTIVE_STATES, OPERATOR_STATES, BadReview, BadReviewStatus, Light, WorkOrder, WorkOrderStatus
from .privacy import mask_free_text

NEXT_DUE = Case(When(status=WorkOrderStatus.DISPATCHED, then=F("ack_due_at")), default=F("due_at"))


def _day(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else ""


def _item(work_order, detail):
    return {"label": f"{work_order.reference} {mask_free_text(work_order.title)}",
            "url": reverse("maintenance:hotline-workorder-detail", args=[work_order.pk]),
            "detail": detail, "overdue": getattr(work_order, "light", "") == Light.RED}


def _section(key, title, qs, url, detail):
    return {"key": key, "title": title, "count": qs.count(), "url": url,
            "items": [_item(w, detail(w)) for w in qs[:LIMIT]]}


def work_orders_to_handle(user):
    if not user.has_perm("maintenance.handle_workorder"):
        return None
    qs = (WorkOrder.objects.visible_to(user, "handle_workorder").filter(status__in=ACTIVE_STATES).with_light()
          .annotate(next_due=NEXT_DUE).select_related("owner_org").order_by(F("next_due").asc(nulls_last=True), "pk"))

    def detail(w):
        step = _("acknowledge by %(day)s") if w.status == WorkOrderStatus.DISPATCHED else _("due %(day)s")
        light = f"{w.light_label} · " if w.light in (Light.YELLOW, Light.RED) else ""
        return light + step % {"day": _day(w.next_due)} + f" · {w.owner_org.name}"

    return _section("hotline-to-handle", _("Work orders to handle"), qs,
                    reverse("maintenance:hotline-workorder-list") + "?sort=due", detail)


def work_orders_to_dispatch(user):
    if not user.has_perm("maintenance.dispatch_workorder"):
        return None
    qs = (WorkOrder.objects.visible_to(user, "dispatch_workorder").filter(status__in=OPERATOR_STATES)
          .select_related("owner_org").order_by("received_at", "pk"))
    return _section("hotline-to-dispatch", _("Work orders to dispatch"), qs,
                    reverse("maintenance:hotline-workorder-list") + "?status=received",
                    lambda w: w.get_status_display() + " · " + _("received %(day)s") % {"day": _day(w.received_at)})


def replies_to_call_back(user):
    if not user.has_perm("maintenance.add_workorder"):
        return None
    qs = (WorkOrder.objects.visible_to(user, "add_workorder").filter(status=WorkOrderStatus.REPLIED)
          .select_related("owner_org").order_by("replied_at", "pk"))
    return _section("hotline-to-call-back", _("Replies waiting for a callback"), qs,
                    reverse("maintenance:hotline-workorder-list") + "?status=replied",
                    lambda w: _("replied %(day)s") % {"day": _day(w.replied_at)} + f" · {w.owner_org.name}")


def extensions_to_decide(user):
    if not user.has_perm("maintenance.approve_extension"):
        return None
    qs = (WorkOrder.objects.visible_to(user, "approve_extension").filter(status=WorkOrderStatus.EXTENSION_REQUESTED)
          .with_light().select_related("owner_org").order_by("due_at", "pk"))
    section = _section("hotline-extensions", _("Work-order extensions to decide"), qs,
                       reverse("maintenance:hotline-workorder-list") + "?status=extension_requested",
                       lambda w: _("due %(day)s") % {"day": _day(w.due_at)} + f" · {w.owner_org.name}")
    for item, w in zip(section["items"], qs[:LIMIT], strict=False):
        item["url"] = reverse("maintenance:hotline-extension-decision", args=[w.pk])
    return section


def appeals_to_decide(user):
    if not user.has_perm("maintenance.review_appeal"):
        return None
    qs = (BadReview.objects.visible_to(user, "review_appeal").filter(status=BadReviewStatus.APPEALED)
          .select_related("owner_org", "work_order").order_by("appealed_at", "pk"))
    items = [{"label": str(r), "url": reverse("maintenance:hotline-badreview-detail", args=[r.pk]),
              "detail": _("appealed %(day)s") % {"day": _day(r.appealed_at)} + f" · {r.owner_org.name}",
              "overdue": False} for r in qs[:LIMIT]]
    return {"key": "hotline-appeals", "title": _("Bad-review appeals to decide"), "count": qs.count(),
            "url": reverse("maintenance:hotline-badreview-list") + "?status=appealed", "items": items}


SECTIONS = [work_orders_to_handle, work_orders_to_dispatch, replies_to_call_back, extensions_to_decide,
            appeals_to_decide]
