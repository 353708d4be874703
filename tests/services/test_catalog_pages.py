"""The service catalog pages (第十条): list with filters and sorting, detail, create and edit."""

from io import BytesIO

import pytest
from django.urls import reverse
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard
from openpyxl import load_workbook

from ganfutong_admin.workflow.models import Filing
from services import forms as service_forms
from services.models import ChangeKind, Service, ServiceChangeFiling, ServiceListFiling

LIST = reverse("services:service-list")


@pytest.fixture
def catalog(db):
    return {
        "birth": ServiceFactory(owner_org=org("360102"), name="出生医学证明办理", code="360102-WJ-0001"),
        "fund": ServiceFactory(owner_org=org("360100"), name="住房公积金提取", code="360100-GJJ-0001",
                               status="listed"),
        "ship": ServiceFactory(owner_org=org("360400"), name="船员证书查询", code="360400-JT-0001", category="query"),
        "police": ServiceFactory(owner_org=org("D3601"), name="户口迁移网上办理", code="D3601-HZ-0001",
                                 zone="公安专区", status="ready", category="administrative"),
    }


def listed_names(response):
    return [s.name for s in response.context["object_list"]]


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


# --- list -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "公积金"}, {"住房公积金提取"}),
    ({"q": "d3601-hz"}, {"户口迁移网上办理"}),  # the code, case-insensitive
    ({"status": "listed"}, {"住房公积金提取"}),
    ({"status": "ready"}, {"户口迁移网上办理"}),
    ({"category": "query"}, {"船员证书查询"}),
    ({"q": "  "}, {"出生医学证明办理", "住房公积金提取", "船员证书查询", "户口迁移网上办理"}),
])
def test_list_filters(catalog, reviewer, web, params, expected):
    response = web(reviewer).get(LIST, params)
    assert response.status_code == 200
    assert set(listed_names(response)) == expected


def test_org_filter_includes_the_subtree(catalog, reviewer, web):
    nanchang = org("360100")
    response = web(reviewer).get(LIST, {"org": nanchang.pk})
    assert set(listed_names(response)) == {"出生医学证明办理", "住房公积金提取"}  # 南昌市 and 东湖区 below it
    response = web(reviewer).get(LIST, {"org": org("360102").pk})
    assert listed_names(response) == ["出生医学证明办理"]


def test_list_sorting_is_whitelisted(catalog, reviewer, web):
    client = web(reviewer)
    assert listed_names(client.get(LIST, {"sort": "code"})) == [
        "住房公积金提取", "出生医学证明办理", "船员证书查询", "户口迁移网上办理"]
    assert listed_names(client.get(LIST, {"sort": "-code"}))[0] == "户口迁移网上办理"
    # An unknown sort key falls back to the default order (org unit path, then code) instead of failing.
    response = client.get(LIST, {"sort": "created_by__password"})
    assert response.status_code == 200
    assert listed_names(response) == [s.name for s in Service.objects.order_by("owner_org__path", "code")]


def test_list_shows_actions_by_permission(catalog, make_user, web):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    content = web(submitter).get(LIST).content.decode()
    assert 'id="add-service"' in content and 'id="import-services"' in content
    content = web(make_user("auditor", "auditor", "360402")).get(LIST).content.decode()
    assert 'id="add-service"' not in content and 'id="import-services"' not in content
    assert 'id="export-xlsx"' in content


def test_export_has_the_catalog_columns(catalog, reviewer, web, english):
    response = web(reviewer, language="en").get(LIST, {"export": "xlsx", "status": "ready"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one filtered row
    assert rows[1][:6] == ("D3601-HZ-0001", "户口迁移网上办理", "江西省公安厅", "D3601", "公安专区",
                           "Administrative power matter")
    assert rows[0][:3] == ("Service code", "Name", "Org unit")
    assert rows[1][6:8] == ("Ready to list", catalog["police"].entry_url)


# --- detail -----------------------------------------------------------------------------------------------------

def test_detail_shows_self_tests_latest_first_and_the_filings(catalog, make_user, web):
    from datetime import date

    service = catalog["birth"]
    std = make_standard("2.0")
    older = make_report(service, std, failed=("个人信息脱敏展示",), tested_on=date(2026, 3, 1))
    newer = make_report(service, std, tested_on=date(2026, 4, 1))
    other_service = catalog["fund"]
    filing = Filing.objects.create(kind="service_listing", owner_org=service.owner_org, title="出生医学证明上架报备")
    ServiceChangeFiling.objects.create(filing=filing, service=service, change=ChangeKind.LISTING, description="上架")
    list_filing = Filing.objects.create(kind="service_list", owner_org=service.owner_org, title="东湖区2026年上架清单")
    ServiceListFiling.objects.create(filing=list_filing, period="2026").services.set([service])
    unrelated = Filing.objects.create(kind="service_listing", owner_org=other_service.owner_org, title="公积金上架报备")
    ServiceChangeFiling.objects.create(filing=unrelated, service=other_service, change=ChangeKind.LISTING,
                                       description="上架")

    user = make_user("donghu_submitter", "submitter", "360102")
    response = web(user).get(reverse("services:service-detail", args=[service.pk]))
    assert response.status_code == 200
    assert [t.pk for t in response.context["self_tests"]] == [newer.pk, older.pk]
    assert [t.passed for t in response.context["self_tests"]] == [True, False]
    assert {f.title for f in response.context["filings"]} == {"出生医学证明上架报备", "东湖区2026年上架清单"}
    content = response.content.decode()
    assert "公积金上架报备" not in content
    assert 'id="new-selftest"' in content
    assert response.context["service_transitions"] == []  # a planned service: nothing for a submitter to do here


def test_detail_without_a_standard_in_force_says_so(catalog, make_user, web):
    user = make_user("donghu_submitter", "submitter", "360102")
    content = web(user).get(reverse("services:service-detail", args=[catalog["birth"].pk])).content.decode()
    assert 'id="no-standard-note"' in content
    assert 'id="new-selftest"' not in content


def test_detail_offers_the_publisher_the_listing(catalog, make_user, web):
    publisher = make_user("operator_publisher", "publisher", "OP3601")
    response = web(publisher).get(reverse("services:service-detail", args=[catalog["police"].pk]))
    assert [t.action for t in response.context["service_transitions"]] == ["record_listing"]
    assert 'id="edit-service"' not in response.content.decode()


# --- create and edit --------------------------------------------------------------------------------------------

def form_data(**overrides):
    data = {"owner_org": org("360102").pk, "name": "高龄津贴申领", "code": "360102-MZ-0002", "zone": "",
            "category": "administrative", "entry_url": "https://ganfutong.example.invalid/donghu/elderly",
            "description": "年满80周岁老人申领高龄津贴"}
    data.update(overrides)
    return data


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def test_create_service(db, donghu, web):
    response = web(donghu).post(reverse("services:service-create"), form_data(status="listed"))
    service = Service.objects.get(code="360102-MZ-0002")
    assert response.status_code == 302
    assert response["Location"] == reverse("services:service-detail", args=[service.pk])
    # The status is not a form field: a posted "listed" is ignored.
    assert (service.status, service.owner_org.code, service.created_by) == ("planned", "360102", donghu)
    assert service.history.count() == 1


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"entry_url": "ftp://ganfutong.example.invalid/x"}, "entry_url", "Only http:// or https:// addresses"),
    ({"entry_url": "javascript:alert(1)"}, "entry_url", "Enter a valid URL"),
    ({"name": "   "}, "name", "This field is required"),
    ({"code": ""}, "code", "This field is required"),
    ({"owner_org": "", "name": "x"}, "owner_org", "This field is required"),
])
def test_create_rejects_bad_input(db, donghu, web, english, overrides, field, message):
    response = web(donghu, language="en").post(reverse("services:service-create"), form_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Service.objects.exists()


def test_code_must_be_unique_with_a_clear_message(catalog, donghu, web, english):
    response = web(donghu, language="en").post(reverse("services:service-create"), form_data(code="360400-jt-0001"))
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "The service code “360400-jt-0001” is already used by another service."]
    assert "船员证书查询" not in response.content.decode()  # another unit's service is not named


def test_owner_outside_the_jurisdiction_is_not_offered(db, donghu, web):
    response = web(donghu).post(reverse("services:service-create"), form_data(owner_org=org("360100").pk))
    assert response.status_code == 400
    assert "owner_org" in response.context["form"].errors
    assert not Service.objects.exists()


def test_saved_record_must_stay_in_scope_even_if_the_choices_were_wider(db, donghu, web, monkeypatch, english):
    """The re-check after saving is a second line of defence: with a too-wide owner list it still refuses."""
    from ganfutong_admin.orgs.models import OrgUnit

    monkeypatch.setattr(service_forms, "org_units_for", lambda user, model, action: OrgUnit.objects.all())
    response = web(donghu, language="en").post(reverse("services:service-create"),
                                                form_data(owner_org=org("360400").pk))
    assert response.status_code == 400
    assert response.context["form"].errors["owner_org"] == ["You cannot put a record outside your jurisdiction."]
    assert not Service.objects.exists()


def test_edit_keeps_the_status_and_the_dates(catalog, make_user, web):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    service = catalog["fund"]
    listed_at = service.listed_at
    # A listed service: its name, code and entry URL stay as they are (they change through an update filing).
    response = web(nanchang).post(reverse("services:service-edit", args=[service.pk]), form_data(
        owner_org=org("360100").pk, name=service.name, code=service.code, entry_url=service.entry_url,
        description="全程网办", status="delisted", listed_at="2020-01-01", version=service.version))
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.description, service.status, service.listed_at, service.version) == (
        "全程网办", "listed", listed_at, 2)


def test_city_moves_a_service_to_its_county_but_not_elsewhere(catalog, make_user, web):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    service = catalog["fund"]
    url = reverse("services:service-edit", args=[service.pk])
    client = web(nanchang)
    same = {"code": service.code, "name": service.name, "entry_url": service.entry_url, "version": 1}
    response = client.post(url, form_data(owner_org=org("360400").pk, **same))
    assert response.status_code == 400
    service.refresh_from_db()
    assert service.owner_org.code == "360100"
    response = client.post(url, form_data(owner_org=org("360102").pk, **same))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.owner_org.code == "360102"


def test_edit_form_does_not_offer_the_status(catalog, donghu, web):
    response = web(donghu).get(reverse("services:service-edit", args=[catalog["birth"].pk]))
    assert response.status_code == 200
    assert "status" not in response.context["form"].fields
    assert 'name="status"' not in response.content.decode()
