"""Role x scope matrix of maintenance budgets (第十九条): BudgetPlan pages, transitions, API, summary. Generated.

Expected outcomes come from the policy table below, written from ROLES.md, never from visible_to():
- plans are org-owned: a city sees its own and its counties', a county and a department their own, the provincial
  authority, the operator (maintenance) and auditors everything, the system roles nothing;
- submitters and org admins create, edit and submit the plans of their own subtree;
- "org_admin: what a submitter may, plus sign off budgets": only the head of the plan's OWN org unit signs off or
  returns it (a city's head does not sign off a county's plan);
- visible but not the person's to act on: 403 (pages) or refused with a message (transitions); out of sight: 404.
"""

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_inspections import items_post, make_plan
from rolepolicy import KIND, READING_ROLES, ROLES_SEEING_ALL, SCOPE_OF_KIND, in_own_subtree
from testsupport import PEOPLE, results

from maintenance.budgets.models import BudgetPlan

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100"), "donghu_admin": ("org_admin", "360102")}
PERSONS = list(PERSONS_TABLE)
OWNERS = ["360100", "360102", "360400", "360402", "D3601"]
EDITING_ROLES = {"submitter", "org_admin"}  # "create and edit drafts of its org unit's records"
SIGNING_ROLES = {"org_admin"}  # "sign off budgets and plans"
CITY_OF = {"360100": "360100", "360102": "360100", "360400": "360400", "360402": "360400"}


def role_of(person):
    return PERSONS_TABLE[person][0]


def reads(person):
    return role_of(person) in READING_ROLES


def sees(person, owner_code):
    return rolepolicy.sees(PERSONS_TABLE, person, owner_code)


def edits(person, owner_code):
    role, code = PERSONS_TABLE[person]
    return role in EDITING_ROLES and (KIND[code] == "provincial_authority" or in_own_subtree(code, owner_code))


def signs_off(person, owner_code):
    role, code = PERSONS_TABLE[person]
    return role in SIGNING_ROLES and code == owner_code


def label(owner_code):
    return f"MTX-plan-{owner_code}"


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def plans(db):
    return {code: make_plan(code, title=label(code)) for code in OWNERS}


def set_status(plan, status):
    # The matrix starts from a given state; the engine itself is what each case exercises.
    BudgetPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


# --- read ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_lists_and_export(plans, person, api, web, name):
    from io import BytesIO

    from openpyxl import load_workbook

    user = person(name)
    api_response = api(user).get("/api/v1/maintenance/budget-plans/", {"page_size": 200})
    page = web(user).get(reverse("maintenance:budget-list"))
    export = web(user).get(reverse("maintenance:budget-list"), {"export": "xlsx"})
    if not reads(name):
        assert (api_response.status_code, page.status_code, export.status_code) == (403, 403, 403)
        return
    expected = {label(c) for c in OWNERS if sees(name, c)}
    assert {row["title"] for row in results(api_response)} == expected
    assert {p.title for p in page.context["page_obj"].object_list} == expected
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_details(plans, person, api, web, name, owner):
    plan = plans[owner]
    user = person(name)
    api_response = api(user).get(f"/api/v1/maintenance/budget-plans/{plan.pk}/")
    page = web(user).get(reverse("maintenance:budget-detail", args=[plan.pk]))
    if sees(name, owner):
        assert (api_response.status_code, page.status_code) == (200, 200)
        assert api_response.json()["title"] == label(owner)
        assert page.context["can_edit"] == edits(name, owner)
        assert [t.action for t in page.context["transitions"]] == (["submit"] if edits(name, owner) else [])
    else:
        assert (api_response.status_code, page.status_code) == (404, 404)
        assert label(owner) not in page.content.decode()


# --- create and edit ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_create(db, person, web, name, owner):
    data = items_post([("应用运维服务", "software_maintenance", "100000", "", "")],
                      owner_org=org(owner).pk, year=2027, title="新计划", note="")
    response = web(person(name)).post(reverse("maintenance:budget-create"), data)
    made = BudgetPlan.objects.filter(title="新计划")
    if role_of(name) not in EDITING_ROLES:
        assert response.status_code == 403
        assert not made.exists()
    elif edits(name, owner):
        assert response.status_code == 302
        plan = made.get()
        assert (plan.owner_org.code, plan.status, plan.items.count()) == (owner, "draft", 1)
    else:
        assert response.status_code == 400
        assert "owner_org" in response.context["form"].errors
        assert not made.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_edit(plans, person, web, name, owner):
    plan = plans[owner]
    client = web(person(name))
    url = reverse("maintenance:budget-edit", args=[plan.pk])
    data = items_post([("改过的项目", "hardware", "5000", "", "")], owner_org=plan.owner_org_id, year=2026,
                      title="改过的计划", note="", version=plan.version)
    response = client.post(url, data)
    plan.refresh_from_db()
    if edits(name, owner):
        assert response.status_code == 302
        assert (plan.title, plan.version, list(plan.items.values_list("name", flat=True))) == (
            "改过的计划", 2, ["改过的项目"])
        return
    assert response.status_code == (403 if sees(name, owner) else 404)
    assert plan.title == label(owner)
    assert client.get(url).status_code == (403 if sees(name, owner) else 404)


# --- transitions ----------------------------------------------------------------------------------------------------

def transition(client, plan, action, comment=""):
    return client.post(reverse("maintenance:budget-transition", args=[plan.pk]),
                       {"action": action, "version": plan.version, "comment": comment})


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_submit(plans, person, web, name, owner):
    plan = plans[owner]
    response = transition(web(person(name)), plan, "submit")
    plan.refresh_from_db()
    # Visible but not the person's to submit: 403 (the kernel's transition view), out of sight: 404.
    assert response.status_code == (302 if edits(name, owner) else 403 if sees(name, owner) else 404)
    assert plan.status == ("submitted" if edits(name, owner) else "draft")


@pytest.mark.parametrize("action", ["sign_off", "return"])
@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_sign_off_and_return(plans, person, web, name, owner, action):
    plan = set_status(plans[owner], "submitted")
    client = web(person(name))
    page = client.get(reverse("maintenance:budget-detail", args=[plan.pk]))
    response = transition(client, plan, action, comment="请补充测算依据")
    plan.refresh_from_db()
    # A head of a unit above the plan's holds the permission in scope: refused by the guard, with a message (302);
    # a person without the permission: 403; out of sight: 404.
    holds = role_of(name) in SIGNING_ROLES and edits(name, owner)
    assert response.status_code == (302 if holds else 403 if sees(name, owner) else 404)
    if signs_off(name, owner):
        assert plan.status == ("signed_off" if action == "sign_off" else "draft")
        assert {t.action for t in page.context["transitions"]} == {"sign_off", "return"}
    else:
        assert plan.status == "submitted"
        if page.status_code == 200:
            assert not {t.action for t in page.context["transitions"]} & {"sign_off", "return"}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_record_actuals(plans, person, web, name, owner):
    plan = set_status(plans[owner], "signed_off")
    item = plan.items.get()
    client = web(person(name))
    response = client.post(reverse("maintenance:budget-actuals", args=[plan.pk]), {
        "version": plan.version, f"item-{item.pk}-actual_amount": "123.45", f"item-{item.pk}-note": "",
    })
    item.refresh_from_db()
    if edits(name, owner):
        assert response.status_code == 302
        assert str(item.actual_amount) == "123.45"
    else:
        assert response.status_code == (403 if sees(name, owner) else 404)
        assert str(item.actual_amount) == "90000.00"


# --- summary by city ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_summary_scope(plans, person, web, name):
    response = web(person(name)).get(reverse("maintenance:budget-summary"), {"year": 2026})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    rows = {c.code: c for c in response.context["rows"]}
    expected_cities = {CITY_OF[o] for o in OWNERS if o in CITY_OF and sees(name, o)}
    assert {c for c in rows if c in ("360100", "360400")} == expected_cities
    for city in expected_cities:
        assert rows[city].plan_count == sum(1 for o in OWNERS if CITY_OF.get(o) == city and sees(name, o))
    if SCOPE_OF_KIND[KIND[PERSONS_TABLE[name][1]]] == "all" or role_of(name) in ROLES_SEEING_ALL:
        assert len(rows) == 11


def test_policy_table_is_not_trivial():
    assert [o for o in OWNERS if signs_off("nanchang_admin", o)] == ["360100"]
    assert [o for o in OWNERS if edits("nanchang_admin", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if signs_off("donghu_admin", o)] == ["360102"]
    assert not any(signs_off("nanchang_submitter", o) or edits("operator_publisher", o) for o in OWNERS)
    assert [o for o in OWNERS if sees("operator_publisher", o)] == OWNERS
