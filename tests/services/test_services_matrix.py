"""Role x scope matrix of the catalog (第十条): Service, SelfTestReport, TechStandard. Generated.

The expected outcome of every case comes from the policy table below, written from ROLES.md, never from
`visible_to()` itself:
- services and self-tests are org-owned: a city sees its own and its counties', a county and a department
  their own, the provincial authority, the operator (catalog) and auditors everything; the three system
  roles nothing (403 on lists, 404 on records);
- submitters and org admins create and edit services and self-tests of their own subtree; everybody else
  reading them may not (403 where the record is visible, 404 where it is not);
- technical standards are reference data: every role that reads domain records sees every version; only the
  provincial authority's reviewers publish and put versions in force.
"""

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard
from rolepolicy import KIND, READING_ROLES, in_own_subtree
from testsupport import PEOPLE, results

from services.models import SelfTestReport, Service, TechStandard

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
PERSONS = list(PERSONS_TABLE)

OWNERS = ["360100", "360102", "360400", "360402", "D3601"]
# "create and edit drafts of its org unit's records; submit ... self-test results"
CATALOG_EDITING_ROLES = {"submitter", "org_admin"}
# "sets standards" (第六条): the provincial authority's reviewers publish versions and put them in force.
STANDARD_PUBLISHING_ROLES = {"reviewer"}


def role_of(person):
    return PERSONS_TABLE[person][0]


def reads(person):
    return role_of(person) in READING_ROLES


def sees(person, owner_code):
    return rolepolicy.sees(PERSONS_TABLE, person, owner_code)


def edits(person, owner_code):
    role, code = PERSONS_TABLE[person]
    if role not in CATALOG_EDITING_ROLES:
        return False
    return KIND[code] == "provincial_authority" or in_own_subtree(code, owner_code)


def publishes_standards(person):
    return role_of(person) in STANDARD_PUBLISHING_ROLES


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
def standards(db):
    old = make_standard("1.0", in_force=False, items=("旧版检查项",))
    current = make_standard("2.0", items=("统一身份认证接入", "个人信息脱敏展示"))
    return {"old": old, "current": current}


@pytest.fixture
def records(standards):
    """One service and one self-test report per owner."""
    made = {}
    for code in OWNERS:
        service = ServiceFactory(owner_org=org(code), name=label("service", code), code=label("service", code))
        made["service", code] = service
        made["selftest", code] = make_report(service, standards["current"], tester=label("selftest", code))
    return made


# --- services and self-tests: lists ---------------------------------------------------------------------------

LISTS = {
    # name: (API list, HTML list url name or None, label field in the API row / the object)
    "service": ("/api/v1/services/services/", "services:service-list", "name"),
    "selftest": ("/api/v1/services/self-tests/", None, "tester"),
}


@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_list(records, person, api, name, kind):
    base, _, field = LISTS[kind]
    response = api(person(name)).get(base, {"page_size": 200})
    if not reads(name):
        assert response.status_code == 403, response.content
        return
    assert response.status_code == 200, response.content
    expected = {label(kind, code) for code in OWNERS if sees(name, code)}
    assert {row[field] for row in results(response)} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("name", PERSONS)
def test_html_service_list(records, person, web, name):
    response = web(person(name)).get(reverse("services:service-list"))
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    expected = {label("service", code) for code in OWNERS if sees(name, code)}
    page = response.context["page_obj"]
    assert page.paginator.count == len(expected)
    assert {s.name for s in page.object_list} == expected
    content = response.content.decode()
    for code in OWNERS:
        assert (label("service", code) in content) == sees(name, code), code


@pytest.mark.parametrize("name", PERSONS)
def test_service_export(records, person, web, name):
    """The Excel export holds exactly the rows of the list: out of scope is not exported."""
    from io import BytesIO

    from openpyxl import load_workbook

    response = web(person(name)).get(reverse("services:service-list"), {"export": "xlsx"})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    exported = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {label("service", code) for code in OWNERS if sees(name, code)}


# --- services and self-tests: single records ------------------------------------------------------------------

DETAILS = {
    # name: (API base, HTML detail url name, label field in the API row)
    "service": ("/api/v1/services/services/", "services:service-detail", "name"),
    "selftest": ("/api/v1/services/self-tests/", "services:selftest-detail", "tester"),
}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", list(DETAILS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_detail(records, person, api, name, kind, owner):
    base, _, field = DETAILS[kind]
    obj = records[kind, owner]
    response = api(person(name)).get(f"{base}{obj.pk}/")
    if sees(name, owner):
        assert response.status_code == 200, response.content
        assert response.json()[field] == label(kind, owner)
    else:
        assert response.status_code == 404, response.content
        assert label(kind, owner) not in response.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", list(DETAILS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_detail(records, person, web, name, kind, owner):
    _, url_name, _ = DETAILS[kind]
    obj = records[kind, owner]
    response = web(person(name)).get(reverse(url_name, args=[obj.pk]))
    if sees(name, owner):
        assert response.status_code == 200
        assert label(kind, owner) in response.content.decode()
    else:
        assert response.status_code == 404
        assert label(kind, owner) not in response.content.decode()


# --- services: create and update ------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_service_create(db, person, api, name, owner):
    code = f"NEW-{owner}"
    response = api(person(name)).post("/api/v1/services/services/", {
        "owner_org": owner, "code": code, "name": f"新服务-{owner}", "category": "query",
        "entry_url": "https://ganfutong.example.invalid/new",
    }, format="json")
    created = Service.objects.filter(code=code)
    if role_of(name) not in CATALOG_EDITING_ROLES:
        assert response.status_code == 403, response.content
        assert not created.exists()
    elif edits(name, owner):
        assert response.status_code == 201, response.content
        service = created.get()
        assert (service.owner_org.code, service.status, service.created_by.username) == (owner, "planned", name)
    else:
        assert response.status_code == 400, response.content
        assert "owner_org" in response.json()
        assert not created.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_service_update(records, person, api, name, owner):
    service = records["service", owner]
    response = api(person(name)).patch(f"/api/v1/services/services/{service.pk}/",
                                       {"zone": "新专区", "version": service.version}, format="json")
    service.refresh_from_db()
    if edits(name, owner):
        assert response.status_code == 200, response.content
        assert service.zone == "新专区"
    else:
        # Not the person's to change: the record "does not exist" for this action (as for every API), unchanged.
        assert response.status_code == 404, response.content
        assert service.zone != "新专区"


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_service_edit(records, person, web, name, owner):
    service = records["service", owner]
    client = web(person(name))
    url = reverse("services:service-edit", args=[service.pk])
    response = client.post(url, {"owner_org": service.owner_org_id, "name": "改名后的服务", "code": service.code,
                                 "category": "query", "entry_url": "", "zone": "", "description": "",
                                 "version": service.version})
    service.refresh_from_db()
    if edits(name, owner):
        assert response.status_code == 302
        assert service.name == "改名后的服务"
        return
    assert response.status_code == (403 if sees(name, owner) else 404)
    assert service.name == label("service", owner)
    assert client.get(url).status_code == (403 if sees(name, owner) else 404)


@pytest.mark.parametrize("name", PERSONS)
def test_html_service_create_page(db, person, web, name):
    response = web(person(name)).get(reverse("services:service-create"))
    assert response.status_code == (200 if role_of(name) in CATALOG_EDITING_ROLES else 403)
    if response.status_code == 200:
        offered = {o.code for o in response.context["form"].fields["owner_org"].queryset}
        assert {o for o in OWNERS if o in offered} == {o for o in OWNERS if edits(name, o)}


# --- self-tests: create ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_selftest_create(records, standards, person, web, name, owner):
    service = records["service", owner]
    client = web(person(name))
    url = reverse("services:selftest-create", args=[service.pk])
    data = {"standard": standards["current"].pk, "tested_on": "2026-01-05", "tester": "矩阵测试员"}
    for item in standards["current"].items.all():
        data[f"item-{item.pk}-passed"] = "yes"
    response = client.post(url, data)
    made = SelfTestReport.objects.filter(service=service, tester="矩阵测试员")
    if edits(name, owner):
        assert response.status_code == 302
        assert made.get().passed is True
        assert client.get(url).status_code == 200
        return
    assert response.status_code == (403 if sees(name, owner) else 404)
    assert not made.exists()
    assert client.get(url).status_code == (403 if sees(name, owner) else 404)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_selftest_create(records, standards, person, api, name, owner):
    service = records["service", owner]
    payload = {"service": service.pk, "tested_on": "2026-01-05", "tester": "接口测试员",
               "results": [{"item": i.pk, "passed": True} for i in standards["current"].items.all()]}
    response = api(person(name)).post("/api/v1/services/self-tests/", payload, format="json")
    made = SelfTestReport.objects.filter(service=service, tester="接口测试员")
    if role_of(name) not in CATALOG_EDITING_ROLES:
        assert response.status_code == 403, response.content
        assert not made.exists()
    elif edits(name, owner):
        assert response.status_code == 201, response.content
        assert response.json()["passed"] is True
        assert made.get().results.count() == 2
    else:
        # Another unit's service "does not exist" for the caller.
        assert response.status_code == 400, response.content
        assert "service" in response.json()
        assert not made.exists()


# --- technical standards (reference data) ------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONS)
def test_standard_lists(standards, person, api, web, name):
    user = person(name)
    api_response = api(user).get("/api/v1/services/standards/")
    page = web(user).get(reverse("services:standard-list"))
    if not reads(name):
        assert (api_response.status_code, page.status_code) == (403, 403)
        return
    assert (api_response.status_code, page.status_code) == (200, 200)
    assert {row["version"] for row in results(api_response)} == {"1.0", "2.0"}
    assert {s.version for s in page.context["object_list"]} == {"1.0", "2.0"}


@pytest.mark.parametrize("name", PERSONS)
def test_standard_details(standards, person, api, web, name):
    user = person(name)
    std = standards["current"]
    api_response = api(user).get(f"/api/v1/services/standards/{std.pk}/")
    page = web(user).get(reverse("services:standard-detail", args=[std.pk]))
    if not reads(name):
        assert (api_response.status_code, page.status_code) == (404, 404)
        return
    assert (api_response.status_code, page.status_code) == (200, 200)
    assert [i["text"] for i in api_response.json()["items"]] == ["统一身份认证接入", "个人信息脱敏展示"]
    assert "个人信息脱敏展示" in page.content.decode()
    assert (b'id="activate-form"' in page.content) is False  # the version is in force already


@pytest.mark.parametrize("name", PERSONS)
def test_standard_create(db, person, api, web, name):
    user = person(name)
    page = web(user).get(reverse("services:standard-create"))
    response = api(user).post("/api/v1/services/standards/", {
        "version": "3.0", "title": "赣服通平台技术管理规范", "published_on": "2026-10-01",
        "items": [{"text": "统一身份认证接入"}, {"text": "页面响应时间≤1.5秒", "required": False}],
    }, format="json")
    if publishes_standards(name):
        assert (page.status_code, response.status_code) == (200, 201), response.content
        std = TechStandard.objects.get(version="3.0")
        assert std.in_force is False
        assert [(i.order, i.required) for i in std.items.all()] == [(1, True), (2, False)]
    else:
        assert (page.status_code, response.status_code) == (403, 403)
        assert not TechStandard.objects.filter(version="3.0").exists()


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("name", PERSONS)
def test_standard_activate(standards, person, api, web, name, via):
    old, current = standards["old"], standards["current"]
    user = person(name)
    if via == "page":
        response = web(user).post(reverse("services:standard-activate", args=[old.pk]))
        allowed_status = 302
    else:
        response = api(user).post(f"/api/v1/services/standards/{old.pk}/activate/")
        allowed_status = 200
    old.refresh_from_db()
    current.refresh_from_db()
    if publishes_standards(name):
        assert response.status_code == allowed_status
        assert (old.in_force, current.in_force) == (True, False)
    else:
        assert response.status_code == (403 if reads(name) else 404)
        assert (old.in_force, current.in_force) == (False, True)
    assert TechStandard.objects.filter(in_force=True).count() == 1


# --- the policy table itself ------------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    assert {sees(n, o) for n in PERSONS for o in OWNERS} == {True, False}
    assert [o for o in OWNERS if sees("nanchang_submitter", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if edits("nanchang_admin", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if sees("dept_submitter", o)] == ["D3601"]
    assert [o for o in OWNERS if sees("operator_publisher", o)] == OWNERS
    assert not any(edits("operator_publisher", o) or edits("auditor", o) for o in OWNERS)
    assert [n for n in PERSONS if publishes_standards(n)] == ["province_reviewer"]
    assert not any(sees(n, o) for n in ("sys_admin", "sec_admin", "audit_admin") for o in OWNERS)
