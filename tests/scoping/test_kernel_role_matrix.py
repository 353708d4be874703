"""Role x scope matrix, generated (the NetBox ViewTestCases / CISO Assistant role-matrix pattern).

The expected outcome of every case comes from the small policy table below, written from ROLES.md, and
never from `visible_to()` itself: the code is held to the document.

For every person (role in an org unit) x record owner x model x endpoint:
- in scope: 200 and present in the list;
- out of scope: 404 on detail, absent from the list and not counted;
- no permission for the model: 403 on the list, 404 on detail;
- actions (transitions, create, update): allowed, 403 when visible but not the role's to do, 404 when out
  of scope.
"""

import io

import pytest
import rolepolicy
from django.urls import reverse
from factories import FilingFactory, LegacyAppFactory, RectificationFactory, org
from openpyxl import load_workbook
from rolepolicy import KIND, READING_ROLES, in_own_subtree
from testsupport import PEOPLE, results

from ganfutong_admin.channel_integration.models import LegacyApp
from ganfutong_admin.workflow.models import Filing, Rectification

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

# Owners of the records: two cities and one county of each (GB/T 2260, jiangxi_divisions.csv).
OWNERS = ["360100", "360102", "360400", "360402"]
# "may" column: who submits filings / answers rectifications / edits the register, and who decides.
SUBMITTING_ROLES = {"submitter", "org_admin"}
REVIEWING_ROLES = {"reviewer"}


def sees(person, owner_code):
    return rolepolicy.sees(PEOPLE, person, owner_code)


def may(person, capability, owner_code):
    """May the person do `capability` (submit / review / edit) to a record of this owner?"""
    role, code = PEOPLE[person]
    roles = {"submit": SUBMITTING_ROLES, "edit": SUBMITTING_ROLES, "review": REVIEWING_ROLES}[capability]
    if role not in roles:
        return False
    return KIND[code] == "provincial_authority" or in_own_subtree(code, owner_code)


def reads_model(person):
    return PEOPLE[person][0] in READING_ROLES


# --- endpoints ----------------------------------------------------------------------------------------------

MODELS = {
    # name: (model, API base, HTML list url name, HTML detail url name, label field)
    "filing": (Filing, "/api/v1/filings/", "workflow:filing-list", "workflow:filing-detail", "title"),
    "rectification": (Rectification, "/api/v1/rectifications/", "workflow:rectification-list",
                      "workflow:rectification-detail", "title"),
    "legacyapp": (LegacyApp, "/api/v1/legacy-apps/", "channel_integration:legacyapp-list",
                  "channel_integration:legacyapp-detail", "name"),
}


def label(model_name, owner_code):
    return f"MTX-{model_name}-{owner_code}"


@pytest.fixture
def records(db):
    """One record of each model per owner, keyed (model name, owner code)."""
    made = {}
    for code in OWNERS:
        owner = org(code)
        made["filing", code] = FilingFactory(owner_org=owner, title=label("filing", code), submitted=True)
        made["rectification", code] = RectificationFactory(owner_org=owner, title=label("rectification", code),
                                                           submitted=True)
        made["legacyapp", code] = LegacyAppFactory(owner_org=owner, name=label("legacyapp", code))
    return made


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PEOPLE[name]
        return make_user(name, role, code)

    return make


PERSONS = list(PEOPLE)


# --- lists --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_list(records, person, api, name, model_name):
    model, base, *_, field = MODELS[model_name]
    response = api(person(name)).get(base, {"page_size": 200})
    if not reads_model(name):
        assert response.status_code == 403, response.content
        return
    assert response.status_code == 200, response.content
    expected = {label(model_name, code) for code in OWNERS if sees(name, code)}
    assert {row[field] for row in results(response)} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_list(records, person, web, name, model_name):
    model, _, list_url, _, field = MODELS[model_name]
    response = web(person(name)).get(reverse(list_url))
    if not reads_model(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    expected = {label(model_name, code) for code in OWNERS if sees(name, code)}
    page = response.context["page_obj"]
    assert page.paginator.count == len(expected)
    assert {getattr(obj, field) for obj in page.object_list} == expected
    content = response.content.decode()
    for code in OWNERS:
        assert (label(model_name, code) in content) == (label(model_name, code) in expected), code


@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_list_export(records, person, web, name, model_name):
    """The Excel export of a list holds exactly the records in scope."""
    model, _, list_url, _, field = MODELS[model_name]
    response = web(person(name)).get(reverse(list_url), {"export": "xlsx"})
    if not reads_model(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    cells = {str(value) for row in sheet.iter_rows(min_row=2, values_only=True) for value in row if value}
    exported = {label(model_name, code) for code in OWNERS} & cells
    assert exported == {label(model_name, code) for code in OWNERS if sees(name, code)}


# --- details ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_detail(records, person, api, name, model_name, owner):
    model, base, *_, field = MODELS[model_name]
    obj = records[model_name, owner]
    response = api(person(name)).get(f"{base}{obj.pk}/")
    if sees(name, owner):
        assert response.status_code == 200, response.content
        assert response.json()[field] == label(model_name, owner)
    else:
        assert response.status_code == 404, response.content
        assert label(model_name, owner) not in response.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_detail(records, person, web, name, model_name, owner):
    model, _, _, detail_url, field = MODELS[model_name]
    obj = records[model_name, owner]
    response = web(person(name)).get(reverse(detail_url, args=[obj.pk]))
    if sees(name, owner):
        assert response.status_code == 200
        assert label(model_name, owner) in response.content.decode()
    else:
        assert response.status_code == 404
        assert label(model_name, owner) not in response.content.decode()


# --- transitions (API) --------------------------------------------------------------------------------------

TRANSITION_CASES = {
    # (model name, capability): (factory kwargs, action, status after)
    ("filing", "review"): ({"submitted": True}, "approve", "approved"),
    ("filing", "submit"): ({}, "submit", "submitted"),
    ("rectification", "review"): ({"submitted": True}, "accept", "accepted"),
    ("rectification", "submit"): ({"answered": True}, "submit", "submitted"),
}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("case", list(TRANSITION_CASES), ids=lambda c: "-".join(c))
@pytest.mark.parametrize("name", PERSONS)
def test_api_transition(db, person, api, name, case, owner):
    model_name, capability = case
    factory_kwargs, action, after = TRANSITION_CASES[case]
    factory = FilingFactory if model_name == "filing" else RectificationFactory
    obj = factory(owner_org=org(owner), title=label(model_name, owner), **factory_kwargs)
    before = obj.status
    base = MODELS[model_name][1]
    response = api(person(name)).post(f"{base}{obj.pk}/transitions/",
                                      {"action": action, "version": obj.version, "comment": "审核意见"},
                                      format="json")
    obj.refresh_from_db()
    if may(name, capability, owner):
        assert response.status_code == 200, response.content
        assert response.json()["status"] == after
        assert (obj.status, obj.version) == (after, 2)
        assert obj.events.filter(action=action, actor__username=name).count() == 1
        return
    expected = 403 if sees(name, owner) else 404
    assert response.status_code == expected, response.content
    assert (obj.status, obj.version) == (before, 1)
    assert not obj.events.filter(action=action).exists()


# --- legacy-app register: create and update (API) ----------------------------------------------------------

def legacy_payload(owner_code, **extra):
    return {"owner_org": owner_code, "name": f"新登记应用-{owner_code}", "app_type": "mini_program",
            "migration_plan": "并入赣服通专区", "target_date": "2026-12-31", **extra}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_legacyapp_create(db, person, api, name, owner):
    response = api(person(name)).post("/api/v1/legacy-apps/", legacy_payload(owner), format="json")
    created = LegacyApp.objects.filter(name=f"新登记应用-{owner}")
    if PEOPLE[name][0] not in SUBMITTING_ROLES:
        assert response.status_code == 403, response.content
        assert not created.exists()
    elif may(name, "edit", owner):
        assert response.status_code == 201, response.content
        app = created.get()
        assert app.owner_org.code == owner
        assert app.created_by.username == name
    else:
        assert response.status_code == 400, response.content
        assert "owner_org" in response.json()
        assert not created.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_legacyapp_update(records, person, api, name, owner):
    app = records["legacyapp", owner]
    response = api(person(name)).patch(f"/api/v1/legacy-apps/{app.pk}/", {"vendor": "新厂商"}, format="json")
    app.refresh_from_db()
    if may(name, "edit", owner):
        assert response.status_code == 200, response.content
        assert app.vendor == "新厂商"
    else:
        # Not the person's to change (out of scope, or a read-only role): the record "does not exist" for
        # this action (NetBox-style restricted queryset), and nothing changes.
        assert response.status_code == 404, response.content
        assert app.vendor != "新厂商"


# --- legacy-app register: the HTML forms -------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_html_legacyapp_create_page(db, person, web, name):
    response = web(person(name)).get(reverse("channel_integration:legacyapp-create"))
    if PEOPLE[name][0] in SUBMITTING_ROLES:
        assert response.status_code == 200
        # The owner field offers exactly the units the person may own records in.
        offered = set(response.context["form"].fields["owner_org"].queryset.values_list("code", flat=True))
        assert {code for code in OWNERS if code in offered} == {code for code in OWNERS if may(name, "edit", code)}
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_legacyapp_edit(records, person, web, name, owner):
    app = records["legacyapp", owner]
    client = web(person(name))
    url = reverse("channel_integration:legacyapp-edit", args=[app.pk])
    data = {"owner_org": str(app.owner_org_id), "name": app.name, "app_type": app.app_type, "vendor": "网页修改",
            "migration_plan": app.migration_plan, "target_date": app.target_date.isoformat(), "status": "migrating"}
    if may(name, "edit", owner):
        assert client.get(url).status_code == 200
        response = client.post(url, data)
        assert response.status_code == 302
        app.refresh_from_db()
        assert (app.vendor, app.status) == ("网页修改", "migrating")
    else:
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
        app.refresh_from_db()
        assert app.vendor != "网页修改"


# --- the policy table itself --------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    """Guard against a policy table that would make the matrix vacuous."""
    assert {sees(n, o) for n in PERSONS for o in OWNERS} == {True, False}
    assert sum(may(n, "review", o) for n in PERSONS for o in OWNERS) == len(OWNERS)  # the reviewer only
    assert [o for o in OWNERS if sees("nanchang_submitter", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if sees("donghu_submitter", o)] == ["360102"]
    assert [o for o in OWNERS if sees("auditor", o)] == OWNERS
    assert not any(sees(n, o) for n in ("sys_admin", "sec_admin", "audit_admin") for o in OWNERS)
