"""第十二条 operations plans: filed for the record (acknowledged, not approved) through the one filing engine; the
units without a filed plan for a year are listed, and after the deadline (a policy parameter, working days from
1 January) they breach supervision. Matrix of the list, export and forms; hostile edits."""

from datetime import date

import matrix
import pytest
from django.urls import reverse
from django.utils import timezone
from factories import org, policy_version
from factories_operations import make_plan
from matrix import PAGE, Action, Create, CreatePage, Export, PageList, Spec
from rolepolicy import KIND, in_own_subtree
from testsupport import PEOPLE

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from operations.plans.deadline import due_at

OWNERS = ("360100", "360102", "360400", "360402", "D3601")
EDITING_ROLES = {"submitter", "org_admin"}


def edits_at_all(person):
    return PEOPLE[person][0] in EDITING_ROLES


def edits(person, owner):
    role, code = PEOPLE[person]
    return role in EDITING_ROLES and (KIND[code] == "provincial_authority" or in_own_subtree(code, owner))


def plan_form(c, **extra):
    return {"owner_org": org(c.owner).pk, "year": 2027, "goals": "新目标", "measures": "新举措", "schedule": "新进度",
            **extra}


SPEC = Spec(
    "operations_plan", OWNERS, make=lambda c: make_plan(c.owner, title=c.label),
    label=lambda owner: f"MTX-plan-{owner}",
    lists=(PageList("operations:plan-list", lambda p: p.filing.title),
           Export("operations:plan-list", column=2)),
    create_pages=(CreatePage("operations:plan-create", edits_at_all, edits),),
    creates=(Create("page", PAGE, "operations:plan-create", plan_form,
                    created=lambda c: Filing.objects.filter(kind="operations_plan", operations_plan__year=2027),
                    may_start=edits_at_all, may=edits,
                    done=lambda c, r: c.result.status == "draft" and c.result.owner_org.code == c.owner),),
    changes=(Action("page-edit", PAGE, "operations:plan-edit", edits,
                    data=lambda c: {**plan_form(c, year=2026, goals="改过的目标"), "version": c.record.version},
                    happened=lambda c: c.record.operations_plan.goals == "改过的目标",
                    state=lambda f: f.version, form_page=True),),
)

globals().update(matrix.tests(SPEC))

pytestmark = pytest.mark.django_db


def test_file_for_the_record_and_the_missing_list(make_user, web):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    client = web(submitter)
    response = client.post(reverse("operations:plan-create"), {
        "owner_org": org("360102").pk, "year": 2026, "goals": "全年办件量提升20%", "measures": "专区运营、宣传推广",
        "schedule": "一季度上线专区"})
    assert response.status_code == 302
    filing = Filing.objects.get(kind="operations_plan")
    assert filing.for_the_record
    missing = client.get(reverse("operations:plan-missing"), {"year": 2026})
    assert "360102" in {u.code for u in missing.context["object_list"]}  # a draft is not filed
    filing = engine.perform(Filing, filing.pk, "submit", submitter, filing.version)
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    with pytest.raises(engine.TransitionError):
        engine.perform(Filing, filing.pk, "approve", reviewer, filing.version, "同意")  # 备案: not approved
    engine.perform(Filing, filing.pk, "acknowledge", reviewer, filing.version, "已备案")
    missing = client.get(reverse("operations:plan-missing"), {"year": 2026})
    assert "360102" not in {u.code for u in missing.context["object_list"]}
    assert missing.context["total"] == 1  # a county sees only itself
    page = client.get(reverse("workflow:filing-detail", args=[filing.pk])).content.decode()
    assert 'id="operations-plan-details"' in page and "全年办件量提升20%" in page


def test_deadline_is_a_policy_parameter_and_supervision_sees_the_gap():
    rule = {r.code: r for r in chapters.supervision_rules()}["operations.operations_plan_missing"]
    deadline = due_at(2026)
    assert timezone.localtime(deadline).date() > date(2026, 1, 1)
    make_plan("360102", 2026, status="acknowledged")
    make_plan("360100", 2026, status="draft")
    before = deadline - timezone.timedelta(days=1)
    assert not rule.query(before).exists()
    after = deadline + timezone.timedelta(days=1)
    breaching = {u.code: u for u in rule.query(after)}
    assert "360100" in breaching and "360102" not in breaching
    assert breaching["360100"].breach_started_at == deadline
    policy_version("OPERATIONS_PLAN_DUE_WORKING_DAYS", 100, effective_from=date(2020, 1, 1))
    assert due_at(2026) > deadline


def test_duplicate_year_and_stale_edit(make_user, web):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    filing = make_plan("360102", 2026)
    client = web(submitter)
    twice = client.post(reverse("operations:plan-create"), {
        "owner_org": org("360102").pk, "year": 2026, "goals": "g", "measures": "m", "schedule": "s"})
    assert twice.status_code == 400 and "已有" in twice.context["form"].errors["year"][0]
    url = reverse("operations:plan-edit", args=[filing.pk])
    data = {"owner_org": org("360102").pk, "year": 2026, "goals": "先改", "measures": "m", "schedule": "s",
            "version": 1}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "goals": "后改"}).status_code == 409
    filing.refresh_from_db()
    assert filing.operations_plan.goals == "先改"
