"""Celery: eager in-process without a broker (the embedded default); a real worker through Redis when
REDIS_URL is set."""

import json
import os
import subprocess
import sys

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult, EagerResult
from django.conf import settings
from testsupport import needs_redis

from ganfutong_admin.celery import app, ping


def celery_settings(**env):
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "from ganfutong_admin.celery import app; "
            "print(json.dumps([s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, "
            "app.conf.task_always_eager]))")
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "DJANGO_ENV"}}
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                         env={**clean, "DJANGO_SETTINGS_MODULE": "ganfutong_admin.settings", **env}, timeout=60,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_tasks_run_eagerly():
    eager, broker, backend, app_eager = celery_settings()
    assert (eager, app_eager) == (True, True)
    assert broker == "memory://" and backend is None


def test_with_redis_tasks_go_to_the_broker():
    url = "redis://127.0.0.1:6379/9"
    eager, broker, backend, app_eager = celery_settings(REDIS_URL=url)
    assert (eager, app_eager) == (False, False)
    assert broker == backend == url


def test_this_run_matches_its_environment():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("REDIS_URL"))


def test_ping_eagerly():
    result = ping.delay()
    assert isinstance(result, EagerResult)
    assert result.get() == "pong"


@needs_redis
@pytest.mark.redis
def test_ping_through_a_real_worker_and_redis():
    url = os.environ["REDIS_URL"]
    assert app.conf.broker_url == url and app.conf.result_backend == url
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10):
            result = ping.delay()
            assert isinstance(result, AsyncResult) and not isinstance(result, EagerResult)
            assert result.get(timeout=30) == "pong"
            assert result.successful()
            # The result travelled through the Redis result backend.
            assert AsyncResult(result.id, app=app).get(timeout=5) == "pong"
    finally:
        app.conf.task_always_eager = saved
