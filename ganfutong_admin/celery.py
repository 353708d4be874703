"""Celery app. Without REDIS_URL the settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganfutong_admin.settings")

app = Celery("ganfutong_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ganfutong_admin.ping")
def ping():
    """Round trip used by /healthz-style checks and the worker test."""
    return "pong"
