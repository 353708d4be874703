"""The monitoring API (/api/v1/maintenance/...): filters of uptime days, anomalies and service status, transitions
with 409 on a stale version, and the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import org
from factories_monitoring import ListedServiceFactory, add_results, make_anomaly, make_day
from testsupport import results

from maintenance.monitoring.models import AnomalyStatus


@pytest.fixture
def client(people, api):
    return api(people["province_supervisor"])


@pytest.fixture
def services(db):
    today = timezone.localdate()
    one = ListedServiceFactory(owner_org=org("360102"), code="API-ONE")
    two = ListedServiceFactory(owner_org=org("360400"), code="API-TWO")
    for back in range(1, 6):
        make_day(one, today - timedelta(days=back), checks=10, successes=10 - back)
        make_day(two, today - timedelta(days=back), checks=10, successes=10)
    add_results(one, "+--")
    add_results(two, "+++")
    return {"one": one, "two": two}


def test_uptime_days_filters(services, client):
    today = timezone.localdate()
    one = services["one"]
    rows = results(client.get("/api/v1/maintenance/uptime-days/", {
        "service": one.pk, "date_from": (today - timedelta(days=4)).isoformat(),
        "date_to": (today - timedelta(days=2)).isoformat()}))
    assert [(r["service_code"], r["date"], r["checks"], r["successes"], r["uptime_percent"]) for r in rows] == [
        ("API-ONE", (today - timedelta(days=back)).isoformat(), 10, 10 - back, float(100 - 10 * back))
        for back in (4, 3, 2)]
    by_org = results(client.get("/api/v1/maintenance/uptime-days/", {"org": org("360100").pk, "page_size": 50}))
    assert {r["service_code"] for r in by_org} == {"API-ONE"}  # 东湖区 is under 南昌市
    bad = client.get("/api/v1/maintenance/uptime-days/", {"date_from": "yesterday"})
    assert bad.status_code == 400


def test_service_status(services, client):
    rows = {r["code"]: r for r in results(client.get("/api/v1/maintenance/service-status/"))}
    one = rows["API-ONE"]
    assert (one["state"], one["last_error"], one["checks_24h"], one["uptime_24h"]) == (
        "down", "http_5xx", 3, 33.33)
    assert one["last_error_label"]
    # 7 days: the 6 previous days' roll-ups (the 5 made: 35 of 50) and today's raw results (1 of 3).
    assert one["uptime_7d"] == round(100 * 36 / 53, 2)
    assert rows["API-TWO"]["state"] == "up"
    down = results(client.get("/api/v1/maintenance/service-status/", {"state": "down"}))
    assert [r["code"] for r in down] == ["API-ONE"]


def test_anomaly_filters(services, client):
    open_one = make_anomaly(services["one"])
    old = make_anomaly(services["two"], status=AnomalyStatus.RESOLVED, started_ago=timedelta(days=3))
    active = results(client.get("/api/v1/maintenance/anomalies/", {"active": "true"}))
    assert [r["id"] for r in active] == [open_one.pk]
    by_status = results(client.get("/api/v1/maintenance/anomalies/", {"status": "resolved"}))
    assert [r["id"] for r in by_status] == [old.pk]
    started_to = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert [r["id"] for r in results(client.get("/api/v1/maintenance/anomalies/", {"started_to": started_to}))] == [
        old.pk]
    detail = client.get(f"/api/v1/maintenance/anomalies/{open_one.pk}/").json()
    assert [e["action"] for e in detail["events"]] == ["open"]


def test_transition_conflicts_and_errors(services, people, api):
    anomaly = make_anomaly(services["one"])
    client = api(people["operator_publisher"])
    url = f"/api/v1/maintenance/anomalies/{anomaly.pk}/transitions/"
    ok = client.post(url, {"action": "acknowledge", "version": 1, "comment": "已知悉，处置中"}, format="json")
    assert ok.status_code == 200, ok.content
    assert (ok.json()["status"], ok.json()["version"]) == ("acknowledged", 2)
    stale = client.post(url, {"action": "resolve", "version": 1, "comment": "已恢复"}, format="json")
    assert (stale.status_code, stale.json()["code"]) == (409, "StaleVersion")
    again = client.post(url, {"action": "acknowledge", "version": 2, "comment": "再次确认"}, format="json")
    assert again.status_code == 409  # not possible from "being handled"
    no_comment = client.post(url, {"action": "resolve", "version": 2}, format="json")
    assert no_comment.status_code == 400
    unknown = client.post(url, {"action": "delete", "version": 2}, format="json")
    assert unknown.status_code == 400
    missing = client.post(url, {"action": "resolve"}, format="json")
    assert missing.status_code == 400
    anomaly.refresh_from_db()
    assert (anomaly.status, anomaly.version) == ("acknowledged", 2)


def test_schema_lists_the_endpoints(people, api):
    schema = api(people["province_reviewer"]).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in ("/api/v1/maintenance/uptime-days/", "/api/v1/maintenance/anomalies/",
                 "/api/v1/maintenance/anomalies/{id}/transitions/", "/api/v1/maintenance/service-status/"):
        assert path in paths, path
    assert "AnomalyStatusEnum" in schema["components"]["schemas"]
