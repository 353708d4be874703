"""How a work order moves (第十八条): intake, dispatch, acknowledgement, extension, reply, callback, reopening.

Every status change goes through the kernel engine; WorkOrderLifecycle holds its hooks. Actions that need more
than a comment (the org unit to dispatch to, the reply, the satisfaction, the extra days) declare a payload
(payloads.py), which the engine validates before the hooks see it as `step.data`, so no endpoint can skip it.
An unsatisfied callback opens a bad review (an effect, in the same transaction).

Deadlines: when a work order is dispatched its clock starts (at intake when the hotline names the service,
else when the operator dispatches it): acknowledge within N working days, handle within M, both the policy
parameters (maintenance.parameters) in force when the clock starts; a reopened order's new handling clock takes
the version in force at the reopening. Deadlines are stored, so a later version never moves them. With each
deadline its warn time is stored (one working day earlier): the light is computed in the query from these and
the current time (models.light_expression), never stored.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.orgs.models import OrgKind, OrgUnit
from ganfutong_admin.privacy.text import mask_free_text
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.calendar import add_working_days, subtract_working_days

from ..parameters import hotline_limits
from .models import (
    UNSATISFIED_LEVELS,
    ExtensionStatus,
    Satisfaction,
    WorkOrder,
    WorkOrderExtension,
    WorkOrderSource,
    WorkOrderStatus,
)

WS = WorkOrderStatus


def perform(pk, action, user, version, comment="", **payload):
    """engine.perform on a work order, the action's inputs as keywords (target_org, reply, satisfaction,
    extension_days)."""
    return engine.perform(WorkOrder, pk, action, user, version, comment, payload=payload)


def _day(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else ""


# --- deadlines -----------------------------------------------------------------------------------------------

def _deadline_and_warning(start, working_days):
    deadline = add_working_days(start, working_days)
    warning = subtract_working_days(deadline.date, 1)
    return deadline.end_of_day, warning.end_of_day, deadline.estimated or warning.estimated


def start_clock(work_order, start):
    """Acknowledge and handling deadlines from `start` (the dispatch), by the type's time limits in force then."""
    ack_days, handle_days = hotline_limits(work_order.type, start)
    work_order.ack_due_at, work_order.ack_warn_at, ack_estimated = _deadline_and_warning(start, ack_days)
    work_order.due_at, work_order.warn_at, due_estimated = _deadline_and_warning(start, handle_days)
    work_order.due_estimated = ack_estimated or due_estimated


def restart_handling_clock(work_order, start):
    """Reopened: a new handling deadline from now; the org unit has the order already (no acknowledgement)."""
    _ack, handle_days = hotline_limits(work_order.type, start)
    work_order.due_at, work_order.warn_at, work_order.due_estimated = _deadline_and_warning(start, handle_days)
    work_order.ack_due_at = work_order.ack_warn_at = None


def extend_deadline(work_order, days):
    deadline = add_working_days(work_order.due_at, days)
    warning = subtract_working_days(deadline.date, 1)
    work_order.due_at, work_order.warn_at = deadline.end_of_day, warning.end_of_day
    work_order.due_estimated = work_order.due_estimated or deadline.estimated or warning.estimated


def stop_clock(work_order):
    work_order.ack_due_at = work_order.ack_warn_at = work_order.due_at = work_order.warn_at = None
    work_order.due_estimated = False


# --- intake ------------------------------------------------------------------------------------------------

def receive(*, user, type, title, content, citizen_name, citizen_phone, citizen_id_number="", service=None,
            responsible_org=None, received_at=None, hotline_id=None, source=WorkOrderSource.MANUAL):
    """Create a work order. With a service its owner is responsible (services.selectors), else the org unit
    chosen by hand; with neither it waits at the operator for dispatch. The caller holds a transaction and
    handles the IntegrityError of a duplicate hotline_id."""
    received_at = received_at or timezone.now()
    responsible = service.owner_org if service is not None else responsible_org
    work_order = WorkOrder(
        hotline_id=hotline_id or None, source=source, type=type, title=title, content=content, service=service,
        citizen_name=citizen_name, citizen_phone=citizen_phone, citizen_id_number=citizen_id_number or "",
        received_at=received_at, created_by=user,
        owner_org=responsible or (user.org_unit if user.org_unit and user.org_unit.kind == OrgKind.OPERATOR
                                  else OrgUnit.objects.operator()),
        status=WS.DISPATCHED if responsible else WS.RECEIVED,
    )
    if responsible:
        work_order.dispatched_at = received_at
        start_clock(work_order, received_at)
    work_order._change_reason = stored(lambda: str(_("Received")))
    work_order.save()
    if responsible and service is not None:
        detail = stored(lambda: _("Dispatched to %(org)s, responsible for the service “%(service)s”.")
                                    % {"org": responsible.name, "service": service.name})
    elif responsible:
        detail = stored(lambda: _("Dispatched to %(org)s.") % {"org": responsible.name})
    else:
        detail = stored(lambda: _("Waiting for the operator to dispatch it."))
    if responsible:
        detail += " " + stored(lambda: _("Acknowledge by %(ack)s, handle by %(due)s.")
                                           % {"ack": _day(work_order.ack_due_at), "due": _day(work_order.due_at)})
    work_order.record_event(user, "receive", "", work_order.status, detail=detail[:300])
    from .notifications import work_order_received

    transaction.on_commit(lambda: work_order_received(work_order, user))
    return work_order


# --- the engine's hooks --------------------------------------------------------------------------------------

class WorkOrderLifecycle(engine.Lifecycle):
    def guard(self, step):
        work_order, action = step.record, step.action
        if action == "request_extension" and work_order.due_at is None:
            return _("This work order has no deadline to extend.")
        if action in ("approve_extension", "deny_extension") and work_order.pending_extension is None:
            return _("There is no extension request waiting for a decision.")
        return None

    def apply(self, step):
        """Timestamps, deadlines and details before the engine saves the work order; the event's detail is written
        in the office language."""
        with office_language():
            step.detail = str(_apply(step))

    def effects(self, step):
        work_order = step.record
        if step.action == "callback" and work_order.satisfaction in UNSATISFIED_LEVELS:
            from .appeals import open_bad_review

            open_bad_review(work_order=work_order, owner_org=work_order.owner_org, rating=work_order.satisfaction,
                            comment=step.comment, user=step.user)

    def record(self, step):
        return step.record.record_event(step.user, step.action, step.from_status, step.transition.target,
                                        step.comment, detail=step.detail[:300])

    def on_commit(self, step):
        from .notifications import work_order_transition

        work_order_transition(step.record, step.transition, step.user)


def _apply(step):
    work_order, action, user, comment, now, data = (step.record, step.action, step.user, step.comment, step.now,
                                                    step.data)
    detail = ""
    if action == "dispatch":
        org = data["target_org"]
        work_order.owner_org = org
        work_order.dispatched_at = now
        work_order.acknowledged_at = None
        start_clock(work_order, now)
        detail = _("Dispatched to %(org)s. Acknowledge by %(ack)s, handle by %(due)s.") % {
            "org": org.name, "ack": _day(work_order.ack_due_at), "due": _day(work_order.due_at)}
    elif action == "acknowledge":
        work_order.acknowledged_at = now
    elif action == "return":
        returned_by = work_order.owner_org
        work_order.owner_org = OrgUnit.objects.operator() or work_order.owner_org
        stop_clock(work_order)
        detail = _("Returned by %(org)s for re-dispatch.") % {"org": returned_by.name}
    elif action == "request_extension":
        days = data["extension_days"]
        WorkOrderExtension.objects.create(work_order=work_order, requested_days=days, reason=comment,
                                          requested_by=user, due_before=work_order.due_at)
        detail = _("%(days)s more working days requested.") % {"days": days}
    elif action == "approve_extension":
        extension = work_order.pending_extension
        extend_deadline(work_order, extension.requested_days)
        _decide(extension, ExtensionStatus.APPROVED, user, comment, now, due_after=work_order.due_at)
        detail = _("Extended by %(days)s working days: now due %(due)s.") % {
            "days": extension.requested_days, "due": _day(work_order.due_at)}
    elif action == "deny_extension":
        _decide(work_order.pending_extension, ExtensionStatus.DENIED, user, comment, now)
        detail = _("Deadline unchanged: due %(due)s.") % {"due": _day(work_order.due_at)}
    elif action == "reply":
        work_order.reply = data["reply"].strip()
        work_order.replied_at = now
        # The reply is part of the timeline (masked as stored: a phone or ID number in it never shows there).
        detail = _("Reply: %(reply)s") % {"reply": Truncator(mask_free_text(work_order.reply)).chars(280)}
        pending = work_order.pending_extension
        if pending is not None:
            _decide(pending, ExtensionStatus.WITHDRAWN, user, "", now)
    elif action == "callback":
        work_order.satisfaction = data["satisfaction"]
        work_order.callback_at = now
        detail = _("Satisfaction: %(level)s") % {"level": Satisfaction(work_order.satisfaction).label}
    elif action == "reopen":
        work_order.reopen_count += 1
        work_order.satisfaction = ""
        work_order.callback_at = None
        work_order.replied_at = None
        restart_handling_clock(work_order, now)
        detail = _("Reopened: handle by %(due)s.") % {"due": _day(work_order.due_at)}
    return detail


def _decide(extension, status, user, comment, now, due_after=None):
    extension.status = status
    extension.decided_by = user
    extension.decided_at = now
    extension.decision_comment = comment
    if due_after is not None:
        extension.due_after = due_after
    extension.save()
