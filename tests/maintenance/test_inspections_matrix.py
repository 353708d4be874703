"""Role x scope matrix of inspections (第十六条/第十七条): Inspection, InspectionTemplate, the coverage page. Generated.

Expected outcomes come from the policy table below, written from ROLES.md and the measures, never from
visible_to() or policy.py:
- inspections are org-owned by the INSPECTED unit: a city sees its own and its counties', a county and a
  department their own; the provincial authority, the operator (maintenance) and auditors everything; the system
  roles nothing (403 on lists, 404 on records);
- platform inspections (第十六条) are recorded and completed by the provincial authority's reviewers and the
  operator's publishers, for any org unit;
- daily inspections (第十七条) are recorded by an org unit for itself or its subordinates (submitters, org admins,
  and the provincial authority, whose subordinates are every unit); the operator's "sees everything" does not
  make it the recorder of other units' daily inspections;
- visible but not the person's to act on: 403; out of sight: 404;
- templates are reference data: everyone who reads the chapter reads them; reviewers and publishers manage them.
"""

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_inspections import checklist_post, make_inspection, make_template
from rolepolicy import KIND, READING_ROLES, in_own_subtree
from testsupport import PEOPLE, results

from maintenance.inspections.models import Inspection, InspectionTemplate

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
PERSONS = list(PERSONS_TABLE)
OWNERS = ["360100", "360102", "360400", "360402", "D3601"]
KINDS = ["platform", "daily"]
# 第十六条 the provincial authority inspects the platform; 第九条 the operator runs it.
PLATFORM_INSPECTING_ROLES = {"reviewer", "publisher"}
# 第十七条 each org unit's own staff; ROLES.md "submit ... inspection results"; the province over every unit.
DAILY_RECORDING_ROLES = {"submitter", "org_admin", "reviewer", "publisher"}
TEMPLATE_MANAGING_ROLES = {"reviewer", "publisher"}


def role_of(person):
    return PERSONS_TABLE[person][0]


def reads(person):
    return role_of(person) in READING_ROLES


def sees(person, owner_code):
    return rolepolicy.sees(PERSONS_TABLE, person, owner_code)


def records_kind(person, kind):
    """May the person record this kind of inspection at all?"""
    role, code = PERSONS_TABLE[person]
    if kind == "platform":
        return role in PLATFORM_INSPECTING_ROLES
    return role in DAILY_RECORDING_ROLES


def records(person, kind, owner_code):
    role, code = PERSONS_TABLE[person]
    if not records_kind(person, kind):
        return False
    if kind == "platform":
        return True
    return KIND[code] == "provincial_authority" or in_own_subtree(code, owner_code)


def records_any(person):
    return any(records_kind(person, k) for k in KINDS)


def label(kind, owner_code):
    return f"MTX-{kind}-{owner_code}"


# --- fixtures -----------------------------------------------------------------------------------------------

@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def templates(db):
    return {"platform": make_template("平台巡检清单", "platform"),
            "daily": make_template("日常巡检表", "daily", items=("服务入口可用", "投诉已响应"))}


@pytest.fixture
def records_made(templates):
    """One draft inspection of each kind per owner, each with one problem."""
    made = {}
    for kind in KINDS:
        template = templates[kind]
        first = template.items.first().text
        for code in OWNERS:
            made[kind, code] = make_inspection(template, code, summary=label(kind, code), problems=(first,))
    return made


# --- lists, details, export ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_api_list(records_made, person, api, name):
    response = api(person(name)).get("/api/v1/maintenance/inspections/", {"page_size": 200})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.content
    expected = {label(k, c) for k in KINDS for c in OWNERS if sees(name, c)}
    assert {row["summary"] for row in results(response)} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("name", PERSONS)
def test_html_list_and_export(records_made, person, web, name):
    from io import BytesIO

    from openpyxl import load_workbook

    client = web(person(name))
    response = client.get(reverse("maintenance:inspection-list"), {"sort": "org"})
    export = client.get(reverse("maintenance:inspection-list"), {"export": "xlsx"})
    if not reads(name):
        assert (response.status_code, export.status_code) == (403, 403)
        return
    expected = {label(k, c) for k in KINDS for c in OWNERS if sees(name, c)}
    assert response.status_code == 200
    assert {i.summary for i in response.context["page_obj"].object_list} == expected
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    exported = {row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == expected


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_details(records_made, person, api, web, name, kind, owner):
    inspection = records_made[kind, owner]
    user = person(name)
    api_response = api(user).get(f"/api/v1/maintenance/inspections/{inspection.pk}/")
    page = web(user).get(reverse("maintenance:inspection-detail", args=[inspection.pk]))
    if sees(name, owner):
        assert (api_response.status_code, page.status_code) == (200, 200)
        assert api_response.json()["summary"] == label(kind, owner)
        assert label(kind, owner) in page.content.decode()
        # The actions offered are exactly what the person may do.
        assert bool(page.context["transitions"]) == records(name, kind, owner)
        assert page.context["can_edit"] == records(name, kind, owner)
    else:
        assert (api_response.status_code, page.status_code) == (404, 404)
        assert label(kind, owner) not in page.content.decode()


# --- create ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_create_page(templates, person, web, name):
    response = web(person(name)).get(reverse("maintenance:inspection-create"))
    assert response.status_code == (200 if records_any(name) else 403)
    if response.status_code == 200:
        offered = {value for value, _label in response.context["form"].fields["kind"].choices}
        assert offered == {k for k in KINDS if records_kind(name, k)}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_create(templates, person, web, name, kind, owner):
    template = templates[kind]
    data = checklist_post(template, kind=kind, template=template.pk, owner_org=org(owner).pk,
                          summary="新巡检-页面")
    response = web(person(name)).post(reverse("maintenance:inspection-create"), data)
    made = Inspection.objects.filter(summary="新巡检-页面")
    if not records_any(name):
        assert response.status_code == 403
    elif records(name, kind, owner):
        assert response.status_code == 302, response.content.decode()[:2000]
        inspection = made.get()
        assert (inspection.kind, inspection.owner_org.code, inspection.status) == (kind, owner, "draft")
        assert inspection.inspector.username == name
        assert inspection.findings.count() == template.items.count()
        return
    else:
        assert response.status_code == 400
    assert not made.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_create(templates, person, api, name, kind, owner):
    template = templates[kind]
    payload = {"kind": kind, "template": template.pk, "owner_org": owner, "inspected_on": "2026-06-01",
               "summary": "新巡检-接口",
               "findings": [{"template_item": i.pk, "result": "ok"} for i in template.items.all()]}
    response = api(person(name)).post("/api/v1/maintenance/inspections/", payload, format="json")
    made = Inspection.objects.filter(summary="新巡检-接口")
    if not records_any(name):
        assert response.status_code == 403, response.content
    elif records(name, kind, owner):
        assert response.status_code == 201, response.content
        assert response.json()["owner_org"] == owner
        assert made.get().findings.count() == template.items.count()
        return
    else:
        assert response.status_code == 400, response.content
        assert set(response.json()) & {"owner_org", "kind", "template"}
    assert not made.exists()


# --- change and complete ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_edit(records_made, templates, person, web, name, kind, owner):
    inspection = records_made[kind, owner]
    client = web(person(name))
    url = reverse("maintenance:inspection-edit", args=[inspection.pk])
    data = checklist_post(templates[kind], owner_org=inspection.owner_org_id, summary="改过的巡检",
                          version=inspection.version)
    response = client.post(url, data)
    inspection.refresh_from_db()
    if records(name, kind, owner) and sees(name, owner):
        assert response.status_code == 302
        assert (inspection.summary, inspection.version) == ("改过的巡检", 2)
        assert not inspection.findings.filter(result="problem").exists()
        return
    assert response.status_code == (403 if sees(name, owner) else 404)
    assert inspection.summary == label(kind, owner)
    assert client.get(url).status_code == (403 if sees(name, owner) else 404)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_complete(records_made, person, web, name, kind, owner):
    inspection = records_made[kind, owner]
    response = web(person(name)).post(reverse("maintenance:inspection-complete", args=[inspection.pk]),
                                      {"version": inspection.version, "working_days": 5, "action": "complete"})
    inspection.refresh_from_db()
    problem = inspection.findings.get(result="problem")
    if not sees(name, owner):
        assert response.status_code == 404
    else:  # visible but not the person's kind of inspection to complete: 403
        assert response.status_code == (302 if records(name, kind, owner) else 403)
    if records(name, kind, owner) and sees(name, owner):
        assert inspection.status == "completed"
        assert problem.rectification.owner_org.code == owner
    else:
        assert inspection.status == "draft"
        assert problem.rectification_id is None


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_complete(records_made, person, api, name, kind, owner):
    inspection = records_made[kind, owner]
    response = api(person(name)).post(f"/api/v1/maintenance/inspections/{inspection.pk}/complete/",
                                      {"version": inspection.version}, format="json")
    inspection.refresh_from_db()
    if not sees(name, owner):
        assert response.status_code == 404
        assert inspection.status == "draft"
    elif records(name, kind, owner):
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "completed"
        assert response.json()["findings"][0]["rectification_status"] == "open"
    else:
        assert response.status_code == 403, response.content
        assert inspection.status == "draft"


# --- templates (reference data) ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_template_read(templates, person, api, web, name):
    user = person(name)
    template = templates["platform"]
    lists = (api(user).get("/api/v1/maintenance/inspection-templates/"), web(user).get(reverse(
        "maintenance:inspection-template-list")))
    details = (api(user).get(f"/api/v1/maintenance/inspection-templates/{template.pk}/"),
               web(user).get(reverse("maintenance:inspection-template-detail", args=[template.pk])))
    if not reads(name):
        assert [r.status_code for r in lists + details] == [403, 403, 404, 404]
        return
    assert [r.status_code for r in lists + details] == [200, 200, 200, 200]
    assert {row["name"] for row in results(lists[0])} == {"平台巡检清单", "日常巡检表"}
    assert [i["text"] for i in details[0].json()["items"]] == list(template.items.values_list("text", flat=True))


@pytest.mark.parametrize("name", PERSONS)
def test_template_manage(templates, person, web, name):
    client = web(person(name))
    template = templates["daily"]
    create = client.post(reverse("maintenance:inspection-template-create"), {
        "name": "新日常巡检表", "kind": "daily", "description": "", "is_active": "on",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "100", "items-0-text": "首页可用", "items-1-text": "",
    })
    toggle = client.post(reverse("maintenance:inspection-template-toggle", args=[template.pk]))
    template.refresh_from_db()
    if role_of(name) in TEMPLATE_MANAGING_ROLES:
        assert (create.status_code, toggle.status_code) == (302, 302)
        assert list(InspectionTemplate.objects.get(name="新日常巡检表").items.values_list("text", flat=True)) == [
            "首页可用"]
        assert template.is_active is False
    else:
        assert create.status_code == 403
        assert toggle.status_code == (403 if reads(name) else 404)
        assert not InspectionTemplate.objects.filter(name="新日常巡检表").exists()
        assert template.is_active is True


# --- coverage (第十七条) --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_coverage_scope(db, person, web, name):
    response = web(person(name)).get(reverse("maintenance:inspection-coverage"), {"show": "all", "days": 3})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = {u.code for u in response.context["paginator"].object_list}
    assert {c for c in OWNERS if c in listed} == {c for c in OWNERS if sees(name, c)}


def test_policy_table_is_not_trivial():
    assert [o for o in OWNERS if sees("nanchang_submitter", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if records("nanchang_submitter", "daily", o)] == ["360100", "360102"]
    assert not any(records("nanchang_submitter", "platform", o) for o in OWNERS)
    assert all(records("operator_publisher", "platform", o) for o in OWNERS)
    assert not any(records("operator_publisher", "daily", o) for o in OWNERS)
    assert all(records("province_reviewer", k, o) for k in KINDS for o in OWNERS)
    assert not any(records("auditor", k, o) or records("province_supervisor", k, o) for k in KINDS for o in OWNERS)
    assert not any(sees(n, o) for n in ("sys_admin", "sec_admin", "audit_admin") for o in OWNERS)
