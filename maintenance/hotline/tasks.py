"""Reminders of work-order deadlines (第十八条). The lights are computed in queries; this task only tells
people, once per work order, deadline and light (dedup key):
- yellow (less than one working day left): the responsible org unit's handlers;
- red (overdue): the handlers again, and the operator's dispatchers (overdue escalation)."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language
from ganfutong_admin.notifications.services import notify

from .models import Light, WorkOrder
from .notifications import dispatchers, handlers
from .privacy import mask_free_text


@shared_task
def remind_work_orders_due():
    return in_office_language(_remind)()


def _remind():
    count = 0
    due_orders = (WorkOrder.objects.active().with_light().filter(light__in=[Light.YELLOW, Light.RED])
                  .select_related("owner_org").order_by("pk"))
    for work_order in due_orders.iterator(chunk_size=200):
        deadline = work_order.ack_due_at if work_order.status == "dispatched" else work_order.due_at
        step = _("acknowledge") if work_order.status == "dispatched" else _("handle")
        recipients = list(handlers(work_order.owner_org))
        if work_order.light == Light.RED:
            recipients += list(dispatchers())
            title = _("Overdue work order %(reference)s: %(title)s")
        else:
            title = _("Work order %(reference)s due soon: %(title)s")
        title = title % {"reference": work_order.reference, "title": mask_free_text(work_order.title)[:80]}
        body = _("%(org)s must %(step)s it by %(due)s.") % {
            "org": work_order.owner_org.name, "step": step,
            "due": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}
        count += len(notify(
            {u.pk: u for u in recipients}.values(), title, body,
            reverse("maintenance:hotline-workorder-detail", args=[work_order.pk]),
            dedup_key=f"hotline:{work_order.pk}:{work_order.status}:{deadline:%Y%m%d}:{work_order.light}",
        ))
    return count
