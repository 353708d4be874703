"""Accountability (第二十六条): who sees and records what (person × owner from docs/roles.md), links to records of
any chapter by content type, edits with the version (409 when stale), bad input 400 with Chinese field messages."""

from datetime import timedelta

import pytest
import rolepolicy
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_supervision import ago, rectification, run, work_order
from rolepolicy import READING_ROLES
from testsupport import PEOPLE

from supervision.accountability.models import AccountabilityRecord
from supervision.alerts.models import Alert

pytestmark = pytest.mark.django_db
PERSONS = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
OWNERS = ("360100", "360102", "360400", "360402", "D3601", "OP3601")
SCOPE = rolepolicy.POLICY.scope_of_kind(("supervision",))


def sees(person, owner):
    role, code = PERSONS[person]
    if role not in READING_ROLES:
        return False
    return role in rolepolicy.ROLES_SEEING_ALL or rolepolicy.within(SCOPE[rolepolicy.KIND[code]], code, owner)


def records_by_person(person):
    return PERSONS[person][0] == "supervisor"


def label(owner):
    return f"MTX-ACC-{owner}"


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def cases():
    return {owner: AccountabilityRecord.objects.create(
        case_number=f"ZR-{owner}", title=label(owner), owner_org=org(owner), persons="张某（科长）",
        facts="整改逾期且未说明原因", basis="《办法》第二十六条", decision="约谈并通报批评",
        decided_on=timezone.localdate()) for owner in OWNERS}


@pytest.mark.parametrize("name", list(PERSONS))
def test_list_page_api_and_export(cases, person, web, api, name):
    user = person(name)
    page = web(user).get(reverse("supervision:accountability-list"))
    listing = api(user).get("/api/v1/supervision/accountability/", {"page_size": 200})
    if PERSONS[name][0] not in READING_ROLES:
        assert (page.status_code, listing.status_code) == (403, 403)
        return
    body = page.content.decode()
    titles = {r["title"] for r in listing.json()["results"]}
    for owner in OWNERS:
        assert (label(owner) in body) == sees(name, owner), owner
        assert (label(owner) in titles) == sees(name, owner), owner
    export = web(user).get(reverse("supervision:accountability-list"), {"export": "xlsx"})
    assert export.status_code == 200


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", list(PERSONS))
def test_detail_and_edit(cases, person, web, api, name, owner):
    user = person(name)
    case = cases[owner]
    expected = 200 if sees(name, owner) else 404
    assert web(user).get(reverse("supervision:accountability-detail", args=[case.pk])).status_code == expected
    assert api(user).get(f"/api/v1/supervision/accountability/{case.pk}/").status_code == expected
    patched = api(user).patch(f"/api/v1/supervision/accountability/{case.pk}/",
                              {"decision": "诫勉谈话", "version": case.version}, format="json")
    case.refresh_from_db()
    if records_by_person(name):
        assert patched.status_code == 200 and case.decision == "诫勉谈话" and case.version == 2
    else:
        assert patched.status_code in (403, 404) and case.decision == "约谈并通报批评"
        assert patched.status_code == 404 or sees(name, owner)


@pytest.mark.parametrize("name", list(PERSONS))
def test_only_supervisors_create(person, web, api, name):
    user = person(name)
    response = api(user).post("/api/v1/supervision/accountability/", {
        "case_number": f"ZR-NEW-{name}", "title": "新案", "owner_org": "360102", "persons": "李某",
        "facts": "事实", "basis": "第二十六条", "decision": "通报", "decided_on": "2026-11-30"}, format="json")
    page = web(user).get(reverse("supervision:accountability-create"))
    if records_by_person(name):
        assert response.status_code == 201 and page.status_code == 200
        assert AccountabilityRecord.objects.get(case_number=f"ZR-NEW-{name}").created_by == user
    else:
        assert response.status_code == 403 and page.status_code == 403
        assert not AccountabilityRecord.objects.exists()


def test_bad_input_and_stale_version(cases, person, api, web):
    client = api(person("province_supervisor"))
    bad = client.post("/api/v1/supervision/accountability/", {"case_number": "ZR-360100", "title": "",
                                                              "owner_org": "NOPE"}, format="json")
    assert bad.status_code == 400
    errors = bad.json()
    assert errors["title"] == ["此项不能为空。"] and "decided_on" in errors and "case_number" in errors
    case = cases["360102"]
    stale = client.patch(f"/api/v1/supervision/accountability/{case.pk}/", {"decision": "x", "version": 7},
                         format="json")
    assert stale.status_code == 409
    page = web(person("province_supervisor")).post(reverse("supervision:accountability-edit", args=[case.pk]), {
        "case_number": case.case_number, "title": case.title, "owner_org": case.owner_org_id, "persons": "张某",
        "facts": "f", "basis": "b", "decision": "改", "decided_on": "2026-11-30", "version": 5})
    assert page.status_code == 409
    case.refresh_from_db()
    assert case.decision == "约谈并通报批评"


def test_links_to_records_of_any_chapter(cases, person, api, web):
    rectification(due=ago(days=1))
    wo = work_order(due=ago(hours=3))
    run()
    alert = Alert.objects.get(rule="supervision.rectification_overdue")
    case = cases["360102"]
    sup = api(person("province_supervisor"))
    url = f"/api/v1/supervision/accountability/{case.pk}/links/"
    first = sup.post(url, {"target_type": "supervision.alert", "target_id": alert.pk}, format="json")
    assert first.status_code == 200
    second = sup.post(url, {"target_type": "maintenance.workorder", "target_id": wo.pk}, format="json")
    again = sup.post(url, {"target_type": "maintenance.workorder", "target_id": wo.pk}, format="json")
    assert second.status_code == again.status_code == 200
    assert [(link["target_type"], link["target_id"]) for link in again.json()["links"]] == [
        ("supervision.alert", alert.pk), ("maintenance.workorder", wo.pk)]
    missing = sup.post(url, {"target_type": "maintenance.workorder", "target_id": 999999}, format="json")
    assert missing.status_code == 400 and missing.json()["target_id"] == ["您的管辖范围内没有该记录。"]
    unknown = sup.post(url, {"target_type": "auth.user", "target_id": 1}, format="json")
    assert unknown.status_code == 400 and "target_type" in unknown.json()
    # The org unit concerned sees the case and what is behind it; it links nothing.
    donghu = person("donghu_submitter")
    page = web(donghu).get(reverse("supervision:accountability-detail", args=[case.pk]))
    assert alert.source_label in page.content.decode() and 'id="link-form"' not in page.content.decode()
    assert api(donghu).post(url, {"target_type": "supervision.alert", "target_id": alert.pk},
                            format="json").status_code == 403
    # Through the page as well.
    linked = web(person("province_supervisor")).post(reverse("supervision:accountability-link", args=[
        cases["360100"].pk]), {"target_type": "supervision.alert", "target_id": alert.pk})
    assert linked.status_code == 302 and cases["360100"].links.count() == 1
    assert timezone.now() - cases["360100"].links.get().created_at < timedelta(minutes=1)
