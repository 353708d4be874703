"""The monitoring pages (第十七条) beyond scope: dashboard figures and filters, the charts' data and assets (no
inline script, no CDN), "probe now", acknowledging and resolving with clear messages, the fault-report link."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_monitoring import ListedServiceFactory, add_results, make_anomaly, make_day

from maintenance.monitoring import runs
from maintenance.monitoring.models import AvailabilityAnomaly, ProbeResult
from maintenance.monitoring.probe import ProbeOutcome


@pytest.fixture
def operator(people):
    return people["operator_publisher"]


@pytest.fixture
def down_and_up(db):
    yesterday = timezone.localdate() - timedelta(days=1)
    down = ListedServiceFactory(name="宕机的服务", owner_org=org("360102"))
    add_results(down, "++---")
    make_day(down, yesterday, checks=100, successes=80)
    anomaly = make_anomaly(down)
    up = ListedServiceFactory(name="正常的服务", owner_org=org("360400"))
    add_results(up, "+++++")
    make_day(up, yesterday, checks=100, successes=100)
    never = ListedServiceFactory(name="尚未检测的服务", owner_org=org("360100"))
    return {"down": down, "up": up, "never": never, "anomaly": anomaly}


def test_dashboard_figures_and_filters(down_and_up, operator, web):
    client = web(operator)
    page = client.get(reverse("maintenance:monitoring-dashboard"))
    assert page.status_code == 200
    assert page.context["summary"] == {"total": 3, "up": 1, "down": 1, "unknown": 1}
    assert page.context["open_anomaly_count"] == 1
    content = page.content.decode()
    assert "依据：第十七条" in content
    assert 'data-uptime="40.00"' in content  # 24 h of the down service: 2 of 5

    def names(params):
        response = client.get(reverse("maintenance:monitoring-dashboard"), params)
        return [s.name for s in response.context["object_list"]]

    assert names({"state": "down"}) == ["宕机的服务"]
    assert names({"state": "unknown"}) == ["尚未检测的服务"]
    assert names({"anomaly": "true"}) == ["宕机的服务"]
    assert names({"below": "90"}) == ["宕机的服务"]  # 30 days: 82 of 105
    assert names({"sort": "-u30"}) == ["正常的服务", "宕机的服务", "尚未检测的服务"]
    assert names({"q": "正常"}) == ["正常的服务"]


def test_dashboard_rejects_a_bad_filter_without_error(down_and_up, operator, web):
    response = web(operator).get(reverse("maintenance:monitoring-dashboard"), {"below": "abc", "state": "sideways"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert len(response.context["object_list"]) == 3  # an invalid filter filters nothing


def test_service_page_has_chart_data_and_no_inline_script(down_and_up, operator, web):
    service = down_and_up["down"]
    response = web(operator).get(reverse("maintenance:monitoring-service", args=[service.pk]))
    content = response.content.decode()
    data = json.loads(re.search(r'<script id="monitoring-chart-data" type="application/json">(.*?)</script>',
                                content, re.S).group(1))
    assert len(data["days"]) == 30
    assert data["days"][-2]["uptime"] == 80.0
    assert data["days"][-1]["checks"] == 5
    for tag in re.findall(r"<script\b[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # the CSP allows no inline script
    assert "/static/vendor/echarts/echarts.min.js" in content
    assert "/static/js/maintenance_monitoring.js" in content
    assert "cdn" not in content.lower()
    assert 'data-chart="uptime"' in content and 'data-chart="response"' in content
    assert finders.find("vendor/echarts/echarts.min.js")
    assert finders.find("js/maintenance_monitoring.js")


def test_probe_now_reports_the_result(down_and_up, operator, web, monkeypatch):
    service = down_and_up["down"]
    client = web(operator)
    monkeypatch.setattr(runs, "probe", lambda url: ProbeOutcome(False, 502, 88, "http_5xx"))
    response = client.post(reverse("maintenance:monitoring-probe", args=[service.pk]), follow=True)
    assert "不可用" in response.content.decode() or "not available" in response.content.decode()
    assert ProbeResult.objects.filter(service=service).latest("checked_at").error == "http_5xx"
    assert AvailabilityAnomaly.objects.get(pk=down_and_up["anomaly"].pk).consecutive_failures == 4

    monkeypatch.setattr(runs, "probe", lambda url: ProbeOutcome(True, 200, 35, ""))
    response = client.post(reverse("maintenance:monitoring-probe", args=[service.pk]), follow=True)
    assert response.status_code == 200
    assert AvailabilityAnomaly.objects.get(pk=down_and_up["anomaly"].pk).status == "resolved"


def test_probe_now_refuses_a_service_that_is_not_monitored(down_and_up, operator, web, monkeypatch):
    service = down_and_up["up"]
    service.status = "delisted"
    service.save()
    monkeypatch.setattr(runs, "probe", lambda url: pytest.fail("a delisted service was probed"))
    response = web(operator).post(reverse("maintenance:monitoring-probe", args=[service.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    # Its history stays readable; the page says it is not monitored and offers no probe.
    page = web(operator).get(reverse("maintenance:monitoring-service", args=[service.pk]))
    assert b'id="not-monitored"' in page.content
    assert page.context["can_probe"] is False


def test_probe_now_is_post_only(down_and_up, operator, web):
    response = web(operator).get(reverse("maintenance:monitoring-probe", args=[down_and_up["down"].pk]))
    assert response.status_code == 405


def test_acknowledge_needs_a_note_and_keeps_it(down_and_up, people, web):
    anomaly = down_and_up["anomaly"]
    client = web(people["donghu_submitter"])
    url = reverse("maintenance:anomaly-transition", args=[anomaly.pk])
    response = client.post(url, {"action": "acknowledge", "version": anomaly.version, "comment": "  "}, follow=True)
    anomaly.refresh_from_db()
    assert anomaly.status == "open"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    client.post(url, {"action": "acknowledge", "version": anomaly.version, "comment": "网关证书过期，正在更换"})
    anomaly.refresh_from_db()
    assert (anomaly.status, anomaly.acknowledgement_note) == ("acknowledged", "网关证书过期，正在更换")
    detail = client.get(reverse("maintenance:anomaly-detail", args=[anomaly.pk])).content.decode()
    assert "网关证书过期，正在更换" in detail


def test_a_stale_version_is_a_clear_message(down_and_up, people, web):
    anomaly = down_and_up["anomaly"]
    client = web(people["operator_publisher"], language="en")
    response = client.post(reverse("maintenance:anomaly-transition", args=[anomaly.pk]),
                           {"action": "resolve", "version": anomaly.version + 1, "comment": "已恢复"}, follow=True)
    anomaly.refresh_from_db()
    assert anomaly.status == "open"
    messages = [str(m) for m in response.context["messages"]]
    assert any("changed by someone else" in m for m in messages), messages


def test_the_anomaly_offers_a_fault_report_for_its_service(down_and_up, people, web):
    base = reverse("maintenance:fault-create")
    anomaly = down_and_up["anomaly"]
    page = web(people["donghu_submitter"]).get(reverse("maintenance:anomaly-detail", args=[anomaly.pk]))
    assert f'href="{base}?service={anomaly.service_id}"' in page.content.decode()
    auditor_page = web(people["auditor"]).get(reverse("maintenance:anomaly-detail", args=[anomaly.pk]))
    assert b'id="open-fault-report"' not in auditor_page.content  # auditors report nothing


def test_the_timeline_names_the_monitor(down_and_up, people, web):
    page = web(people["province_reviewer"]).get(reverse("maintenance:anomaly-detail",
                                                        args=[down_and_up["anomaly"].pk]))
    content = page.content.decode()
    assert "可用性监测（系统）" in content
    assert 'data-event-action="open"' in content
    assert page.context["transitions"] == []  # the reviewer reads, the owner and the operator act
