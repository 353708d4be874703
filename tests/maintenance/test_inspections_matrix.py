"""Role x scope matrix of inspections (第十六条/第十七条): Inspection, InspectionTemplate, the coverage page. Generated
by tests/matrix.py, one spec per kind of inspection.

Expected outcomes come from docs/roles.md (tests/rolepolicy.py), the "may" column and the measures below, never
from visible_to() or policy.py:
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

import matrix
import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_inspections import checklist_post, make_inspection, make_template
from matrix import API, PAGE, Action, ApiDetail, ApiList, Create, Export, PageDetail, PageList, Spec
from rolepolicy import KIND, READING_ROLES, in_own_subtree
from testsupport import PEOPLE, results

from maintenance.inspections.models import Inspection, InspectionTemplate

# --- the policy: the "may" column of docs/roles.md and the measures ------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
PERSONS = list(PERSONS_TABLE)
OWNERS = ("360100", "360102", "360400", "360402", "D3601")
KINDS = ("platform", "daily")
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
    role = role_of(person)
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


def make_templates(c=None):
    return {"platform": make_template("平台巡检清单", "platform"),
            "daily": make_template("日常巡检表", "daily", items=("服务入口可用", "投诉已响应"))}


# --- the specs ------------------------------------------------------------------------------------------------------

def inspection_spec(kind):
    """The matrix of one kind of inspection: one draft per owner, each with one problem."""

    def may(person, owner):
        return records(person, kind, owner)

    def make(c):
        template = c.env[kind]
        return make_inspection(template, c.owner, summary=c.label, problems=(template.items.first().text,))

    def offers_what_the_person_may(c, response):
        assert bool(response.context["transitions"]) == may(c.person, c.owner)
        assert response.context["can_edit"] == may(c.person, c.owner)

    def created_page(c, response):
        assert (c.result.kind, c.result.owner_org.code, c.result.status) == (kind, c.owner, "draft")
        assert c.result.inspector.username == c.person
        assert c.result.findings.count() == c.env[kind].items.count()

    def created_api(c, response):
        assert response.json()["owner_org"] == c.owner
        assert c.result.findings.count() == c.env[kind].items.count()

    def edited(c, response):
        assert not c.record.findings.filter(result="problem").exists()

    def problem(c):
        return c.record.findings.get(result="problem")

    def completed_page(c, response):
        assert problem(c).rectification.owner_org.code == c.owner

    def completed_api(c, response):
        assert response.json()["status"] == "completed"
        assert response.json()["findings"][0]["rectification_status"] == "open"

    return Spec(
        f"{kind}_inspection", OWNERS, people=PERSONS_TABLE, setup=make_templates, make=make,
        label=lambda owner: f"MTX-{kind}-{owner}",
        lists=(ApiList("/api/v1/maintenance/inspections/", "summary"),
               # The list prints no summary: the rows are read from the page's objects.
               PageList("maintenance:inspection-list", lambda i: i.summary, params={"sort": "org"}, shown=False),
               Export("maintenance:inspection-list", column=-1)),
        details=(ApiDetail(lambda i: f"/api/v1/maintenance/inspections/{i.pk}/", "summary"),
                 # The actions offered are exactly what the person may do.
                 PageDetail("maintenance:inspection-detail", also=offers_what_the_person_may)),
        creates=(
            Create("page", PAGE, "maintenance:inspection-create",
                   lambda c: checklist_post(c.env[kind], kind=kind, template=c.env[kind].pk,
                                            owner_org=org(c.owner).pk, summary="新巡检-页面"),
                   created=lambda c: Inspection.objects.filter(summary="新巡检-页面"), may_start=records_any,
                   may=may, done=created_page, error_fields=("owner_org", "kind", "template")),
            Create("api", API, "/api/v1/maintenance/inspections/",
                   lambda c: {"kind": kind, "template": c.env[kind].pk, "owner_org": c.owner,
                              "inspected_on": "2026-06-01", "summary": "新巡检-接口",
                              "findings": [{"template_item": i.pk, "result": "ok"} for i in c.env[kind].items.all()]},
                   created=lambda c: Inspection.objects.filter(summary="新巡检-接口"), may_start=records_any,
                   may=may, done=created_api, error_fields=("owner_org", "kind", "template")),
        ),
        changes=(
            Action("page-edit", PAGE, "maintenance:inspection-edit", may,
                   data=lambda c: checklist_post(c.env[kind], owner_org=c.record.owner_org_id, summary="改过的巡检",
                                                 version=c.record.version),
                   happened=lambda c: (c.record.summary, c.record.version) == ("改过的巡检", 2),
                   state=lambda i: i.summary, done=edited, form_page=True),
        ),
        transitions=(
            # The page: visible but not the person's kind of inspection to complete is 403.
            Action("page-complete", PAGE, "maintenance:inspection-complete", may,
                   data=lambda c: {"version": c.record.version, "working_days": 5, "action": "complete"},
                   happened=lambda c: c.record.status == "completed",
                   state=lambda i: (i.status, i.findings.get(result="problem").rectification_id),
                   done=completed_page),
            Action("api-complete", API, lambda c: f"/api/v1/maintenance/inspections/{c.record.pk}/complete/", may,
                   data=lambda c: {"version": c.record.version}, happened=lambda c: c.record.status == "completed",
                   state=lambda i: i.status, done=completed_api),
        ),
    )


PLATFORM, DAILY = inspection_spec("platform"), inspection_spec("daily")

globals().update(matrix.tests(PLATFORM, DAILY))


# --- the create form offers the kinds the person records -----------------------------------------------------------

@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def templates(db):
    return make_templates()


@pytest.mark.parametrize("name", PERSONS)
def test_create_page(templates, person, web, name):
    response = web(person(name)).get(reverse("maintenance:inspection-create"))
    assert response.status_code == (200 if records_any(name) else 403)
    if response.status_code == 200:
        offered = {value for value, _label in response.context["form"].fields["kind"].choices}
        assert offered == {k for k in KINDS if records_kind(name, k)}


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
