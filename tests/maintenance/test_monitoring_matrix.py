"""Role x scope matrix of availability monitoring (第十七条): AvailabilityAnomaly, UptimeDay (and the raw results
behind it), the dashboard, the per-service page, "probe now" and every API endpoint. Generated.

The expected outcome of every case comes from the policy table below, written from ROLES.md, never from
`visible_to()` itself:
- every role that reads maintenance records (submitter, org admin, reviewer, supervisor, publisher, auditor)
  sees anomalies and uptime of the services in its scope: a city its own and its counties', a county and a
  department their own; the provincial authority, the operator ("every record of ... maintenance") and
  auditors everything; the three system roles nothing (403 on lists, 404 on records);
- the owner of a service (its submitters and org admins, within their subtree) and the operator's publishers
  acknowledge an anomaly ("answer ... assigned to its org unit"; "publisher | operator | ... monitoring");
- only publishers (monitoring) resolve anomalies by hand and probe services now; a publisher outside the operator
  (the table adds one in a city) does so within its own subtree;
- nobody creates or edits anomalies or uptime: the monitor does (405 on the API).
Where the record is visible but the action is not the person's: 403; where it is not visible: 404.
"""

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_monitoring import ListedServiceFactory, add_results, make_anomaly, make_day
from rolepolicy import KIND, READING_ROLES, SCOPE_OF_KIND, in_own_subtree
from testsupport import PEOPLE, results

from maintenance.monitoring import runs
from maintenance.monitoring.models import AvailabilityAnomaly, ProbeResult, UptimeDay
from maintenance.monitoring.probe import ProbeOutcome

# --- the policy, from ROLES.md ----------------------------------------------------------------------------

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100"), "nanchang_publisher": ("publisher", "360100")}
PERSONS = list(PERSONS_TABLE)

OWNERS = ["360100", "360102", "360400", "360402", "D3601"]
ACKNOWLEDGING_ROLES = {"submitter", "org_admin", "publisher"}
MONITORING_ROLES = {"publisher"}  # resolve by hand, probe now


def role_of(person):
    return PERSONS_TABLE[person][0]


def reads(person):
    return role_of(person) in READING_ROLES


def sees(person, owner_code):
    return rolepolicy.sees(PERSONS_TABLE, person, owner_code)


def acts(person, owner_code, roles):
    role, code = PERSONS_TABLE[person]
    if role not in roles:
        return False
    return SCOPE_OF_KIND[KIND[code]] == "all" or in_own_subtree(code, owner_code)


def acknowledges(person, owner_code):
    return acts(person, owner_code, ACKNOWLEDGING_ROLES)


def monitors(person, owner_code):
    return acts(person, owner_code, MONITORING_ROLES)


def label(owner_code):
    return f"MTX-MON-{owner_code}"


# --- fixtures -----------------------------------------------------------------------------------------------

@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def records(db):
    """Per owner: a listed service with checks, a day of uptime and an unhandled anomaly."""
    from django.utils import timezone

    made = {}
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    for code in OWNERS:
        service = ListedServiceFactory(owner_org=org(code), name=label(code), code=label(code))
        add_results(service, "++---")
        made["service", code] = service
        made["day", code] = make_day(service, yesterday, checks=288, successes=280)
        made["anomaly", code] = make_anomaly(service)
    return made


def _names(rows, key):
    return {row[key] for row in rows}


# --- lists (API and pages) -------------------------------------------------------------------------------------

API_LISTS = {
    "anomalies": ("/api/v1/maintenance/anomalies/", "service_name"),
    "uptime-days": ("/api/v1/maintenance/uptime-days/", "service_code"),
    "service-status": ("/api/v1/maintenance/service-status/", "name"),
}


@pytest.mark.parametrize("endpoint", list(API_LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_api_list(records, person, api, name, endpoint):
    url, key = API_LISTS[endpoint]
    response = api(person(name)).get(url, {"page_size": 200})
    if not reads(name):
        assert response.status_code == 403, response.content
        return
    assert response.status_code == 200, response.content
    expected = {label(code) for code in OWNERS if sees(name, code)}
    assert _names(results(response), key) == expected
    assert response.json()["count"] == len(expected)


PAGE_LISTS = {
    "anomaly-list": ("maintenance:anomaly-list", lambda a: a.service.name),
    "monitoring-dashboard": ("maintenance:monitoring-dashboard", lambda s: s.name),
}


@pytest.mark.parametrize("page", list(PAGE_LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_html_list(records, person, web, name, page):
    url_name, label_of = PAGE_LISTS[page]
    response = web(person(name)).get(reverse(url_name))
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    expected = {label(code) for code in OWNERS if sees(name, code)}
    assert {label_of(row) for row in response.context["page_obj"].object_list} == expected
    content = response.content.decode()
    for code in OWNERS:
        assert (label(code) in content) == sees(name, code), code


@pytest.mark.parametrize("page", list(PAGE_LISTS))
@pytest.mark.parametrize("name", PERSONS)
def test_export(records, person, web, name, page):
    """The Excel export holds exactly the rows of the list: out of scope is not exported."""
    from io import BytesIO

    from openpyxl import load_workbook

    url_name, _label_of = PAGE_LISTS[page]
    response = web(person(name)).get(reverse(url_name), {"export": "xlsx"})
    if not reads(name):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    exported = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {label(code) for code in OWNERS if sees(name, code)}


def test_home_section(records, person, web):
    for name in PERSONS:
        response = web(person(name)).get(reverse("core:home"))
        sections = {s["key"]: s for s in response.context["extra_sections"]}
        section = sections.get("availability-anomalies")
        if not reads(name):
            assert section is None, name
            continue
        expected = {label(code) for code in OWNERS if sees(name, code)}
        assert section["count"] == len(expected), name
        assert {item["label"] for item in section["items"]} == expected, name


# --- single records ---------------------------------------------------------------------------------------------

def _api_detail_url(kind, records, owner):
    if kind == "anomaly":
        return f"/api/v1/maintenance/anomalies/{records['anomaly', owner].pk}/", "service_name"
    if kind == "uptime-day":
        return f"/api/v1/maintenance/uptime-days/{records['day', owner].pk}/", "service_code"
    return f"/api/v1/maintenance/service-status/{records['service', owner].pk}/", "name"


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("kind", ["anomaly", "uptime-day", "service-status"])
@pytest.mark.parametrize("name", PERSONS)
def test_api_detail(records, person, api, name, kind, owner):
    url, key = _api_detail_url(kind, records, owner)
    response = api(person(name)).get(url)
    if sees(name, owner):
        assert response.status_code == 200, response.content
        assert response.json()[key] == label(owner)
    else:
        assert response.status_code == 404, response.content
        assert label(owner) not in response.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("page", ["maintenance:anomaly-detail", "maintenance:monitoring-service"])
@pytest.mark.parametrize("name", PERSONS)
def test_html_detail(records, person, web, name, page, owner):
    obj = records["anomaly" if page == "maintenance:anomaly-detail" else "service", owner]
    response = web(person(name)).get(reverse(page, args=[obj.pk]))
    if sees(name, owner):
        assert response.status_code == 200
        assert label(owner) in response.content.decode()
    else:
        assert response.status_code == 404
        assert label(owner) not in response.content.decode()


# --- nobody creates or edits: the monitor does -------------------------------------------------------------------

@pytest.mark.parametrize("endpoint", ["anomalies", "uptime-days", "service-status"])
@pytest.mark.parametrize("name", PERSONS)
def test_api_create_and_change_are_not_offered(records, person, api, name, endpoint):
    client = api(person(name))
    url, _key = API_LISTS[endpoint]
    obj = {"anomalies": records["anomaly", "360102"], "uptime-days": records["day", "360102"],
           "service-status": records["service", "360102"]}[endpoint]
    created = client.post(url, {"service": records["service", "360102"].pk}, format="json")
    changed = client.patch(f"{url}{obj.pk}/", {"status": "resolved", "checks": 1}, format="json")
    assert (created.status_code, changed.status_code) == (405, 405)
    assert AvailabilityAnomaly.objects.count() == len(OWNERS)
    assert not AvailabilityAnomaly.objects.filter(status="resolved").exists()
    assert not UptimeDay.objects.filter(checks=1).exists()


# --- transitions -------------------------------------------------------------------------------------------------

def _expected_transition(name, owner, allowed):
    if allowed:
        return 200
    return 403 if sees(name, owner) else 404


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_acknowledge(records, person, api, name, owner):
    anomaly = records["anomaly", owner]
    response = api(person(name)).post(f"/api/v1/maintenance/anomalies/{anomaly.pk}/transitions/", {
        "action": "acknowledge", "version": anomaly.version, "comment": "正在排查网关故障"}, format="json")
    anomaly.refresh_from_db()
    assert response.status_code == _expected_transition(name, owner, acknowledges(name, owner)), response.content
    if acknowledges(name, owner):
        assert (anomaly.status, anomaly.acknowledged_by.username, anomaly.acknowledgement_note) == (
            "acknowledged", name, "正在排查网关故障")
        assert response.json()["events"][-1]["action"] == "acknowledge"
    else:
        assert anomaly.status == "open"


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_api_resolve_by_hand(records, person, api, name, owner):
    anomaly = records["anomaly", owner]
    response = api(person(name)).post(f"/api/v1/maintenance/anomalies/{anomaly.pk}/transitions/", {
        "action": "resolve", "version": anomaly.version, "comment": "服务已下架，异常关闭"}, format="json")
    anomaly.refresh_from_db()
    assert response.status_code == _expected_transition(name, owner, monitors(name, owner)), response.content
    assert (anomaly.status == "resolved") == monitors(name, owner)
    if monitors(name, owner):
        assert (anomaly.resolved_by.username, anomaly.resolution_note) == (name, "服务已下架，异常关闭")


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_html_acknowledge(records, person, web, name, owner):
    anomaly = records["anomaly", owner]
    client = web(person(name))
    page = client.get(reverse("maintenance:anomaly-detail", args=[anomaly.pk]))
    response = client.post(reverse("maintenance:anomaly-transition", args=[anomaly.pk]), {
        "action": "acknowledge", "version": anomaly.version, "comment": "已安排人员处置"})
    anomaly.refresh_from_db()
    if not sees(name, owner):
        assert (page.status_code, response.status_code) == (404, 404)
        assert anomaly.status == "open"
        return
    offered = {t.action for t in page.context["transitions"]}
    assert ("acknowledge" in offered) == acknowledges(name, owner)
    assert ("resolve" in offered) == monitors(name, owner)
    assert response.status_code == (302 if acknowledges(name, owner) else 403)
    assert (anomaly.status == "acknowledged") == acknowledges(name, owner)


# --- probe now ---------------------------------------------------------------------------------------------------

@pytest.fixture
def fake_prober(monkeypatch):
    """No network: every probe answers 200 in 42 ms."""
    monkeypatch.setattr(runs, "probe", lambda url: ProbeOutcome(True, 200, 42, ""))


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", PERSONS)
def test_probe_now(records, fake_prober, person, web, name, owner):
    service = records["service", owner]
    client = web(person(name))
    before = ProbeResult.objects.filter(service=service).count()
    page = client.get(reverse("maintenance:monitoring-service", args=[service.pk]))
    response = client.post(reverse("maintenance:monitoring-probe", args=[service.pk]))
    after = ProbeResult.objects.filter(service=service).count()
    if monitors(name, owner):
        assert response.status_code == 302
        assert after == before + 1
        assert page.context["can_probe"] is True
        # The success resolved the service's anomaly (monitor actor), and nothing else was probed.
        assert AvailabilityAnomaly.objects.get(pk=records["anomaly", owner].pk).status == "resolved"
        assert ProbeResult.objects.count() == 5 * len(OWNERS) + 1
        return
    assert response.status_code == (403 if sees(name, owner) else 404)
    assert after == before
    if sees(name, owner):
        assert page.context["can_probe"] is False
        assert b'id="probe-now"' not in page.content


# --- the policy table itself ------------------------------------------------------------------------------------

def test_policy_table_is_not_trivial():
    assert {sees(n, o) for n in PERSONS for o in OWNERS} == {True, False}
    assert [o for o in OWNERS if sees("nanchang_submitter", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if acknowledges("donghu_submitter", o)] == ["360102"]
    assert [o for o in OWNERS if monitors("nanchang_publisher", o)] == ["360100", "360102"]
    assert [o for o in OWNERS if monitors("operator_publisher", o)] == OWNERS
    assert not any(acknowledges("province_reviewer", o) or monitors("auditor", o) for o in OWNERS)
