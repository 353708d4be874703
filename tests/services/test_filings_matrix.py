"""Role x scope matrix of the service-filing pages and actions (第九条–第十一条), generated.

The expected outcome comes from the policy table below, written from ROLES.md and the issue ("anyone in the owning
org unit or the operator records the oral report"), never from visible_to() itself:
- a record the person cannot see: 404, and nothing changes;
- a record the person sees but may not act on: 403, and nothing changes;
- a record the person may act on: the action happens.
"""

import pytest
import rolepolicy
from factories import org
from factories_filings import change_filing, service
from rolepolicy import in_own_subtree
from testsupport import PEOPLE

from ganfutong_admin.workflow.models import Filing
from services.models import Service

pytestmark = pytest.mark.django_db

# --- the policy, from ROLES.md ------------------------------------------------------------------------------

OWNERS = ["360100", "360102", "360400", "360402"]  # 南昌市, 东湖区 (under it), 九江市, 濂溪区 (under it)
# "may": submitters (and org admins) create, edit and submit filings of their org unit's records (own subtree);
# publishers (the operator) record listings and delistings (第九条 上架管理); an emergency delisting is reported
# by anyone in the owning org unit (its submitters) or by the operator.
FILING_ROLES = {"submitter", "org_admin"}
RECORDING_ROLES = {"publisher"}


def sees(person, owner):
    return rolepolicy.sees(PEOPLE, person, owner)


def may(person, capability, owner):
    role, code = PEOPLE[person]
    if capability == "file":
        return role in FILING_ROLES and in_own_subtree(code, owner)
    if capability == "record":
        return role in RECORDING_ROLES
    if capability == "report":
        return (role in FILING_ROLES and in_own_subtree(code, owner)) or role in RECORDING_ROLES
    raise ValueError(capability)


def expected_status(person, capability, owner, success):
    if not sees(person, owner):
        return 404
    return success if may(person, capability, owner) else 403


# --- the cases ---------------------------------------------------------------------------------------------

def label(owner):
    return f"MTX-服务-{owner}"


def listed_service(owner):
    return service(owner, status="listed", name=label(owner))


def ready_service(owner):
    svc = service(owner, status="ready", name=label(owner))
    change_filing(svc, "listing", status="approved")
    return svc


def service_with_approved_delisting(owner):
    svc = listed_service(owner)
    change_filing(svc, "delisting", status="approved")
    return svc


def draft_delisting(owner):
    return change_filing(listed_service(owner), "delisting", status="draft")[0]


REPORT = {"reported_by": "值班员", "reported_to": "省政务服务管理办公室值班室", "reason": "服务异常，需紧急下架处理。"}


def report_payload(svc):
    from django.utils import timezone

    return {**REPORT, "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "version": svc.version}


CASES = {
    # name: (capability, setup(owner), request(client, obj), success status, did it happen?(obj))
    "change-create-page": (
        "file", listed_service,
        lambda c, s: c.get("/services/change-filings/new/", {"kind": "service_delisting", "service": s.pk}),
        200, None),
    "change-create-post": (
        "file", listed_service,
        lambda c, s: c.post(f"/services/change-filings/new/?kind=service_delisting&service={s.pk}",
                            {"service": s.pk, "description": "矩阵测试"}),
        302, lambda s: Filing.objects.filter(service_change__service=s).exists()),
    "change-edit-page": (
        "file", draft_delisting, lambda c, f: c.get(f"/services/change-filings/{f.pk}/edit/"), 200, None),
    "change-edit-post": (
        "file", draft_delisting,
        lambda c, f: c.post(f"/services/change-filings/{f.pk}/edit/",
                            {"title": "已修改", "description": "已修改", "version": f.version}),
        302, lambda f: Filing.objects.get(pk=f.pk).title == "已修改"),
    "emergency-page": (
        "report", listed_service, lambda c, s: c.get(f"/services/{s.pk}/emergency/"), 200, None),
    "emergency-post": (
        "report", listed_service, lambda c, s: c.post(f"/services/{s.pk}/emergency/", report_payload(s)),
        302, lambda s: Service.objects.get(pk=s.pk).status == "delisted"
        and Filing.objects.filter(kind="emergency_delisting", service_change__service=s).exists()),
    "record-listing": (
        "record", ready_service,
        lambda c, s: c.post(f"/services/{s.pk}/transition/", {"action": "record_listing", "version": s.version}),
        302, lambda s: Service.objects.get(pk=s.pk).status == "listed"),
    "record-delisting": (
        "record", service_with_approved_delisting,
        lambda c, s: c.post(f"/services/{s.pk}/transition/", {"action": "record_delisting", "version": s.version}),
        302, lambda s: Service.objects.get(pk=s.pk).status == "delisted"),
}


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PEOPLE[name]
        return make_user(name, role, code)

    return make


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", list(PEOPLE))
def test_action(person, web, name, case, owner):
    capability, setup, do, success, happened = CASES[case]
    obj = setup(owner)
    response = do(web(person(name)), obj)
    expected = expected_status(name, capability, owner, success)
    assert response.status_code == expected, (response.status_code, response.content.decode()[:1500])
    if happened is not None:
        assert happened(obj) is (expected == success)
    if expected == 404:
        assert label(owner) not in response.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", list(PEOPLE))
def test_service_filing_detail(person, web, api, name, owner):
    """A delisting filing and its service: seen in scope, 404 outside (page and API)."""
    filing = draft_delisting(owner)
    user = person(name)
    page = web(user).get(f"/filings/{filing.pk}/")
    expected = 200 if sees(name, owner) else 404
    assert page.status_code == expected
    assert (label(owner) in page.content.decode()) is (expected == 200)
    assert api(user).get(f"/api/v1/filings/{filing.pk}/").status_code == expected


@pytest.mark.parametrize("name", list(PEOPLE))
def test_list_filing_create(person, web, name):
    user = person(name)
    role, code = PEOPLE[name]
    page = web(user).get("/services/list-filings/new/")
    assert page.status_code == (200 if role in FILING_ROLES else 403)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", list(PEOPLE))
def test_list_filing_post(person, web, name, owner):
    svc = service(owner, status="planned", name=label(owner))
    user = person(name)
    role, _ = PEOPLE[name]
    response = web(user).post("/services/list-filings/new/",
                              {"owner_org": org(owner).pk, "period": "2026-Q4", "services": [svc.pk]})
    created = Filing.objects.filter(kind="service_list").exists()
    if role not in FILING_ROLES:
        assert response.status_code == 403
    elif may(name, "file", owner):
        assert response.status_code == 302, response.content.decode()[:1500]
    else:
        # The service and the org unit are not among the person's choices: refused, nothing saved.
        assert response.status_code == 400
    assert created is (response.status_code == 302)


def test_policy_table_is_not_trivial():
    people, owners = list(PEOPLE), OWNERS
    for capability in ("file", "record", "report"):
        outcomes = {expected_status(n, capability, o, 200) for n in people for o in owners}
        assert outcomes == {200, 403, 404}, (capability, outcomes)
    assert [o for o in owners if may("nanchang_submitter", "file", o)] == ["360100", "360102"]
    assert [o for o in owners if may("donghu_submitter", "report", o)] == ["360102"]
    assert all(may("operator_publisher", "report", o) for o in owners)
    assert not any(may("province_reviewer", c, o) for c in ("file", "record", "report") for o in owners)
