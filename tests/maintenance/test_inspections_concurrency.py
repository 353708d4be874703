"""Inspectors and heads acting at once (PostgreSQL row locks): exactly one completion opens the rectifications,
exactly one sign-off of a budget plan; an edit racing a completion never leaves a completed inspection without
its rectifications."""


import pytest
from factories_inspections import make_inspection, make_plan, make_template
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.core.scoping import EditConflict
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification
from maintenance.budgets.models import BudgetPlan, BudgetPlanEvent
from maintenance.inspections.lifecycle import FindingInput, complete_inspection, update_inspection
from maintenance.inspections.models import Inspection, InspectionEvent

THREADS = 10

pytestmark = [needs_postgres, pytest.mark.postgres]


@pytest.fixture
def reviewers(make_user, transactional_db):
    return [make_user(f"reviewer{i}", "reviewer", "360000") for i in range(THREADS)]


def test_ten_reviewers_complete_the_same_inspection(reviewers):
    template = make_template("平台巡检清单", "platform")
    inspection = make_inspection(template, "360102", inspector=reviewers[0], problems=("高频服务入口可用",))
    outcomes = run_at_once([lambda u=u: complete_inspection(inspection.pk, user=u, version=1) for u in reviewers])
    winners = [o for o in outcomes if isinstance(o, Inspection)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, engine.StaleVersion) for o in outcomes if o not in winners), outcomes
    assert Rectification.objects.count() == 1
    assert InspectionEvent.objects.filter(inspection=inspection, action="complete").count() == 1


def test_an_edit_racing_the_completion(reviewers):
    template = make_template("平台巡检清单", "platform")
    inspection = make_inspection(template, "360102", inspector=reviewers[0], problems=("高频服务入口可用",))
    clean = [FindingInput(check_item=i.text, result="ok", template_item=i) for i in template.items.all()]

    def edit():
        return update_inspection(Inspection.objects.get(pk=inspection.pk), user=reviewers[1], version=1,
                                 owner_org=inspection.owner_org,
                                 inspected_on=inspection.inspected_on, summary="改为全部正常",
                                 rectification_working_days=10, findings=clean)

    outcomes = run_at_once([lambda: complete_inspection(inspection.pk, user=reviewers[0], version=1), edit])
    inspection.refresh_from_db()
    problems = inspection.findings.filter(result="problem")
    if inspection.status == "completed":
        assert problems.count() == 1 and problems.get().rectification is not None
        assert isinstance(outcomes[1], EditConflict), outcomes  # the edit was refused
    else:
        assert isinstance(outcomes[0], engine.StaleVersion)
        assert problems.count() == 0 and not Rectification.objects.exists()


def test_two_heads_sign_off_the_same_plan(make_user, transactional_db):
    heads = [make_user(f"head{i}", "org_admin", "360102") for i in range(2)]
    plan = make_plan("360102", status="submitted")
    outcomes = run_at_once([lambda u=u: engine.perform(BudgetPlan, plan.pk, "sign_off", u, plan.version)
                            for u in heads])
    assert sum(isinstance(o, BudgetPlan) for o in outcomes) == 1, outcomes
    assert BudgetPlanEvent.objects.filter(plan=plan, action="sign_off").count() == 1
