"""One JSON log line a request without personal data; the request id in the response and in task logs."""

import io
import json
import logging
import os

import pytest
from testsupport import needs_redis

from ganfutong_admin.celery import app, ping
from ganfutong_admin.core.logfilters import EscapeControlCharacters
from ganfutong_admin.observability import celery_signals
from ganfutong_admin.observability.context import request_id_var
from ganfutong_admin.observability.logs import JsonFormatter, RequestIdFilter
from ganfutong_admin.privacy.redaction import RedactPersonalData

pytestmark = pytest.mark.django_db

PHONE, ID_NUMBER = "13907910012", "36010219830707112X"


@pytest.fixture
def json_lines():
    """The lines the production console handler would write (same formatter and filters as settings.LOGGING)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    for f in (RequestIdFilter(), RedactPersonalData(), EscapeControlCharacters()):
        handler.addFilter(f)
    loggers = [logging.getLogger("ganfutong.request"), logging.getLogger("ganfutong.task")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_settings_use_these_filters_and_json_in_production(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert {"request_id", "redact", "escape_controls"} <= set(console["filters"])
    assert settings.LOGGING["formatters"]["json"]["()"].endswith("JsonFormatter")


def test_production_logs_json_by_default():
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "DEBUG"}}
    env.update(DJANGO_ENV="production", SECRET_KEY="k" * 30 + "0123456789abcdefghijKLMNOP", ALLOWED_HOSTS="x.gov.cn",
               DATABASE_URL="postgres://u@127.0.0.1:1/none", REDIS_URL="redis://127.0.0.1:1/0",
               PERSONAL_DATA_KEY="cHJvZC1wZXJzb25hbC1kYXRhLWtleS0zMmJ5dGVzISE=",
               DJANGO_SETTINGS_MODULE="ganfutong_admin.settings")
    code = "from django.conf import settings as s; print(s.LOG_FORMAT, s.LOGGING['handlers']['console']['formatter'])"
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                         text=True, timeout=60, check=True)
    assert out.stdout.split() == ["json", "json"]


def test_one_line_per_request_without_personal_data(people, web, json_lines):
    user = people["province_reviewer"]
    client = web(user)
    response = client.get(f"/filings/?q={PHONE}&id_number={ID_NUMBER}&note=call+{PHONE}")
    assert response.status_code == 200
    lines = [line for line in json_lines() if line["logger"] == "ganfutong.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["view"] == "workflow:filing-list"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["user_id"] == user.pk and line["org_unit_id"] == user.org_unit_id
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert {"time", "level", "message"} <= set(line)
    raw = json.dumps(line, ensure_ascii=False)
    for secret in (PHONE, ID_NUMBER, "1390791", "id_number", "q=", user.username, "sessionid"):
        assert secret not in raw, secret


def test_anonymous_and_not_found(json_lines, client):
    response = client.get(f"/no/such/{PHONE}/", HTTP_X_REQUEST_ID="trace-0001-abcdef")
    assert response.status_code == 404
    (line,) = [line for line in json_lines() if line["logger"] == "ganfutong.request"]
    assert line["view"] == "<unresolved>" and line["status"] == 404 and line["user_id"] is None
    assert line["request_id"] == "trace-0001-abcdef"
    assert PHONE not in json.dumps(line)


def test_a_safe_incoming_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c2e.0001")
    assert response["X-Request-ID"] == "lb-7f3a9c2e.0001"


@pytest.mark.parametrize("bad", ["short", "x" * 65, "has space in it", "forged\r\nline-injection",
                                 '"quoted-value"', "-leading-dash", "ünïcode-value"])
def test_an_unsafe_incoming_request_id_is_replaced(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)
    generated = response["X-Request-ID"]
    assert generated != bad and len(generated) == 32 and all(c in "0123456789abcdef" for c in generated)


def test_every_response_gets_an_id_and_each_a_new_one(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert first and second and first != second


def test_the_request_id_goes_into_the_task_headers():
    headers = {}
    token = request_id_var.set("req-1234567890")
    try:
        celery_signals.add_request_id(headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers["request_id"] == "req-1234567890"
    # Nothing to add outside a request.
    empty = {}
    celery_signals.add_request_id(headers=empty)
    assert "request_id" not in empty


def test_a_task_logs_the_request_id_of_its_headers(json_lines):
    """As a worker runs a message: a fresh context, the id only in the headers."""
    assert request_id_var.get() == ""
    ping.apply(headers={"request_id": "from-the-headers-42"})
    (line,) = [line for line in json_lines() if line["logger"] == "ganfutong.task"]
    assert line["request_id"] == "from-the-headers-42"
    assert line["task"] == "ganfutong_admin.ping" and line["outcome"] == "success"
    assert request_id_var.get() == ""  # restored after the task


def test_a_task_started_inside_a_request_logs_its_id(json_lines):
    token = request_id_var.set("inside-request-77")
    try:
        ping.delay().get()
    finally:
        request_id_var.reset(token)
    (line,) = [line for line in json_lines() if line["logger"] == "ganfutong.task"]
    assert line["request_id"] == "inside-request-77"


@needs_redis
@pytest.mark.redis
def test_request_id_through_redis_and_a_real_worker(json_lines):
    """Published with the id of the request in progress, run by a worker thread (another context): its log
    line carries the id, which could only come from the message headers."""
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10):
        token = request_id_var.set("through-redis-123")
        try:
            result = ping.delay()
        finally:
            request_id_var.reset(token)
        assert result.get(timeout=30) == "pong"
    lines = [line for line in json_lines() if line["logger"] == "ganfutong.task" and line["task_id"] == result.id]
    assert lines and lines[0]["request_id"] == "through-redis-123"
