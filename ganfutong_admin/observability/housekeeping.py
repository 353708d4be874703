"""Housekeeping (Celery beat, see apps.py): expired sessions and API tokens deleted, security events past their
retention moved to the archive. Deletes go in bounded batches, each its own short transaction, so that no run
holds locks for long or leaves a huge transaction's dead rows at once (autovacuum catches up between batches).
Each job records its last run (HousekeepingRun) for /metrics."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.audit.models import MIN_RETENTION_DAYS, ArchivedSecurityEvent, SecurityEvent, _lock_chain

from .models import HousekeepingRun


def batch_size():
    return max(1, int(getattr(settings, "HOUSEKEEPING_BATCH_SIZE", 1000)))


def retention_days():
    """The security log's retention: the setting, never below the legal 180 days (whatever it says)."""
    return max(int(getattr(settings, "SECURITY_LOG_RETENTION_DAYS", MIN_RETENTION_DAYS)), MIN_RETENTION_DAYS)


def _record(job, rows, started):
    HousekeepingRun.objects.update_or_create(job=job, defaults={
        "finished_at": timezone.now(), "rows_affected": rows, "seconds": time.monotonic() - started})
    return rows


def _delete_in_batches(queryset, key="pk"):
    """Delete the rows of `queryset`, at most batch_size() per transaction; the number deleted."""
    model = queryset.model
    total = 0
    while True:
        with transaction.atomic():
            keys = list(queryset.order_by(key).values_list(key, flat=True)[: batch_size()])
            if not keys:
                return total
            model.objects.filter(**{f"{key}__in": keys}).delete()
            total += len(keys)
        if len(keys) < batch_size():
            return total


def purge_expired_sessions(now=None):
    started = time.monotonic()
    now = now or timezone.now()
    rows = _delete_in_batches(Session.objects.filter(expire_date__lt=now), key="session_key")
    return _record("purge_sessions", rows, started)


# A revoked token is kept this long after its revocation (who revoked what stays visible a while); an expired one
# goes at once (it can never be used again and its owner issues a new one).
REVOKED_TOKEN_GRACE = timedelta(days=30)


def purge_expired_tokens(now=None):
    started = time.monotonic()
    now = now or timezone.now()
    stale = ApiToken.objects.filter(Q(expires_at__lt=now) | Q(revoked_at__lt=now - REVOKED_TOKEN_GRACE))
    rows = _delete_in_batches(stale)
    return _record("purge_api_tokens", rows, started)


ARCHIVE_COLUMNS = ("id", "kind", "actor_id", "username", "ip_address", "target", "detail", "created_at",
                   "prev_hash", "row_hash")


def archive_security_log(now=None):
    """Move the security events older than the retention period to the archive, oldest first, a batch per
    transaction: each batch is copied unchanged (same id, content and hashes) and then deleted from the live log,
    under the chain's lock. Only a prefix of the chain moves (rows up to the first younger one), and the newest row
    always stays live, so the chain is archive + live log in id order and first_broken_link() verifies it whole."""
    started = time.monotonic()
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    live = SecurityEvent._meta.db_table
    archive = ArchivedSecurityEvent._meta.db_table
    columns = ", ".join(ARCHIVE_COLUMNS)
    total = 0
    while True:
        with transaction.atomic():
            _lock_chain()
            newest = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            if newest is None:
                break
            first_young = (SecurityEvent.objects.filter(created_at__gte=cutoff).order_by("pk")
                           .values_list("pk", flat=True).first())
            limit = min(newest, first_young) if first_young is not None else newest
            ids = list(SecurityEvent.objects.filter(pk__lt=limit, created_at__lt=cutoff).order_by("pk")
                       .values_list("pk", flat=True)[: batch_size()])
            if not ids:
                break
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {archive} ({columns}, archived_at) SELECT {columns}, %s FROM {live} "  # noqa: S608
                    f"WHERE id >= %s AND id <= %s", [now, ids[0], ids[-1]])
                cursor.execute(f"DELETE FROM {live} WHERE id >= %s AND id <= %s", [ids[0], ids[-1]])  # noqa: S608
            total += len(ids)
        if len(ids) < batch_size():
            break
    return _record("archive_security_log", total, started)
