"""/metrics: who may read it, what it holds after requests and tasks, what a scrape costs."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from ganfutong_admin import urls as site_urls
from ganfutong_admin.celery import ping

pytestmark = pytest.mark.django_db

TOKEN = "t" * 20 + "0123456789abcdefghij"


def boom(request):
    raise RuntimeError("kaboom")


def fine(request, pk):
    return HttpResponse("ok")


# ROOT_URLCONF of the 5xx test: this module (tests/ modules are importable by their basename).
urlpatterns = [path("boom/", boom, name="boom"), path("fine/<int:pk>/", fine, name="fine"),
               path("", include(site_urls))]


def scrape(client=None, **extra):
    return (client or Client()).get("/metrics", **extra)


def sample(text, name, **labels):
    """The value of one sample of the exposition, or None."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_loopback_may_read_it():
    response = scrape()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "ganfutong_http_requests_total" in response.content.decode()


def test_other_addresses_get_a_404(settings):
    response = scrape(REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 404
    assert b"ganfutong_" not in response.content


def test_behind_a_proxy_the_client_address_counts_not_the_proxy(settings):
    """nginx on the same host connects from 127.0.0.1: the forwarded client address decides."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    assert scrape(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
    assert scrape(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


def test_an_allowed_network_and_the_token(settings):
    import ipaddress

    settings.METRICS_ALLOWED_NETWORKS_PARSED = [ipaddress.ip_network("10.36.0.0/16")]
    assert scrape(REMOTE_ADDR="10.36.1.2").status_code == 200
    assert scrape(REMOTE_ADDR="127.0.0.1").status_code == 404
    # The token: from anywhere, only the exact value, only as a bearer token.
    settings.METRICS_TOKEN = TOKEN
    assert scrape(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert scrape(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 404
    assert scrape(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 404
    assert scrape(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_no_token_configured_means_no_token_accepted(settings):
    settings.METRICS_TOKEN = ""
    assert scrape(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_only_get(settings):
    assert Client().post("/metrics").status_code == 405


def test_requests_are_counted_by_route_name_not_path(people, web):
    before = sample(scrape().content.decode(), "ganfutong_http_requests_total", view="core:home", status="200") or 0
    client = web(people["province_reviewer"])
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    text = scrape().content.decode()
    assert sample(text, "ganfutong_http_requests_total", view="core:home", method="GET", status="200") == before + 2
    assert sample(text, "ganfutong_http_request_duration_seconds_count", view="core:home") >= 2
    # A page that does not exist is one label, whatever was asked for.
    Client().get("/no/such/page/13907910012/")
    text = scrape().content.decode()
    assert sample(text, "ganfutong_http_requests_total", view="<unresolved>", status="404") >= 1
    assert "13907910012" not in text and "/no/such" not in text


def test_server_errors_are_counted(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    before = sample(scrape().content.decode(), "ganfutong_http_server_errors_total", view="boom") or 0
    assert client.get("/boom/").status_code == 500
    assert client.get("/fine/7/").status_code == 200
    text = scrape().content.decode()
    assert sample(text, "ganfutong_http_server_errors_total", view="boom") == before + 1
    assert sample(text, "ganfutong_http_requests_total", view="fine", status="200") >= 1
    assert sample(text, "ganfutong_http_server_errors_total", view="fine") in (None, 0.0)


def test_tasks_are_counted_and_timed():
    text = scrape().content.decode()
    before = sample(text, "ganfutong_celery_tasks_total", task="ganfutong_admin.ping", outcome="success") or 0
    assert ping.delay().get() == "pong"
    text = scrape().content.decode()
    assert sample(text, "ganfutong_celery_tasks_total", task="ganfutong_admin.ping", outcome="success") == before + 1
    assert sample(text, "ganfutong_celery_task_duration_seconds_count", task="ganfutong_admin.ping") >= 1


def test_a_failing_task_is_counted_as_a_failure():
    from ganfutong_admin.celery import app

    @app.task(name="tests.observability.always_fails")
    def always_fails():
        raise ValueError("no")

    before = sample(scrape().content.decode(), "ganfutong_celery_tasks_total", task="tests.observability.always_fails",
                    outcome="failure") or 0
    # As a worker runs it: the failure is recorded, not raised into the caller (an eager call that propagates its
    # exception stops before Celery's task_failure signal).
    app.conf.task_eager_propagates = False
    assert always_fails.apply().failed()
    text = scrape().content.decode()
    assert sample(text, "ganfutong_celery_tasks_total", task="tests.observability.always_fails",
                  outcome="failure") == before + 1


DOMAIN_GAUGES = ("ganfutong_filings_awaiting_review", "ganfutong_rectifications_overdue",
                 "ganfutong_supervision_alerts_open", "ganfutong_work_orders_red")


def test_domain_gauges_follow_the_data(people):
    from datetime import timedelta

    from django.utils import timezone
    from factories import FilingFactory, RectificationFactory

    text = scrape().content.decode()
    for name in DOMAIN_GAUGES:
        assert sample(text, name) == 0, name
    FilingFactory.create_batch(3, status="submitted", due_at=timezone.now() + timedelta(days=1))
    FilingFactory(status="draft")
    RectificationFactory(due_at=timezone.now() - timedelta(days=1))
    RectificationFactory(due_at=timezone.now() + timedelta(days=3))
    RectificationFactory(submitted=True, due_at=timezone.now() - timedelta(days=1))
    text = scrape().content.decode()
    assert sample(text, "ganfutong_filings_awaiting_review") == 3
    assert sample(text, "ganfutong_rectifications_overdue") == 1


def test_a_scrape_costs_a_fixed_number_of_queries(people, django_assert_num_queries):
    """One COUNT per domain gauge (4) and one read of the housekeeping runs, whatever the data."""
    from ganfutong_admin.observability import housekeeping

    housekeeping.purge_expired_sessions()
    housekeeping.purge_expired_tokens()
    with django_assert_num_queries(5):
        text = scrape().content.decode()
    assert sample(text, "ganfutong_housekeeping_rows_affected", job="purge_sessions") == 0
    assert sample(text, "ganfutong_housekeeping_last_run_timestamp_seconds", job="purge_api_tokens") > 0
    from datetime import timedelta

    from django.utils import timezone
    from factories import FilingFactory, RectificationFactory

    FilingFactory.create_batch(20, status="submitted")
    RectificationFactory.create_batch(20, due_at=timezone.now() - timedelta(days=1))
    with django_assert_num_queries(5):
        scrape()
