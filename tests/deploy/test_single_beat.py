"""core.beat.SingleBeatScheduler: of several beats sharing one Redis, one leads (issue 16, point 3). The live
proof with two beat processes is scripts/scale_out_check.py (make prod-smoke); these pin the lock's rules."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTasks
from testsupport import needs_redis

from ganfutong_admin.celery import app as celery_app
from ganfutong_admin.core import beat


def scheduler():
    # lazy: no schedule set-up (that reads the database); only the leader lock is exercised here.
    return beat.SingleBeatScheduler(app=celery_app, lazy=True)


@pytest.fixture
def redis_settings(settings):
    import redis

    settings.REDIS_URL = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(beat.LOCK_KEY)
    yield client
    client.delete(beat.LOCK_KEY)


@needs_redis
def test_one_of_two_beats_leads_and_the_other_stands_by(redis_settings):
    first, second = scheduler(), scheduler()
    assert first._hold_lock() is True
    first._leader = True
    assert second._hold_lock() is False
    # The leader renews its own lock; the standby still cannot take it.
    assert first._hold_lock() is True and second._hold_lock() is False
    assert 0 < redis_settings.ttl(beat.LOCK_KEY) <= beat.LOCK_SECONDS


@needs_redis
def test_a_standby_ticks_idle_without_sending(redis_settings, monkeypatch):
    leader, standby = scheduler(), scheduler()
    assert leader._hold_lock()
    sent = []
    monkeypatch.setattr(beat.DatabaseScheduler, "tick", lambda self, *a, **k: sent.append(self) or 1.0)
    assert standby.tick() == beat.STANDBY_CHECK_SECONDS
    assert sent == [] and standby._leader is False


@needs_redis
def test_the_lock_passes_on_when_the_leader_stops_or_dies(redis_settings, monkeypatch):
    monkeypatch.setattr(beat.DatabaseScheduler, "close", lambda self: None)
    first, second = scheduler(), scheduler()
    first._leader = first._hold_lock()
    assert first._leader and not second._hold_lock()
    first.close()  # a clean stop releases the lock at once
    assert second._hold_lock() is True
    second._leader = True
    # A dead leader's lock expires: simulate the expiry, and the other beat takes over.
    redis_settings.delete(beat.LOCK_KEY)
    assert first._hold_lock() is True
    # The old leader, back, does not renew a lock that is no longer its own.
    assert second._hold_lock() is False


@needs_redis
def test_a_new_leader_rereads_the_schedule(db, redis_settings, monkeypatch):
    monkeypatch.setattr(beat.DatabaseScheduler, "tick", lambda self, *a, **k: 1.0)
    new = scheduler()
    new._initial_read = False
    assert new.tick() == 1.0
    assert new._leader is True and new._initial_read is True  # last run times come from the database
    # The read it is about to make is the current state: no second reload within the tick (see core.beat).
    assert new._last_timestamp == new.Changes.last_change()


def test_without_redis_the_only_beat_leads(settings):
    settings.REDIS_URL = ""
    assert scheduler()._hold_lock() is True


@needs_redis
def test_a_standby_that_takes_over_sends_a_due_task_once(db, redis_settings, monkeypatch):
    """The failover double fire the live check caught (gaps [.., 5.1, 0.005, 4.0] s): a standby's start-up reload
    leaves django-celery-beat's heap-invalidated flag set; the tick after its first send rebuilt the heap from
    schedule entries that had not seen that send, and sent the task again 26 ms later."""
    from django_celery_beat import schedulers
    from django_celery_beat.models import PeriodicTask

    monkeypatch.setattr(schedulers, "close_old_connections", lambda: None)  # keep the test's transaction
    # The start-up writes the schedule to the database, as the live beats do (which makes the reload).
    monkeypatch.setitem(celery_app.conf, "beat_schedule", {"probe": {"task": "probe.task", "schedule": 4.0}})
    monkeypatch.setattr(beat.SingleBeatScheduler, "producer", None, raising=False)  # no broker: sends recorded
    redis_settings.set(beat.LOCK_KEY, "the other beat")
    standby = beat.SingleBeatScheduler(app=celery_app)
    standby._finalize.cancel()  # its sync at interpreter exit would find the test database gone
    sent = []
    standby.apply_entry = lambda entry, producer=None: sent.append(entry.name)
    assert standby.tick() == beat.STANDBY_CHECK_SECONDS and sent == []

    # The leader sent the probe 5 s ago, stored its run on closing and released the lock.
    PeriodicTask.objects.filter(name="probe").update(last_run_at=timezone.now() - timedelta(seconds=5))
    PeriodicTasks.update_changed()
    redis_settings.delete(beat.LOCK_KEY)
    for _ in range(5):
        standby.tick()
    assert sent == ["probe"]
    assert standby._leader is True
