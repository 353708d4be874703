"""Status pages tell an owner only up / down / response time, never why a check failed (issue 11, point 2): the
cause (connection refused, reset, not HTTP, the HTTP status of a failure) maps which ports of a host answer. The
operator who runs the monitor, the provincial authority and auditors still see it."""

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_monitoring import ListedServiceFactory, make_anomaly
from openpyxl import load_workbook
from testsupport import results

from ganfutong_admin.notifications.models import Notification
from maintenance.monitoring import runs
from maintenance.monitoring.models import AnomalyEvent, ProbeResult
from maintenance.monitoring.probe import ProbeOutcome

CAUSES = ("连接被拒绝", "connection_refused", "不是有效的 HTTP 响应", "bad_response", "HTTP 502")


@pytest.fixture
def failing(db):
    service = ListedServiceFactory(name="端口探测目标", owner_org=org("360102"))
    now = timezone.now()
    ProbeResult.objects.bulk_create([
        ProbeResult(service=service, checked_at=now - timedelta(minutes=10), ok=False, error="bad_response"),
        ProbeResult(service=service, checked_at=now - timedelta(minutes=5), ok=False, status_code=502,
                    response_ms=30, error="http_5xx"),
        ProbeResult(service=service, checked_at=now, ok=False, error="connection_refused"),
    ])
    anomaly = make_anomaly(service)
    anomaly.last_error, anomaly.last_status_code = "connection_refused", 502
    anomaly.save()
    return service, anomaly


def pages(service, anomaly):
    return [reverse("maintenance:monitoring-dashboard"), reverse("maintenance:monitoring-service", args=[service.pk]),
            reverse("maintenance:anomaly-list"), reverse("maintenance:anomaly-detail", args=[anomaly.pk])]


def xlsx_text(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                     if response.streaming else response.content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)


def test_the_owner_sees_only_that_checks_failed(failing, people, web):
    service, anomaly = failing
    client = web(people["donghu_submitter"])
    for url in pages(service, anomaly):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert not [cause for cause in CAUSES if cause in html], url
        assert "不可用" in html, url
    for url in (reverse("maintenance:monitoring-dashboard"), reverse("maintenance:anomaly-list")):
        text = xlsx_text(client.get(url, {"export": "xlsx"}))
        assert "端口探测目标" in text and not [cause for cause in CAUSES if cause in text]


def test_the_owner_api_hides_the_cause(failing, people, api):
    service, anomaly = failing
    client = api(people["donghu_submitter"])
    (status,) = [r for r in results(client.get("/api/v1/maintenance/service-status/")) if r["id"] == service.pk]
    assert (status["state"], status["last_error"], status["last_error_label"], status["last_status_code"]) == (
        "down", "", "不可用", None)
    for row in (results(client.get("/api/v1/maintenance/anomalies/"))[0],
                client.get(f"/api/v1/maintenance/anomalies/{anomaly.pk}/").json()):
        assert (row["last_error"], row["last_error_label"], row["last_status_code"]) == ("", "不可用", None)


@pytest.mark.parametrize("username", ["operator_publisher", "province_reviewer", "auditor"])
def test_who_runs_or_oversees_the_monitor_sees_the_cause(failing, people, web, api, username):
    service, anomaly = failing
    client = web(people[username])
    html = client.get(reverse("maintenance:monitoring-service", args=[service.pk])).content.decode()
    assert "连接被拒绝" in html and "不是有效的 HTTP 响应" in html
    detail = api(people[username]).get(f"/api/v1/maintenance/anomalies/{anomaly.pk}/").json()
    assert (detail["last_error"], detail["last_status_code"]) == ("connection_refused", 502)


def test_an_opened_anomaly_tells_the_owner_the_count_not_the_cause(db, people, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.MONITOR_FAILURE_THRESHOLD = 2
    service = ListedServiceFactory(name="被探测的服务", owner_org=org("360102"))

    def refused(url):
        return ProbeOutcome(False, None, None, "connection_refused")

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            runs.record(runs.probe_services([service], prober=refused))
    event = AnomalyEvent.objects.get(anomaly__service=service, action="open")
    assert event.comment == "连续 2 次检测失败。"
    note = Notification.objects.filter(recipient=people["donghu_submitter"]).latest("pk")
    assert "被探测的服务" in note.title and "连接被拒绝" not in note.body and "connection" not in note.body


def test_the_migration_drops_the_cause_from_stored_opening_comments(failing):
    _service, anomaly = failing
    event = AnomalyEvent.objects.get(anomaly=anomaly, action="open")
    AnomalyEvent.objects.filter(pk=event.pk).update(comment="连续 3 次检测失败（最近一次错误：连接被拒绝）。")
    migration = importlib.import_module("maintenance.migrations.0006_anomaly_open_comment_without_cause")
    migration.drop_the_cause(django_apps, None)
    assert AnomalyEvent.objects.get(pk=event.pk).comment == "连续 3 次检测失败。"
