"""Saving budget plans with their items, the sign-off rule, and who is told about a transition.

Every save goes through the kernel's scoped_save: an edit names the version it was based on (EditConflict when
someone changed the plan meanwhile, or it left the editable state), and the plan must stay in the editor's
jurisdiction (OutOfScope), else nothing is saved."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language, stored
from ganfutong_admin.core.scoping import scoped_save
from ganfutong_admin.notifications.services import notify, users_with_permission
from ganfutong_admin.workflow.engine import Lifecycle

from .models import BudgetItem, BudgetPlan, BudgetStatus


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


def save_plan(user, *, plan=None, version=None, items, fields=None, editable_states=(BudgetStatus.DRAFT,),
              reason=""):
    """Create (plan=None) or edit a plan with its items, through scoped_save. Returns the plan."""
    record = plan or BudgetPlan(created_by=user)
    creating = record.pk is None

    def write():
        for name, value in (fields or {}).items():
            setattr(record, name, value)
        if not creating:
            record._change_reason = reason or stored(lambda: _("Plan edited"))
        record.save()
        _write_items(record, items)
        if creating:
            record.record_event(user, "create", "", BudgetStatus.DRAFT)
        return record

    return scoped_save(user, write, record=None if creating else record, version=version, editable=editable_states)


class BudgetLifecycle(Lifecycle):
    def guard(self, step):
        plan, user = step.record, step.user
        if step.action in ("sign_off", "return") and not user.is_superuser and user.org_unit_id != plan.owner_org_id:
            return _("Only the head of %(org)s signs off or returns its budget plan.") % {"org": plan.owner_org.name}
        if step.action == "submit" and not plan.items.exists():
            return _("A plan needs at least one item before it is submitted.")
        return None

    def apply(self, step):
        plan, target = step.record, step.transition.target
        if target == BudgetStatus.SUBMITTED:
            plan.submitted_at = step.now
        if target == BudgetStatus.SIGNED_OFF:
            plan.signed_off_at = step.now
            plan.signed_off_by = step.user
        if target == BudgetStatus.DRAFT:
            plan.submitted_at = None

    def on_commit(self, step):
        notify_budget_transition(step.record, step.transition, step.user, step.comment)


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
