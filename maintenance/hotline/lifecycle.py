"""How a work order moves (第十八条): intake, dispatch, acknowledgement, extension, reply, callback, reopening.

Every status change goes through the kernel engine (`perform` below wraps engine.perform). Some actions need
more than a comment (the org unit to dispatch to, the reply, the satisfaction, the extra days): the caller
passes them to `perform(...)`, which hands them to the hooks through a context variable for the duration of
that one transition. The guard refuses an action whose input is missing, so the generic transition
endpoints cannot skip it.

Deadlines: when a work order is dispatched its clock starts (at intake when the hotline names the service,
else when the operator dispatches it): acknowledge within N working days, handle within M, both the policy
parameters (maintenance.parameters) in force when the clock starts; a reopened order's new handling clock takes
the version in force at the reopening. Deadlines are stored, so a later version never moves them. With each
deadline its warn time is stored (one working day earlier): the light is computed in the query from these and
the current time (models.light_expression), never stored.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.orgs.models import OrgKind, OrgUnit
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
# Org units a work order can be dispatched to: those that offer services (第七条、第八条).
DISPATCHABLE_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)
MAX_EXTENSION_DAYS = 30

_inputs = ContextVar("hotline_transition_inputs", default=None)


@contextmanager
def transition_inputs(**values):
    token = _inputs.set(values)
    try:
        yield
    finally:
        _inputs.reset(token)


def _input(name, default=None):
    return (_inputs.get() or {}).get(name, default)


def perform(pk, action, user, version, comment="", **inputs):
    """engine.perform on a work order, with the action's inputs (target_org, reply, satisfaction,
    extension_days)."""
    with transition_inputs(**inputs):
        return engine.perform(WorkOrder, pk, action, user, version, comment)


def dispatchable_units():
    return OrgUnit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS)


def operator_org():
    """The platform operator: work orders wait there for dispatch (第九条 complaint handling)."""
    return OrgUnit.objects.filter(kind=OrgKind.OPERATOR, is_active=True).order_by("path").first()


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
                                  else operator_org()),
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

def guard(work_order, transition, user, comment):
    action = transition.action
    if action == "dispatch":
        org = _input("target_org")
        if org is None:
            return _("Choose the org unit the work order is dispatched to.")
        if not dispatchable_units().filter(pk=org.pk).exists():
            return _("“%(org)s” cannot handle work orders: choose a city, county or provincial department.") % {
                "org": org.name}
    if action == "request_extension":
        days = _input("extension_days")
        if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
            return _("Ask for 1 to %(max)s extra working days.") % {"max": MAX_EXTENSION_DAYS}
        if work_order.due_at is None:
            return _("This work order has no deadline to extend.")
    if action == "reply" and not (_input("reply") or "").strip():
        return _("Write the reply to the citizen.")
    if action == "callback" and _input("satisfaction") not in Satisfaction.values:
        return _("Choose the citizen's satisfaction.")
    if action in ("approve_extension", "deny_extension") and work_order.pending_extension is None:
        return _("There is no extension request waiting for a decision.")
    return None


def apply(work_order, transition, user, comment):
    """Set timestamps, deadlines and details before the engine saves the work order. The event's detail is
    written in the office language."""
    with office_language():
        work_order._event_detail = str(_apply(work_order, transition, user, comment))


def _apply(work_order, transition, user, comment):
    now = timezone.now()
    action = transition.action
    detail = ""
    if action == "dispatch":
        org = _input("target_org")
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
        work_order.owner_org = operator_org() or work_order.owner_org
        stop_clock(work_order)
        detail = _("Returned by %(org)s for re-dispatch.") % {"org": returned_by.name}
    elif action == "request_extension":
        days = _input("extension_days")
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
        work_order.reply = _input("reply").strip()
        work_order.replied_at = now
        pending = work_order.pending_extension
        if pending is not None:
            _decide(pending, ExtensionStatus.WITHDRAWN, user, "", now)
    elif action == "callback":
        work_order.satisfaction = _input("satisfaction")
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


def record(work_order, transition, from_status, user, comment):
    event = work_order.record_event(user, transition.action, from_status, transition.target, comment,
                                    detail=getattr(work_order, "_event_detail", "")[:300])
    if transition.action == "callback" and work_order.satisfaction in UNSATISFIED_LEVELS:
        from .appeals import open_bad_review

        open_bad_review(work_order=work_order, owner_org=work_order.owner_org, rating=work_order.satisfaction,
                        comment=comment, user=user)
    return event
