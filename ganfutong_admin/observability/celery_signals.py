"""Celery side of observability: the request id travels in the task message headers, is restored when the task
starts (its log lines carry it), and every finished task is counted, timed and logged on one line."""

import logging

from celery import signals

from . import metrics
from .context import TASK_HEADER, current_request_id, request_id_var

logger = logging.getLogger("ganfutong.task")
_tokens = {}


@signals.before_task_publish.connect(dispatch_uid="ganfutong-observability-publish")
def add_request_id(headers=None, **kwargs):
    request_id = current_request_id()
    if headers is not None and request_id and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


def _request_id_of(task):
    request = getattr(task, "request", None)
    if request is None:
        return ""
    # A worker merges custom message headers into the request; an eager call keeps them in `headers`.
    return getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(TASK_HEADER) or ""


@signals.task_prerun.connect(dispatch_uid="ganfutong-observability-prerun")
def task_started(task_id=None, task=None, **kwargs):
    request_id = _request_id_of(task) or current_request_id()
    _tokens[task_id] = request_id_var.set(request_id)
    metrics.task_started(task_id)


def _finish(task_id, task, outcome):
    seconds = metrics.task_finished(task_id, getattr(task, "name", "?"), outcome)
    logger.info("task %s %s", getattr(task, "name", "?"), outcome, extra={
        "task": getattr(task, "name", "?"), "task_id": task_id, "outcome": outcome,
        "duration_ms": round(seconds * 1000, 1) if seconds is not None else None})


@signals.task_success.connect(dispatch_uid="ganfutong-observability-success")
def task_succeeded(sender=None, **kwargs):
    _finish(sender.request.id, sender, "success")


@signals.task_failure.connect(dispatch_uid="ganfutong-observability-failure")
def task_failed(sender=None, task_id=None, **kwargs):
    _finish(task_id, sender, "failure")
    _restore(task_id)  # an eager task that propagates its exception never reaches task_postrun


@signals.task_retry.connect(dispatch_uid="ganfutong-observability-retry")
def task_retried(sender=None, request=None, **kwargs):
    _finish(getattr(request, "id", None), sender, "retry")


@signals.task_postrun.connect(dispatch_uid="ganfutong-observability-postrun")
def task_ended(task_id=None, **kwargs):
    _restore(task_id)


def _restore(task_id):
    token = _tokens.pop(task_id, None)
    if token is not None:
        try:
            request_id_var.reset(token)
        except ValueError:  # set in another context: nothing to restore there
            request_id_var.set("")


@signals.setup_logging.connect(dispatch_uid="ganfutong-observability-logging")
def use_django_logging(**kwargs):
    """The worker and beat log through settings.LOGGING (JSON in production, the same filters) instead of
    Celery's own handlers: connecting this signal is how Celery is told not to configure logging itself."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
