"""Home work-list section of budgets (第十九条): plans waiting for the head of the org unit to sign off."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .models import BudgetPlan, BudgetStatus


def budgets_to_sign_off(user):
    if not user.has_perm("maintenance.sign_off_budgetplan") or not user.org_unit_id:
        return None
    qs = (BudgetPlan.objects.visible_to(user, "maintenance.sign_off_budgetplan")
          .filter(status=BudgetStatus.SUBMITTED, owner_org=user.org_unit_id)
          .select_related("owner_org").order_by("submitted_at", "pk"))
    return {
        "key": "budgets-to-sign-off",
        "title": _("Budget plans waiting for your sign-off"),
        "count": qs.count(),
        "url": reverse("maintenance:budget-list") + "?status=submitted",
        "items": [{"label": f"{p.year} {p.title}", "url": reverse("maintenance:budget-detail", args=[p.pk]),
                   "detail": p.owner_org.name, "overdue": False} for p in qs[:LIMIT]],
    }


SECTIONS = [budgets_to_sign_off]
