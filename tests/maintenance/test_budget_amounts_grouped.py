"""Budget amounts are grouped as the office writes them (issue 15, point 9); the edit form keeps them plain."""

import pytest
from django.urls import reverse
from factories import org
from factories_inspections import items_post

from maintenance.budgets.models import BudgetPlan

pytestmark = pytest.mark.django_db


def test_a_budget_shows_its_amounts_grouped_and_edits_them_plain(web, make_user):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    data = items_post([("应用运维服务", "software_maintenance", "3490000", "", "")], owner_org=org("360102").pk,
                      year=2026, title="东湖区2026年运维经费计划", note="")
    assert web(submitter).post(reverse("maintenance:budget-create"), data).status_code == 302
    plan = BudgetPlan.objects.get()
    page = web(submitter).get(reverse("maintenance:budget-detail", args=[plan.pk])).content.decode()
    assert "3,490,000.00" in page and "3490000.00" not in page
    listing = web(submitter).get(reverse("maintenance:budget-list")).content.decode()
    assert "3,490,000.00" in listing
    form = web(submitter).get(reverse("maintenance:budget-edit", args=[plan.pk])).content.decode()
    assert 'value="3490000.00"' in form  # an input is never grouped: it would not parse back
