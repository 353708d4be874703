"""The data-security register over the API and pages (bad input in Chinese, a stale version), its supervision rule
and evaluation indicator (declared through the chapter contract, computed in SQL), and its demo data."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_security import COMPLETE, register, service

from ganfutong_admin.core import chapters
from security.register.models import DataSecurityRegister

pytestmark = pytest.mark.django_db
URL = "/api/v1/security/data-register/"


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def test_bad_input_is_400_with_chinese_messages_per_field(donghu, api):
    svc = service("360102")
    response = api(donghu).post(URL, {"service": svc.pk, **COMPLETE, "personal_data": ["name", "blood_type"],
                                      "retention_months": 0}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"personal_data", "retention_months"}
    assert "不是合法选项" in str(body["personal_data"]) and "至少一个月" in str(body["retention_months"])
    both = api(donghu).post(URL, {"service": svc.pk, **COMPLETE, "no_personal_data": True}, format="json")
    assert both.status_code == 400 and "不能同时" in str(both.json()["no_personal_data"])
    assert not DataSecurityRegister.objects.exists()


def test_one_entry_per_service(donghu, api):
    svc = service("360102")
    assert api(donghu).post(URL, {"service": svc.pk, **COMPLETE}, format="json").status_code == 201
    again = api(donghu).post(URL, {"service": svc.pk, **COMPLETE}, format="json")
    assert again.status_code == 400 and set(again.json()) == {"service"}
    assert DataSecurityRegister.objects.filter(service=svc).count() == 1


def test_an_api_edit_needs_the_version_and_a_stale_one_is_409(donghu, api):
    entry = register(owner_code="360102", complete=False)
    client = api(donghu)
    assert client.patch(f"{URL}{entry.pk}/", {"retention_months": 12}, format="json").status_code == 400
    assert client.patch(f"{URL}{entry.pk}/", {"retention_months": 12, "version": 1}, format="json").status_code == 200
    stale = client.patch(f"{URL}{entry.pk}/", {"retention_months": 99, "version": 1}, format="json")
    assert stale.status_code == 409
    entry.refresh_from_db()
    assert (entry.retention_months, entry.version) == (12, 2)


def test_a_stale_page_edit_keeps_what_was_typed_and_says_why(donghu, web):
    entry = register(owner_code="360102", complete=False)
    DataSecurityRegister.objects.filter(pk=entry.pk).update(version=2)
    response = web(donghu).post(reverse("security:register-edit", args=[entry.pk]),
                                {**COMPLETE, "consent_method": "我刚输入的授权方式", "version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "我刚输入的授权方式" in page and "版本" in page
    entry.refresh_from_db()
    assert not entry.complete


def test_an_invalid_page_form_is_400_in_chinese(donghu, web):
    svc = service("360102")
    response = web(donghu).post(reverse("security:register-create"),
                                {"service": svc.pk, **COMPLETE, "no_personal_data": "on"})
    assert response.status_code == 400
    assert "不能同时" in response.content.decode()
    assert not DataSecurityRegister.objects.exists()


def test_the_declaration_is_signed_by_who_made_it(donghu, web):
    svc = service("360102")
    web(donghu).post(reverse("security:register-create"), {"service": svc.pk, **COMPLETE})
    entry = DataSecurityRegister.objects.get(service=svc)
    assert entry.declared_by == donghu and entry.declared_at is not None and entry.complete


# --- supervision ------------------------------------------------------------------------------------------------

def rule(code):
    return next(r for r in chapters.supervision_rules() if r.code == code)


def indicator(code):
    return next(i for i in chapters.evaluation_indicators() if i.code == code)


def test_the_rule_names_listed_services_with_a_missing_or_incomplete_entry():
    listed_at = timezone.now() - timezone.timedelta(days=3)
    complete = register(service("360102", status="listed", listed_at=listed_at))
    incomplete = register(service("360102", status="listed", listed_at=listed_at), complete=False)
    bare = service("360400", status="listed", listed_at=listed_at)
    register(service("360102", status="planned"), complete=False)  # not listed: not a breach yet
    found = rule("security.register_incomplete")
    assert found.article == "第二十一条"
    rows = {row["pk"]: row for row in found.query(timezone.now()).values("pk", "owner_org_id", "breach_started_at")}
    assert set(rows) == {incomplete.service_id, bare.pk}
    assert rows[bare.pk]["owner_org_id"] == org("360400").pk and rows[bare.pk]["breach_started_at"] == listed_at
    assert complete.service_id not in rows


def test_the_indicator_is_the_share_of_listed_services_with_a_complete_entry():
    for complete in (True, True, False):
        register(service("360102", status="listed"), complete=complete)
    service("360102", status="listed")
    register(service("360400", status="listed"))
    measure = indicator("security.register_completeness")
    assert measure.kind == "rate"
    today = timezone.localdate()
    result = measure.measure([org("360102").pk, org("360400").pk, org("D3601").pk], today, today)
    assert result == {org("360102").pk: 0.5, org("360400").pk: 1.0}


# --- demo ---------------------------------------------------------------------------------------------------------

def test_demo_seeds_the_register_the_listing_stories_and_incidents_and_twice_changes_nothing():
    from ganfutong_admin.workflow.models import Filing

    call_command("seed_demo", verbosity=0)
    entries = DataSecurityRegister.objects.count()
    assert entries >= 10
    assert DataSecurityRegister.objects.filter(complete=False).exists()
    # the services demo's approved listing went through the register guard
    assert Filing.objects.get(title="居住证申领上架报备").status == "approved"
    assert Filing.objects.get(title="南昌市个体工商户设立登记上架报备").status == "submitted"
    breaches = set(rule("security.register_incomplete").query(timezone.now()).values_list("code", flat=True))
    assert {"360100-JT-0002", "360400-GJJ-0002"} <= breaches
    # security incidents: a 重大 one with its plan, the province told and a draft announcement; one reviewed
    from security.incidents.models import SecurityIncident

    major = SecurityIncident.objects.get(severity="major")
    assert major.plan_name and major.announcement_id and major.status == "handling"
    assert set(SecurityIncident.objects.values_list("status", flat=True)) == {
        "handling", "reviewed", "contained", "reported"}
    assert SecurityIncident.objects.reported_late().count() == 1
    filings, incidents = Filing.objects.count(), SecurityIncident.objects.count()
    call_command("seed_demo", verbosity=0)
    assert (DataSecurityRegister.objects.count(), Filing.objects.count(), SecurityIncident.objects.count()) == (
        entries, filings, incidents)
