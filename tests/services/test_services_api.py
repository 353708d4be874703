"""The catalog over the API: /api/v1/services/services/, /api/v1/services/standards/, /api/v1/services/self-tests/."""

import pytest
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard
from testsupport import results

from services.models import SelfTestReport, Service, TechStandard

SELF_TESTS = "/api/v1/services/self-tests/"


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def catalog(db):
    return [
        ServiceFactory(owner_org=org("360102"), name="出生医学证明办理", code="360102-WJ-0001"),
        ServiceFactory(owner_org=org("360100"), name="住房公积金提取", code="360100-GJJ-0001", status="listed"),
        ServiceFactory(owner_org=org("360400"), name="船员证书查询", code="360400-JT-0001", category="query"),
    ]


# --- services -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "公积金"}, {"360100-GJJ-0001"}),
    ({"q": "wj-0001"}, {"360102-WJ-0001"}),
    ({"status": "listed"}, {"360100-GJJ-0001"}),
    ({"category": "query"}, {"360400-JT-0001"}),
    ({"org": "__nanchang__"}, {"360102-WJ-0001", "360100-GJJ-0001"}),
])
def test_service_filters(catalog, reviewer, api, params, expected):
    if params.get("org") == "__nanchang__":
        params = {"org": org("360100").pk}
    response = api(reviewer).get("/api/v1/services/services/", params)
    assert response.status_code == 200
    assert {row["code"] for row in results(response)} == expected


def test_service_ordering(catalog, reviewer, api):
    rows = results(api(reviewer).get("/api/v1/services/services/", {"ordering": "-code"}))
    assert [r["code"] for r in rows] == ["360400-JT-0001", "360102-WJ-0001", "360100-GJJ-0001"]


def test_service_representation(catalog, reviewer, api):
    std = make_standard("2.0")
    service = catalog[0]
    service.standard = std
    service.save()
    row = api(reviewer).get(f"/api/v1/services/services/{service.pk}/").json()
    assert {k: row[k] for k in ("code", "owner_org", "owner_org_name", "status", "standard", "category")} == {
        "code": "360102-WJ-0001", "owner_org": "360102", "owner_org_name": "东湖区", "status": "planned",
        "standard": "2.0", "category": "public_service"}


def test_create_ignores_the_status(db, donghu, api):
    response = api(donghu).post("/api/v1/services/services/", {
        "owner_org": "360102", "code": "360102-MZ-0001", "name": "高龄津贴申领", "status": "listed",
        "listed_at": "2020-01-01T00:00:00Z", "version": 7}, format="json")
    assert response.status_code == 201, response.content
    service = Service.objects.get(code="360102-MZ-0001")
    assert (service.status, service.listed_at, service.version) == ("planned", None, 1)


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"code": "360400-jt-0001"}, "code", "The service code “360400-jt-0001” is already used by another service."),
    ({"entry_url": "ftp://ganfutong.example.invalid/x"}, "entry_url",
     "Only http:// or https:// addresses are allowed."),
    ({"entry_url": "javascript:alert(1)"}, "entry_url", "Enter a valid URL."),
    ({"owner_org": "360100"}, "owner_org", "You cannot put a record outside your jurisdiction."),
    ({"name": ""}, "name", "This field may not be blank."),
])
def test_create_rejects_bad_input(catalog, donghu, api, english, payload, field, message):
    data = {"owner_org": "360102", "code": "360102-MZ-0001", "name": "高龄津贴申领", **payload}
    response = api(donghu, language="en").post("/api/v1/services/services/", data, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert Service.objects.count() == 3


def test_update_ignores_the_status(catalog, make_user, api):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    service = catalog[1]
    response = api(nanchang).patch(f"/api/v1/services/services/{service.pk}/", {
        "description": "全程网办", "status": "delisted", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    service.refresh_from_db()
    assert (service.description, service.status, service.version) == ("全程网办", "listed", 2)
    # The same code may be kept on update (it is "used" by this very service).
    response = api(nanchang).patch(f"/api/v1/services/services/{service.pk}/", {"code": service.code, "version": 2},
                                   format="json")
    assert response.status_code == 200


def test_no_delete(catalog, reviewer, donghu, api):
    for user in (reviewer, donghu):
        assert api(user).delete(f"/api/v1/services/services/{catalog[0].pk}/").status_code == 405
    assert Service.objects.count() == 3


# --- standards ----------------------------------------------------------------------------------------------------

def test_standards_list_with_items(db, reviewer, api):
    make_standard("1.0", items=("旧检查项",))
    make_standard("2.0", items=("甲", "乙"), optional=("丙",))
    rows = results(api(reviewer).get("/api/v1/services/standards/"))
    by_version = {r["version"]: r for r in rows}
    assert by_version["2.0"]["in_force"] is True and by_version["1.0"]["in_force"] is False
    assert [(i["order"], i["text"], i["required"]) for i in by_version["2.0"]["items"]] == [
        (1, "甲", True), (2, "乙", True), (3, "丙", False)]
    in_force = results(api(reviewer).get("/api/v1/services/standards/", {"in_force": "true"}))
    assert [r["version"] for r in in_force] == ["2.0"]


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"items": []}, "items", "A version needs at least one check item, and no empty item."),
    ({"items": [{"text": "甲"}, {"text": "甲"}]}, "items", "A check item is listed twice."),
    ({"version": "2.0"}, "version", "Version 2.0 already exists."),
])
def test_standard_create_rejects_bad_input(db, reviewer, api, english, payload, field, message):
    make_standard("2.0")
    data = {"version": "3.0", "title": "规范", "published_on": "2026-10-01", "items": [{"text": "甲"}], **payload}
    response = api(reviewer, language="en").post("/api/v1/services/standards/", data, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert TechStandard.objects.count() == 1


def test_standard_create_cannot_put_in_force(db, reviewer, api):
    current = make_standard("2.0")
    response = api(reviewer).post("/api/v1/services/standards/", {
        "version": "3.0", "title": "规范", "published_on": "2026-10-01", "in_force": True,
        "items": [{"text": "甲"}]}, format="json")
    assert response.status_code == 201
    assert response.json()["in_force"] is False
    assert TechStandard.current() == current


def test_activate_over_the_api(db, reviewer, api, english):
    old = make_standard("1.0")
    new = make_standard("2.0", in_force=False)
    response = api(reviewer).post(f"/api/v1/services/standards/{new.pk}/activate/")
    assert response.status_code == 200
    assert response.json()["in_force"] is True
    assert TechStandard.current() == new
    old.refresh_from_db()
    assert old.in_force is False
    empty = TechStandard.objects.create(version="9.9", title="空", published_on="2026-01-01")
    response = api(reviewer, language="en").post(f"/api/v1/services/standards/{empty.pk}/activate/")
    assert response.status_code == 400
    assert response.json()["detail"] == "A version without check items cannot be put in force."
    assert TechStandard.current() == new


# --- self-tests ---------------------------------------------------------------------------------------------------

@pytest.fixture
def standard(db):
    return make_standard("2.0", items=("统一身份认证接入", "个人信息脱敏展示"), optional=("办事指南完整",))


def payload(service, standard, **overrides):
    data = {"service": service.pk, "tested_on": "2026-03-01", "tester": "刘东湖", "summary": "",
            "results": [{"item": i.pk, "passed": True, "note": ""} for i in standard.items.all()]}
    data.update(overrides)
    return data


def test_selftest_create_computes_passed(catalog, standard, donghu, api):
    service = catalog[0]
    items = list(standard.items.all())
    data = payload(service, standard)
    data["results"][1] = {"item": items[1].pk, "passed": False, "note": "身份证号未脱敏"}
    response = api(donghu).post(SELF_TESTS, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["passed"], body["standard"], body["owner_org"], body["service_code"]) == (
        False, "2.0", "360102", "360102-WJ-0001")
    assert [(r["item_text"], r["passed"], r["note"]) for r in body["results"]] == [
        ("统一身份认证接入", True, ""), ("个人信息脱敏展示", False, "身份证号未脱敏"), ("办事指南完整", True, "")]
    report = SelfTestReport.objects.get()
    assert (report.passed, report.created_by) == (False, donghu)


def test_selftest_passed_records_the_standard_on_the_service(catalog, standard, donghu, api):
    service = catalog[0]
    response = api(donghu).post(SELF_TESTS, payload(service, standard), format="json")
    assert response.json()["passed"] is True
    service.refresh_from_db()
    assert service.standard == standard


def test_selftest_results_must_cover_the_checklist_exactly(catalog, standard, donghu, api, english):
    service = catalog[0]
    items = list(standard.items.all())
    old_item = make_standard("1.0", in_force=False, items=("旧检查项",)).items.get()
    cases = {
        "missing": payload(service, standard, results=[{"item": items[0].pk, "passed": True}]),
        "twice": payload(service, standard, results=[{"item": i.pk, "passed": True} for i in items + items[:1]]),
        "foreign": payload(service, standard, results=[{"item": i.pk, "passed": True} for i in items]
                           + [{"item": old_item.pk, "passed": True}]),
        "no note": payload(service, standard, results=[{"item": i.pk, "passed": i != items[0]} for i in items]),
    }
    expected = {
        "missing": f"Every checklist item needs a result; missing: {items[1].pk}, {items[2].pk}.",
        "twice": "An item is given more than once.",
        "foreign": f"Items {old_item.pk} are not in the checklist of the standard in force (2.0).",
        "no note": f"Item {items[0].pk} failed: say what failed in its note.",
    }
    client = api(donghu, language="en")
    for case, data in cases.items():
        response = client.post(SELF_TESTS, data, format="json")
        assert response.status_code == 400, case
        assert expected[case] in response.json()["results"], (case, response.json())
    assert not SelfTestReport.objects.exists()


def test_selftest_without_a_standard_in_force(catalog, donghu, api, english):
    std = make_standard("2.0", in_force=False)
    response = api(donghu, language="en").post(SELF_TESTS, payload(catalog[0], std), format="json")
    assert response.status_code == 400
    assert "No technical management standard is in force" in response.json()["non_field_errors"][0]
    assert not SelfTestReport.objects.exists()


def test_selftest_future_date(catalog, standard, donghu, api):
    response = api(donghu).post(SELF_TESTS, payload(catalog[0], standard, tested_on="2999-01-01"),
                                format="json")
    assert response.status_code == 400
    assert "tested_on" in response.json()


def test_selftest_filters(catalog, standard, reviewer, api):
    make_report(catalog[0], standard)
    make_report(catalog[1], standard, failed=("个人信息脱敏展示",))
    client = api(reviewer)
    assert [r["service"] for r in results(client.get(SELF_TESTS, {"passed": "false"}))] == [catalog[1].pk]
    assert [r["service"] for r in results(client.get(SELF_TESTS, {"service": catalog[0].pk}))] == [
        catalog[0].pk]
    rows = results(client.get(SELF_TESTS, {"org": org("360100").pk}))
    assert {r["service"] for r in rows} == {catalog[0].pk, catalog[1].pk}
