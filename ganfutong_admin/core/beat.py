"""One beat for the province, however many are started: django-celery-beat's database scheduler behind a Redis lock.

Every host may run `celery beat` (deploy/systemd/ganfutong-beat.service). The one holding the lock (a Redis key
with a TTL, renewed at every tick) sends the due tasks; the others tick idle as standbys and check the lock every
few seconds. When the leader stops, it releases the lock; when it dies, the lock expires after LOCK_SECONDS and a
standby takes over, re-reading the schedule (and the last run times the leader stored) from the database first.
So each period of a periodic task fires once (scripts/scale_out_check.py shows it with two beats).

Without REDIS_URL (the embedded default, tasks run eagerly) there is nothing to share and the scheduler leads alone.
"""

import logging
import os
import socket
import uuid

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "ganfutong:beat:leader"
# A dead leader's lock expires after this; the leader renews it at every tick (at most max_interval apart, 5 s).
LOCK_SECONDS = 30
STANDBY_CHECK_SECONDS = 5

# Renew only our own lock: compare and extend in one step.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class SingleBeatScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        self._leader = False
        self._identity = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._redis = None
        if settings.REDIS_URL:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5, socket_timeout=5)
        super().__init__(*args, **kwargs)

    def _hold_lock(self):
        if self._redis is None:
            return True
        try:
            if self._leader and self._redis.eval(_RENEW, 1, LOCK_KEY, self._identity, LOCK_SECONDS):
                return True
            return bool(self._redis.set(LOCK_KEY, self._identity, nx=True, ex=LOCK_SECONDS))
        except Exception as exc:  # noqa: BLE001 - Redis down: send nothing rather than twice
            logger.warning("beat: cannot reach Redis for the leader lock (%s); not sending tasks", type(exc).__name__)
            return False

    def tick(self, *args, **kwargs):
        leading = self._hold_lock()
        if leading and not self._leader:
            logger.info("beat: %s is the leader; sending periodic tasks", self._identity)
            # Another beat may have led until now: its last run times are in the database, ours are stale. The
            # heap is rebuilt from that read, which is the current state: take the change stamp with it (else the
            # stamp the other beat left reloads the schedule again inside this tick), and drop the heap-invalidated
            # flag our own start-up reload left set (else the tick after the first send rebuilds the heap again).
            self._initial_read = True
            self._heap = None
            self._heap_invalidated = False
            self._last_timestamp = self.Changes.last_change()
        elif self._leader and not leading:
            logger.warning("beat: %s lost the leader lock; standing by", self._identity)
        elif not leading and not getattr(self, "_announced_standby", False):
            logger.info("beat: %s stands by (another beat holds the leader lock)", self._identity)
            self._announced_standby = True
        self._leader = leading
        if not leading:
            return STANDBY_CHECK_SECONDS
        return super().tick(*args, **kwargs)

    def reserve(self, entry):
        """django-celery-beat's reserve() returns the next entry without storing it, so a heap rebuilt from the
        schedule before the next sync would hold the entry of the run just sent and send it again at once (the
        failover double fire scripts/scale_out_check.py caught, gaps [.., 5.1, 0.005, 4.0] s). Store it, as
        Celery's own Scheduler.reserve() does."""
        next_entry = super().reserve(entry)
        if self._schedule is not None:
            self._schedule[next_entry.name] = next_entry
        return next_entry

    def close(self):
        try:
            super().close()
        finally:
            if self._redis is not None and self._leader:
                try:
                    self._redis.eval(_RELEASE, 1, LOCK_KEY, self._identity)
                except Exception:  # noqa: BLE001 - expires by itself
                    pass
                self._leader = False
