"""Saving budget plans with their items, the sign-off rule, and who is told about a transition."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.core.language import in_office_language, stored
from ganfutong_admin.notifications.services import notify, users_with_permission

from .models import BudgetItem, BudgetPlan, BudgetStatus

STALE = gettext_lazy("This plan was changed by someone else (version %(current)s, you had %(yours)s). "
                     "Reload it and enter your changes again.")


@dataclass
class ItemInput:
    name: str
    category: str
    planned_amount: Decimal
    actual_amount: Decimal | None = None
    note: str = ""
    pk: int | None = None  # an existing item of the plan


def _write_items(plan, items):
    """Update the submitted rows in place, create new ones, delete the rest: row by row, so that every item
    keeps its history (a bulk write would skip simple-history)."""
    existing = {item.pk: item for item in plan.items.all()}
    for order, data in enumerate(items, start=1):
        item = existing.pop(data.pk, None) if data.pk else None
        item = item or BudgetItem(plan=plan)
        item.order, item.name, item.category = order, data.name.strip(), data.category
        item.planned_amount, item.actual_amount, item.note = data.planned_amount, data.actual_amount, data.note
        item.save()
    for removed in existing.values():
        removed.delete()


def create_plan(*, user, owner_org, year, title, note, items):
    with transaction.atomic():
        plan = BudgetPlan.objects.create(owner_org=owner_org, year=year, title=title, note=note or "",
                                         created_by=user)
        _write_items(plan, items)
        plan.record_event(user, "create", "", BudgetStatus.DRAFT)
    return plan


def update_plan(plan_pk, *, user, version, items, fields=None, editable_states=(BudgetStatus.DRAFT,), reason=""):
    """Save an edit under a row lock with the version the editor saw. Returns (plan, problem)."""
    with transaction.atomic():
        plan = BudgetPlan.objects.select_for_update(of=("self",)).get(pk=plan_pk)
        if plan.version != version:
            return plan, STALE % {"current": plan.version, "yours": version}
        if plan.status not in editable_states:
            return plan, _("The plan is “%(status)s”: it cannot be edited now.") % {
                "status": plan.get_status_display()}
        for name, value in (fields or {}).items():
            setattr(plan, name, value)
        plan.version += 1
        plan._change_reason = reason or stored(lambda: _("Plan edited"))
        plan.save()
        _write_items(plan, items)
    return plan, None


def budget_transition_guard(plan, transition, user):
    if transition.action in ("sign_off", "return") and not user.is_superuser and user.org_unit_id != plan.owner_org_id:
        return _("Only the head of %(org)s signs off or returns its budget plan.") % {"org": plan.owner_org.name}
    if transition.action == "submit" and not plan.items.exists():
        return _("A plan needs at least one item before it is submitted.")
    return None


def may_decide(plan, user):
    """Sign off / return: the permission (in scope) and the plan's own org unit."""
    return user.is_superuser or (user.org_unit_id == plan.owner_org_id
                                 and user.has_perm("maintenance.sign_off_budgetplan"))


def allowed_transitions(plan, user):
    """The engine's allowed transitions, minus sign-off and return for anyone but the plan's own head."""
    return [t for t in BudgetPlan.workflow.allowed(plan, user)
            if t.action == "submit" or may_decide(plan, user)]


@in_office_language
def notify_budget_transition(plan, transition, actor, comment):
    url = reverse("maintenance:budget-detail", args=[plan.pk])
    title = _("Budget plan %(year)s %(org)s: %(action)s") % {
        "year": plan.year, "org": plan.owner_org.name, "action": transition.label}
    if transition.target == BudgetStatus.SUBMITTED:
        recipients = users_with_permission("sign_off_budgetplan", "maintenance", org=plan.owner_org)
    else:
        recipients = users_with_permission("change_budgetplan", "maintenance", org=plan.owner_org)
    notify([u for u in recipients if u.pk != actor.pk], title, comment, url)
