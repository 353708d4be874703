"""第十七条 in the browser: the operator probes a service now and sees its charts drawn (ECharts from the app's
static files, no CSP violation); the service goes down, three probes open an anomaly; 东湖区 sees it on its work
list and acknowledges it with a note; the service comes back and the next probe resolves it.

(Here beside the other journeys, to share their one Playwright session.)"""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from maintenance.monitoring.models import AvailabilityAnomaly
from services.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"


@pytest.fixture
def pages(new_page, login):
    """A signed-in page per user (the shared browser fixtures fail the test on any CSP violation)."""

    def open_as(username):
        page = new_page()
        login(page, username, PASSWORD)
        return page

    return open_as


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class LocalHTTPServer:
    """The service's entry point on 127.0.0.1; stop() and start() keep the port (an outage, then recovery)."""

    port = 0
    _server = None

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _Ok)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


def probe(page):
    page.click("#probe-now")
    page.wait_for_selector("#messages")


def test_outage_seen_acknowledged_and_resolved(pages, settings):
    settings.MONITOR_TIMEOUT_SECONDS = 1.0
    settings.MONITOR_FAILURE_THRESHOLD = 3
    settings.MONITOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the local test server stands in for an intranet service
    make_user("operator_publisher", "OP3601", "publisher")
    make_user("donghu_submitter", "360102", "submitter")
    server = LocalHTTPServer().start()
    try:
        service = Service.objects.create(owner_org=OrgUnit.objects.get(code="360102"), name="东湖区高龄津贴申领",
                                         code="360102-MZ-9101", status="listed", listed_at=timezone.now(),
                                         entry_url=server.url("/elderly"))
        operator = pages("operator_publisher")
        operator.goto(f"/maintenance/monitoring/services/{service.pk}/")
        probe(operator)
        assert operator.get_attribute("#messages [data-message-level]", "data-message-level") == "success"
        assert operator.get_attribute("#service-state [data-state]", "data-state") == "up"
        operator.wait_for_selector("[data-chart=uptime] canvas")  # ECharts drew the chart
        operator.wait_for_selector("[data-chart=response] canvas")

        server.stop()
        for _run in range(3):
            probe(operator)
        assert operator.get_attribute("#messages [data-message-level]", "data-message-level") == "warning"
        assert operator.get_attribute("#service-state [data-state]", "data-state") == "down"
        anomaly = AvailabilityAnomaly.objects.get(service=service)
        assert anomaly.status == "open"

        owner = pages("donghu_submitter")
        owner.goto("/")
        section = owner.locator("[data-section=availability-anomalies]")
        assert "东湖区高龄津贴申领" in section.inner_text()
        section.get_by_role("link", name="东湖区高龄津贴申领").click()
        owner.wait_for_url(re.compile(rf"/maintenance/monitoring/anomalies/{anomaly.pk}/$"))
        owner.click("[data-action=acknowledge]")  # without a note: refused in the page
        assert owner.is_visible("[data-comment-feedback]")
        owner.fill("#transition-comment", "养老服务系统数据库宕机，已联系厂商恢复。")
        owner.click("[data-action=acknowledge]")
        owner.wait_for_selector("#messages")
        assert owner.get_attribute("#record-status [data-status]", "data-status") == "acknowledged"

        server.start()
        probe(operator)
        anomaly.refresh_from_db()
        assert anomaly.status == "resolved"
        owner.reload()
        assert owner.get_attribute("#record-status [data-status]", "data-status") == "resolved"
        assert "养老服务系统数据库宕机" in owner.inner_text("#timeline")
    finally:
        server.stop()
