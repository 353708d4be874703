"""A listed service's name, code and entry URL change only through an approved update filing (第十一条), never by a
direct edit: not over the API (PATCH/PUT), not on the edit page. The update filing carries the new values and the
approval applies them (issue 11, point 2: the entry URL is what the availability monitor calls)."""

import pytest
from factories_filings import change_filing, service
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from services.models import Service, ServiceChangeFiling

pytestmark = pytest.mark.django_db

INTERNAL = "http://127.0.0.1:22/"
FILING_ONLY = "只能通过已批准的更新报备"


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def listed():
    return service("360102", status="listed", name="社保查询", code="360102-SB-0001",
                   entry_url="https://sb.example.gov.cn/")


def url(svc):
    return f"/api/v1/services/services/{svc.pk}/"


@pytest.mark.parametrize("change", [{"entry_url": INTERNAL}, {"code": "360102-SB-9999"}, {"name": "改名"}])
def test_api_patch_of_a_filed_field_of_a_listed_service_is_refused(api, donghu, listed, change):
    response = api(donghu).patch(url(listed), {**change, "version": 1}, format="json")
    assert response.status_code == 400
    (field,) = change
    assert FILING_ONLY in response.json()[field][0]
    fresh = Service.objects.get(pk=listed.pk)
    assert (fresh.name, fresh.code, fresh.entry_url, fresh.version) == (
        "社保查询", "360102-SB-0001", "https://sb.example.gov.cn/", 1)


def test_api_put_may_repeat_the_filed_fields_and_change_the_others(api, donghu, listed):
    body = {"code": listed.code, "name": listed.name, "owner_org": "360102", "entry_url": listed.entry_url,
            "category": "query", "zone": "", "description": "新的说明", "version": 1}
    response = api(donghu).put(url(listed), body, format="json")
    assert response.status_code == 200, response.content
    assert Service.objects.get(pk=listed.pk).description == "新的说明"
    response = api(donghu).put(url(listed), {**body, "entry_url": INTERNAL, "version": 2}, format="json")
    assert response.status_code == 400 and "entry_url" in response.json()
    assert Service.objects.get(pk=listed.pk).entry_url == "https://sb.example.gov.cn/"


def test_a_planned_service_is_still_edited_directly(api, donghu):
    planned = service("360102", status="planned", entry_url="https://old.example.gov.cn/")
    response = api(donghu).patch(url(planned), {"entry_url": "https://new.example.gov.cn/", "name": "新名称",
                                                "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert Service.objects.get(pk=planned.pk).entry_url == "https://new.example.gov.cn/"


def form_data(svc, **changes):
    return {"owner_org": svc.owner_org_id, "name": svc.name, "code": svc.code, "zone": "", "category": svc.category,
            "entry_url": svc.entry_url, "description": svc.description, "version": svc.version, **changes}


def test_the_edit_page_shows_the_filed_fields_locked_and_refuses_a_posted_change(web, donghu, listed):
    client = web(donghu)
    page = client.get(f"/services/{listed.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    assert all(form.fields[name].disabled for name in ("name", "code", "entry_url"))
    response = client.post(f"/services/{listed.pk}/edit/", form_data(listed, entry_url=INTERNAL))
    assert response.status_code == 400
    assert FILING_ONLY in response.content.decode()
    assert Service.objects.get(pk=listed.pk).entry_url == "https://sb.example.gov.cn/"
    # The other fields are still edited on the page (a browser does not post the disabled ones).
    data = form_data(listed, description="办事指南更新")
    for name in ("name", "code", "entry_url"):
        data.pop(name)
    assert client.post(f"/services/{listed.pk}/edit/", data).status_code == 302
    fresh = Service.objects.get(pk=listed.pk)
    assert (fresh.description, fresh.entry_url) == ("办事指南更新", "https://sb.example.gov.cn/")


def test_an_approved_update_filing_applies_the_new_values(web, donghu, reviewer, listed):
    response = web(donghu).post("/services/change-filings/new/?kind=service_update", {
        "service": listed.pk, "description": "入口迁移到新域名", "new_entry_url": "https://sb2.example.gov.cn/",
        "new_name": "社保查询（新版）"})
    assert response.status_code == 302
    details = ServiceChangeFiling.objects.get(service=listed, change="update")
    filing = details.filing
    page = web(donghu).get(f"/filings/{filing.pk}/")
    assert "https://sb2.example.gov.cn/" in page.content.decode()
    # Submitting changes nothing yet; only the approval does.
    submitted = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
    assert Service.objects.get(pk=listed.pk).entry_url == "https://sb.example.gov.cn/"
    engine.perform(Filing, filing.pk, "approve", reviewer, submitted.version)
    fresh = Service.objects.get(pk=listed.pk)
    assert (fresh.name, fresh.code, fresh.entry_url, fresh.version) == (
        "社保查询（新版）", "360102-SB-0001", "https://sb2.example.gov.cn/", 2)
    assert ServiceChangeFiling.objects.get(pk=details.pk).carried_out_at is not None


def test_a_rejected_update_filing_changes_nothing(donghu, reviewer, listed):
    filing, details = change_filing(listed, "update", status="draft", user=donghu)
    details.new_entry_url = "https://sb3.example.gov.cn/"
    details.save()
    submitted = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
    engine.perform(Filing, filing.pk, "reject", reviewer, submitted.version, "入口地址未经测试")
    assert Service.objects.get(pk=listed.pk).entry_url == "https://sb.example.gov.cn/"


def test_a_new_code_taken_meanwhile_refuses_the_approval(donghu, reviewer, listed):
    filing, details = change_filing(listed, "update", status="draft", user=donghu)
    details.new_code = "360102-SB-0002"
    details.save()
    submitted = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)
    service("360102", status="planned", code="360102-SB-0002")
    with pytest.raises(engine.TransitionError):
        engine.perform(Filing, filing.pk, "approve", reviewer, submitted.version)
    assert Service.objects.get(pk=listed.pk).code == "360102-SB-0001"


def test_the_update_form_refuses_a_taken_code_and_a_non_web_address(web, donghu, listed):
    service("360102", status="planned", code="360102-SB-0003")
    response = web(donghu).post("/services/change-filings/new/?kind=service_update", {
        "service": listed.pk, "description": "换编码", "new_code": "360102-sb-0003", "new_entry_url": "ftp://x.cn/"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"new_code", "new_entry_url"}
    assert not ServiceChangeFiling.objects.filter(service=listed).exists()


def test_a_service_ready_to_list_keeps_what_its_listing_filing_was_approved_with(api, donghu):
    ready = service("360102", status="ready", entry_url="https://ready.example.gov.cn/")
    response = api(donghu).patch(url(ready), {"entry_url": INTERNAL, "version": 1}, format="json")
    assert response.status_code == 400
    assert "上架报备" in response.json()["entry_url"][0]
    assert Service.objects.get(pk=ready.pk).entry_url == "https://ready.example.gov.cn/"
    assert api(donghu).patch(url(ready), {"description": "补充说明", "version": 1}, format="json").status_code == 200


def test_the_reviewer_sees_the_entry_url_and_the_new_values_on_the_filing(web, reviewer, donghu, listed):
    filing, details = change_filing(listed, "update", status="submitted", user=donghu)
    details.new_entry_url = "https://sb4.example.gov.cn/"
    details.save()
    html = web(reviewer).get(f"/filings/{filing.pk}/").content.decode()
    assert 'data-field="entry_url"' in html and "https://sb.example.gov.cn/" in html
    assert "https://sb4.example.gov.cn/" in html


def test_the_demo_update_filings_carry_new_values_on_unreachable_addresses(db, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    carried = ServiceChangeFiling.objects.filter(change="update").exclude(new_name="", new_entry_url="")
    assert carried.count() >= 1
    assert all(d.new_entry_url == "" or ".invalid/" in d.new_entry_url for d in carried)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_direct_edit_at_once_lose_neither(make_user, django_db_serialized_rollback):
    """The approval applies the new entry URL under the row lock and bumps the version; a direct edit that read
    the service before is then a stale edit (409), one that got the lock first keeps its description and the
    approval still applies the entry URL. Never an edit that writes the old entry URL back."""
    from rest_framework.test import APIClient

    donghu = make_user("donghu_submitter", "submitter", "360102")
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    svc = service("360102", status="listed", entry_url="https://sb.example.gov.cn/")
    filing, details = change_filing(svc, "update", status="draft", user=donghu)
    details.new_entry_url = "https://sb5.example.gov.cn/"
    details.save()
    submitted = engine.perform(Filing, filing.pk, "submit", donghu, filing.version)

    def approve():
        return engine.perform(Filing, filing.pk, "approve", reviewer, submitted.version).status

    def edit():
        client = APIClient()
        client.force_authenticate(donghu)
        body = {"code": svc.code, "name": svc.name, "owner_org": "360102", "entry_url": svc.entry_url,
                "category": svc.category, "zone": "", "description": "同时编辑", "version": 1}
        return client.put(url(svc), body, format="json").status_code

    approved, edited = run_at_once([approve, edit])
    assert approved == "approved"
    fresh = Service.objects.get(pk=svc.pk)
    assert fresh.entry_url == "https://sb5.example.gov.cn/"
    assert edited in (200, 409)
    assert fresh.description == ("同时编辑" if edited == 200 else "")


def test_the_admin_shows_the_filed_fields_of_a_listed_service_read_only(rf, listed):
    from django.contrib.admin.sites import site

    admin = site._registry[Service]
    request = rf.get("/")
    assert {"name", "code", "entry_url"} <= set(admin.get_readonly_fields(request, listed))
    planned = service("360102", status="planned")
    assert "entry_url" not in admin.get_readonly_fields(request, planned)
