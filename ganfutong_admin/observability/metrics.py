"""Prometheus metrics (/metrics).

Process metrics (requests, tasks) are prometheus-client counters and histograms. With several gunicorn workers
(and Celery worker processes on the same host) set PROMETHEUS_MULTIPROC_DIR to a directory shared by all of them
and emptied at start-up (deploy: the systemd units' RuntimeDirectory): every process writes its samples there and
a scrape of any worker adds them up (prometheus-client's multiprocess mode; gunicorn.conf.py marks a dead
worker's files). Without it each process reports only its own counts (the embedded default: one process).

What describes the data (filings waiting for review, overdue rectifications, ...) is computed at scrape time,
one COUNT per declared gauge (ChapterConfig.metric_gauges), plus one query for the housekeeping jobs and one
Redis LLEN for the queue: a scrape costs the same whatever the size of the database.
"""

import logging
import os
import time

from django.conf import settings
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

NAMESPACE = "ganfutong"

REQUESTS = Counter(f"{NAMESPACE}_http_requests", "HTTP requests answered, by route name, method and status.",
                   ["view", "method", "status"])
REQUEST_LATENCY = Histogram(f"{NAMESPACE}_http_request_duration_seconds", "Time to answer a request, by route name.",
                            ["view"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
SERVER_ERRORS = Counter(f"{NAMESPACE}_http_server_errors", "Requests answered with a 5xx status, by route name.",
                        ["view"])
TASKS = Counter(f"{NAMESPACE}_celery_tasks", "Celery tasks finished, by task name and outcome (success, failure, "
                "retry).", ["task", "outcome"])
TASK_LATENCY = Histogram(f"{NAMESPACE}_celery_task_duration_seconds", "Run time of a Celery task, by task name.",
                         ["task"], buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900))


def observe_request(view, method, status, seconds):
    REQUESTS.labels(view, method, str(status)).inc()
    REQUEST_LATENCY.labels(view).observe(seconds)
    if status >= 500:
        SERVER_ERRORS.labels(view).inc()


class ScrapeTimeCollector:
    """Gauges read from the database and the broker when Prometheus scrapes."""

    def collect(self):
        from ganfutong_admin.core import chapters

        for gauge in chapters.metric_gauges():
            family = GaugeMetricFamily(f"{NAMESPACE}_{gauge.name}", gauge.documentation)
            try:
                family.add_metric([], float(gauge.value()))
            except Exception:  # noqa: BLE001 — one failing figure must not hide the others
                logger.exception("metric gauge %s failed", gauge.name)
                continue
            yield family
        yield from housekeeping_families()
        queue = queue_length_family()
        if queue is not None:
            yield queue


def housekeeping_families():
    from .models import HousekeepingRun

    last_run = GaugeMetricFamily(f"{NAMESPACE}_housekeeping_last_run_timestamp_seconds",
                                 "When each housekeeping job last finished (Unix time).", labels=["job"])
    rows = GaugeMetricFamily(f"{NAMESPACE}_housekeeping_rows_affected",
                             "Rows deleted or archived by the last run of each housekeeping job.", labels=["job"])
    for run in HousekeepingRun.objects.all():
        last_run.add_metric([run.job], run.finished_at.timestamp())
        rows.add_metric([run.job], run.rows_affected)
    return [last_run, rows]


def queue_length_family():
    """Messages waiting in each Celery queue (Redis LLEN), when the broker is Redis."""
    broker = settings.CELERY_BROKER_URL or ""
    if not broker.startswith(("redis://", "rediss://")):
        return None
    import redis

    family = GaugeMetricFamily(f"{NAMESPACE}_celery_queue_length", "Messages waiting in a Celery queue.",
                               labels=["queue"])
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    try:
        client = redis.Redis.from_url(broker, socket_timeout=1, socket_connect_timeout=1)
        try:
            family.add_metric([queue], client.llen(queue))
        finally:
            client.close()
    except redis.RedisError:
        logger.warning("celery queue length: broker unreachable")
        return None
    return family


def exposition():
    """The text a scrape gets."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, REQUEST_LATENCY, SERVER_ERRORS, TASKS, TASK_LATENCY):
            registry.register(metric)
    registry.register(ScrapeTimeCollector())
    return generate_latest(registry)


# --- Celery: outcomes and run times (signals, in whichever process runs the task) ------------------------------

_started = {}


def task_started(task_id):
    _started[task_id] = time.monotonic()


def task_finished(task_id, name, outcome):
    """Count the outcome (success, failure, retry) and time the run; the run time in seconds (None if unknown)."""
    started = _started.pop(task_id, None)
    seconds = time.monotonic() - started if started is not None else None
    if seconds is not None:
        TASK_LATENCY.labels(name).observe(seconds)
    TASKS.labels(name, outcome).inc()
    return seconds
