"""Every periodic job in the beat schedule names a task the worker actually has: a typo or a module
that nothing imports would otherwise fail silently, once a worker runs in production."""

from ganfutong_admin.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled - set(app.tasks) == set()
    assert "maintenance.monitoring.tasks.probe_listed_services" in scheduled
