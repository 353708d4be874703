"""Role x scope matrix of advance filings and fault reports (第十六条), generated.

Every expected outcome comes from the policy table below, written from ROLES.md (and the role policy's maintenance
permissions), never from visible_to() itself:
- records are org-owned: a city sees its own and its counties', a county and a department their own; the provincial
  authority, the operator (maintenance, filings) and auditors see everything; the three system roles nothing
  (403 on lists, 404 on records);
- submitters and org admins file advance filings and report faults of their own subtree, and handle those faults
  (notes, mitigated, resolved); the operator reports and handles faults of any org unit (第九条 运维保障) and drafts
  the announcements (第十六条 "在平台进行公告"); the provincial reviewers record the post-incident review;
- a record the person cannot see: 404 and nothing happens; seen but not theirs to act on: 403 and nothing happens.
"""

from datetime import timedelta

import pytest
import rolepolicy
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_events import advance_filing, fault, service
from rolepolicy import KIND, READING_ROLES, in_own_subtree
from testsupport import PEOPLE, results

from ganfutong_admin.workflow.models import Filing
from maintenance.events.models import AdvanceFiling, FaultReport, FaultUpdate

pytestmark = pytest.mark.django_db

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
PERSONS = list(PERSONS_TABLE)
OWNERS = ["360100", "360102", "360400", "D3601"]  # 南昌市, 东湖区 (under it), 九江市, 省公安厅
FILING_ROLES = {"submitter", "org_admin"}  # "create and edit drafts of its org unit's records; submit filings"
REPORTING_ROLES = {"submitter", "org_admin", "publisher"}  # fault reports: the owners, and the operator for any
REVIEWING_ROLES = {"reviewer"}  # the provincial authority closes faults with the post-incident review
ANNOUNCING_ROLES = {"publisher"}  # "publisher (operator): announcements"


def role_of(person):
    return PERSONS_TABLE[person][0]


def sees(person, owner):
    return rolepolicy.sees(PERSONS_TABLE, person, owner)


def may(person, capability, owner):
    role, code = PERSONS_TABLE[person]
    if capability == "file":
        return role in FILING_ROLES and in_own_subtree(code, owner)
    if capability == "report":
        if role not in REPORTING_ROLES:
            return False
        return KIND[code] == "operator" or in_own_subtree(code, owner)
    if capability == "review":
        return role in REVIEWING_ROLES
    if capability == "announce":
        return role in ANNOUNCING_ROLES
    raise ValueError(capability)


def may_start(person, capability):
    """May open the create page at all (the owners offered depend on the scope)."""
    role = role_of(person)
    return role in (FILING_ROLES if capability == "file" else REPORTING_ROLES)


def expected_status(person, capability, owner, success):
    if not sees(person, owner):
        return 404
    return success if may(person, capability, owner) else 403


def label(kind, owner):
    return f"MTX-{kind}-{owner}"


# --- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def records(db):
    made = {}
    for code in OWNERS:
        svc = service(code, name=label("service", code))
        made["service", code] = svc
        made["fault", code] = fault(code, title=label("fault", code), services=[svc])
        made["advance", code] = advance_filing(code, status="submitted", title=label("advance", code),
                                               services=[svc])
    return made


# --- lists, exports and details ------------------------------------------------------------------------------

LISTS = {
    # name: (kind, API list, page URL name, label field in the API row)
    "fault-api": ("fault", "/api/v1/maintenance/fault-reports/", None, "title"),
    "fault-page": ("fault", None, "maintenance:fault-list", None),
    "advance-api": ("advance", "/api/v1/maintenance/advance-filings/", None, "title"),
    "advance-page": ("advance", None, "maintenance:advance-filing-list", None),
    "windows-page": ("advance", None, "maintenance:maintenance-windows", None),
}


@pytest.mark.parametrize("case", list(LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_lists(records, person, api, web, name, case):
    kind, api_url, page, field = LISTS[case]
    user = person(name)
    expected = {label(kind, code) for code in OWNERS if sees(name, code)}
    if api_url:
        response = api(user).get(api_url, {"page_size": 200})
        if role_of(name) not in READING_ROLES:
            assert response.status_code == 403, response.content
            return
        assert response.status_code == 200, response.content
        assert {row[field] for row in results(response)} == expected
        assert response.json()["count"] == len(expected)
        return
    response = web(user).get(reverse(page))
    if role_of(name) not in READING_ROLES:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == len(expected)
    content = response.content.decode()
    for code in OWNERS:
        assert (label(kind, code) in content) == sees(name, code), code


@pytest.mark.parametrize("page", ["maintenance:fault-list", "maintenance:advance-filing-list"])
@pytest.mark.parametrize("name", PERSONS)
def test_exports(records, person, web, name, page):
    """The Excel export holds exactly the rows of the list: out of scope is not exported."""
    from io import BytesIO

    from openpyxl import load_workbook

    response = web(person(name)).get(reverse(page), {"export": "xlsx"})
    if role_of(name) not in READING_ROLES:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    column = 0 if page == "maintenance:fault-list" else 1  # title
    exported = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    kind = "fault" if page == "maintenance:fault-list" else "advance"
    assert exported == {label(kind, code) for code in OWNERS if sees(name, code)}


DETAILS = {
    # name: (kind, URL builder, label in the response)
    "fault-api": ("fault", lambda r: f"/api/v1/maintenance/fault-reports/{r.pk}/"),
    "fault-page": ("fault", lambda r: reverse("maintenance:fault-detail", args=[r.pk])),
    "advance-api": ("advance", lambda r: f"/api/v1/maintenance/advance-filings/{r.pk}/"),
    "advance-kernel-api": ("advance", lambda r: f"/api/v1/filings/{r.pk}/"),
    "advance-kernel-page": ("advance", lambda r: reverse("workflow:filing-detail", args=[r.pk])),
}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("case", list(DETAILS))
@pytest.mark.parametrize("name", PERSONS)
def test_details(records, person, api, web, name, case, owner):
    kind, url = DETAILS[case]
    user = person(name)
    client = api(user) if "api" in case else web(user)
    response = client.get(url(records[kind, owner]))
    if sees(name, owner):
        assert response.status_code == 200, response.content[:500]
        assert label(kind, owner) in response.content.decode()
        if case == "advance-kernel-page":
            assert label("service", owner) in response.content.decode()  # the kind's details are shown
    else:
        assert response.status_code == 404
        assert label(kind, owner) not in response.content.decode()


# --- creating ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["maintenance:fault-create", "maintenance:advance-filing-create"])
@pytest.mark.parametrize("name", PERSONS)
def test_create_pages(db, person, web, name, page):
    capability = "report" if page == "maintenance:fault-create" else "file"
    response = web(person(name)).get(reverse(page))
    assert response.status_code == (200 if may_start(name, capability) else 403)
    if response.status_code == 200:
        offered = {o.code for o in response.context["form"].fields["owner_org"].queryset}
        assert {o for o in OWNERS if o in offered} == {o for o in OWNERS if may(name, capability, o)}


def fault_payload(owner_code, svc):
    now = timezone.localtime()
    return {"owner_org": org(owner_code).pk, "title": "矩阵故障", "severity": "ordinary",
            "occurred_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "detected_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "reported_at": now.strftime("%Y-%m-%dT%H:%M"), "services": [svc.pk], "impact": "无法办理"}


def advance_payload(owner_code, svc):
    start = timezone.localtime() + timedelta(days=20)
    return {"owner_org": org(owner_code).pk, "title": "矩阵报备", "event_type": "system_upgrade",
            "window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "window_end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "services": [svc.pk], "expected_impact": "暂停办理", "risk": "回滚", "fallback_plan": "回退",
            "contact": "值班员"}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_fault_create_page_post(records, person, web, name, owner):
    response = web(person(name)).post(reverse("maintenance:fault-create"),
                                      fault_payload(owner, records["service", owner]))
    created = FaultReport.objects.filter(title="矩阵故障")
    if not may_start(name, "report"):
        assert response.status_code == 403
    elif may(name, "report", owner):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert created.get().owner_org.code == owner
        return
    else:
        # Neither the org unit nor the service is among the person's choices: refused, nothing saved.
        assert response.status_code == 400
    assert not created.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_fault_create_api(records, person, api, name, owner):
    now = timezone.now()
    response = api(person(name)).post("/api/v1/maintenance/fault-reports/", {
        "owner_org": owner, "title": "接口故障", "severity": "ordinary", "occurred_at": now - timedelta(hours=1),
        "detected_at": now - timedelta(minutes=30), "impact": "无法办理", "services": [records["service", owner].pk],
    }, format="json")
    created = FaultReport.objects.filter(title="接口故障")
    if not may_start(name, "report"):
        assert response.status_code == 403, response.content
        assert not created.exists()
    elif may(name, "report", owner):
        assert response.status_code == 201, response.content
        assert (created.get().owner_org.code, response.json()["status"]) == (owner, "investigating")
    else:
        assert response.status_code == 400, response.content
        assert not created.exists()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_advance_create_post(records, person, web, name, owner):
    response = web(person(name)).post(reverse("maintenance:advance-filing-create"),
                                      advance_payload(owner, records["service", owner]))
    created = Filing.objects.filter(kind="advance_filing", title="矩阵报备")
    if not may_start(name, "file"):
        assert response.status_code == 403
    elif may(name, "file", owner):
        assert response.status_code == 302, response.content.decode()[:2000]
        filing = created.get()
        assert filing.owner_org.code == owner and filing.for_the_record is True
        assert list(filing.advance_filing.services.all()) == [records["service", owner]]
        return
    else:
        assert response.status_code == 400
    assert not created.exists()


# --- acting on a record ---------------------------------------------------------------------------------------

def resolved_fault(owner):
    return fault(owner, status="resolved", title=label("fault", owner), cause="原因")


def draft_advance(owner):
    return advance_filing(owner, status="draft", title=label("advance", owner))


def submitted_advance(owner):
    return advance_filing(owner, status="submitted", title=label("advance", owner))


def plain_fault(owner):
    return fault(owner, title=label("fault", owner))


CASES = {
    # name: (capability, setup(owner), request(client, obj), success status, did it happen?(obj))
    "fault-edit-page": ("report", plain_fault,
                        lambda c, f: c.get(reverse("maintenance:fault-edit", args=[f.pk])), 200, None),
    "fault-edit-post": (
        "report", plain_fault,
        lambda c, f: c.post(reverse("maintenance:fault-edit", args=[f.pk]), {
            **fault_payload(f.owner_org.code, service(f.owner_org.code)), "title": "已更正", "version": f.version}),
        302, lambda f: FaultReport.objects.get(pk=f.pk).title == "已更正"),
    "fault-mitigate-page": (
        "report", plain_fault,
        lambda c, f: c.post(reverse("maintenance:fault-transition", args=[f.pk]),
                            {"action": "mitigate", "version": f.version}),
        302, lambda f: FaultReport.objects.get(pk=f.pk).status == "mitigated"),
    "fault-resolve-api": (
        "report", plain_fault,
        lambda c, f: c.post(f"/api/v1/maintenance/fault-reports/{f.pk}/transitions/",
                            {"action": "resolve", "version": f.version}, format="json"),
        200, lambda f: FaultReport.objects.get(pk=f.pk).status == "resolved"),
    "fault-note-page": (
        "report", plain_fault,
        lambda c, f: c.post(reverse("maintenance:fault-update-add", args=[f.pk]),
                            {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "note": "已联系厂商"}),
        302, lambda f: FaultUpdate.objects.filter(fault=f, note="已联系厂商").exists()),
    "fault-note-api": (
        "report", plain_fault,
        lambda c, f: c.post(f"/api/v1/maintenance/fault-reports/{f.pk}/updates/", {"note": "接口备注"},
                            format="json"),
        201, lambda f: FaultUpdate.objects.filter(fault=f, note="接口备注").exists()),
    "fault-review-page": (
        "review", resolved_fault,
        lambda c, f: c.post(reverse("maintenance:fault-review", args=[f.pk]), {
            "cause": "证书过期", "lessons": "到期提醒缺失", "measures": "增加证书到期监控", "version": f.version}),
        302, lambda f: FaultReport.objects.get(pk=f.pk).status == "reviewed"),
    "fault-review-api": (
        "review", resolved_fault,
        lambda c, f: c.post(f"/api/v1/maintenance/fault-reports/{f.pk}/review/", {
            "cause": "证书过期", "lessons": "到期提醒缺失", "measures": "增加证书到期监控", "version": f.version},
            format="json"),
        200, lambda f: FaultReport.objects.get(pk=f.pk).status == "reviewed"),
    "fault-announce": (
        "announce", plain_fault, lambda c, f: c.post(reverse("maintenance:fault-announce", args=[f.pk])),
        302, lambda f: FaultReport.objects.get(pk=f.pk).announcement_id is not None),
    "advance-edit-page": (
        "file", draft_advance, lambda c, f: c.get(reverse("maintenance:advance-filing-edit", args=[f.pk])),
        200, None),
    "advance-edit-post": (
        "file", draft_advance,
        lambda c, f: c.post(reverse("maintenance:advance-filing-edit", args=[f.pk]), {
            **advance_payload(f.owner_org.code, f.advance_filing.services.get()), "title": "已修改",
            "version": f.version}),
        302, lambda f: Filing.objects.get(pk=f.pk).title == "已修改"),
    "advance-announce": (
        "announce", submitted_advance,
        lambda c, f: c.post(reverse("maintenance:advance-filing-announce", args=[f.pk])),
        302, lambda f: AdvanceFiling.objects.get(filing=f).announcement_id is not None),
}


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", PERSONS)
def test_action(person, web, api, name, case, owner):
    capability, setup, do, success, happened = CASES[case]
    obj = setup(owner)
    user = person(name)
    response = do(api(user) if case.endswith("-api") else web(user), obj)
    expected = expected_status(name, capability, owner, success)
    assert response.status_code == expected, (response.status_code, response.content.decode()[:1500])
    if happened is not None:
        assert happened(obj) is (expected == success)
    if expected == 404:
        assert label("fault" if case.startswith("fault") else "advance", owner) not in response.content.decode()


# --- the policy table itself -----------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    for capability in ("file", "report", "review", "announce"):
        outcomes = {expected_status(n, capability, o, 200) for n in PERSONS for o in OWNERS}
        assert outcomes == {200, 403, 404}, (capability, outcomes)
    assert [o for o in OWNERS if may("nanchang_submitter", "file", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if sees("donghu_submitter", o)] == ["360102"]
    assert all(may("operator_publisher", "report", o) for o in OWNERS)
    assert not any(may("operator_publisher", "file", o) for o in OWNERS)
    assert [n for n in PERSONS if may(n, "review", "360100")] == ["province_reviewer"]
    assert not any(sees(n, o) for n in ("sys_admin", "sec_admin", "audit_admin") for o in OWNERS)
