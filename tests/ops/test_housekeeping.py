"""Housekeeping: expired sessions and API tokens deleted in batches (and nothing else), the security log archived
past its retention (never less than 180 days) with the chain still verifying, each job's last run recorded."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.audit.models import (
    GENESIS,
    ArchivedSecurityEvent,
    EventKind,
    SecurityEvent,
    first_broken_link,
    record,
)
from ganfutong_admin.core import chapters
from ganfutong_admin.observability import housekeeping
from ganfutong_admin.observability.models import HousekeepingRun

pytestmark = pytest.mark.django_db


def session(expires_in):
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_expired_sessions_go_in_batches_and_live_ones_stay(settings):
    settings.HOUSEKEEPING_BATCH_SIZE = 2
    expired = [session(-timedelta(minutes=m + 1)) for m in range(5)]
    live = [session(timedelta(minutes=10)) for _ in range(3)]
    assert housekeeping.purge_expired_sessions() == 5
    assert set(Session.objects.values_list("session_key", flat=True)) == set(live)
    assert not Session.objects.filter(session_key__in=expired).exists()
    run = HousekeepingRun.objects.get(job="purge_sessions")
    assert run.rows_affected == 5
    assert housekeeping.purge_expired_sessions() == 0
    assert HousekeepingRun.objects.get(job="purge_sessions").rows_affected == 0


def test_expired_and_long_revoked_tokens_go(make_user, settings):
    settings.HOUSEKEEPING_BATCH_SIZE = 1
    user = make_user("token_owner", "submitter")
    now = timezone.now()
    active, _ = ApiToken.issue(user, "active")
    expired, _ = ApiToken.issue(user, "expired")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=now - timedelta(seconds=1))
    just_revoked, _ = ApiToken.issue(user, "just revoked")
    ApiToken.objects.filter(pk=just_revoked.pk).update(revoked_at=now - timedelta(days=1))
    long_revoked, _ = ApiToken.issue(user, "long revoked")
    ApiToken.objects.filter(pk=long_revoked.pk).update(revoked_at=now - timedelta(days=31))
    assert housekeeping.purge_expired_tokens() == 2
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"active", "just revoked"}
    assert user.__class__.objects.filter(pk=user.pk).exists()


def chain(ages_in_days):
    """Security events created the given number of days ago, in this order, chained as record() does."""
    last = SecurityEvent.objects.order_by("-pk").first()
    prev = last.row_hash if last else GENESIS
    events = []
    for i, days in enumerate(ages_in_days):
        event = SecurityEvent(kind=EventKind.LOGIN, username=f"user{i}", target=f"t{i}", detail={"n": i},
                              created_at=timezone.now() - timedelta(days=days), prev_hash=prev)
        event.row_hash = event.compute_hash()
        event.save()
        events.append(event)
        prev = event.row_hash
    return events


def test_retention_is_never_below_180_days(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    assert housekeeping.retention_days() == 180
    settings.SECURITY_LOG_RETENTION_DAYS = 400
    assert housekeeping.retention_days() == 400


def test_the_settings_refuse_a_retention_below_180_days():
    from django.conf import settings

    env = {"DJANGO_SETTINGS_MODULE": "ganfutong_admin.settings", "SECURITY_LOG_RETENTION_DAYS": "179",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "SECURITY_LOG_RETENTION_DAYS must be at least 180" in out.stderr


def test_archiving_with_a_too_short_setting_keeps_180_days(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 1  # as if someone bypassed the start-up check
    chain([400, 200, 179, 100, 5])
    assert housekeeping.archive_security_log() == 2
    assert sorted(ArchivedSecurityEvent.objects.values_list("username", flat=True)) == ["user0", "user1"]
    assert first_broken_link() is None


def test_archive_moves_a_prefix_and_the_chain_still_verifies(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    settings.HOUSEKEEPING_BATCH_SIZE = 2
    events = chain([900, 800, 700, 600, 500, 10, 400, 3])  # the 400-day-old row comes after a young one: stays
    before = [(e.pk, e.row_hash) for e in events]
    assert housekeeping.archive_security_log() == 5
    assert list(ArchivedSecurityEvent.objects.values_list("id", "row_hash")) == before[:5]
    assert list(SecurityEvent.objects.values_list("pk", "row_hash")) == before[5:]
    assert first_broken_link() is None
    call_command("verify_audit_log")
    # The chain goes on: the next event links to the live log's end and everything verifies.
    record(EventKind.LOGOUT, username="after")
    assert first_broken_link() is None
    assert HousekeepingRun.objects.get(job="archive_security_log").rows_affected == 5
    assert housekeeping.archive_security_log() == 0


def test_the_newest_row_always_stays_live_and_appends_continue(settings):
    chain([500, 400])
    assert housekeeping.archive_security_log() == 1
    assert SecurityEvent.objects.count() == 1
    event = record(EventKind.LOGIN, username="next")
    assert event.prev_hash == SecurityEvent.objects.order_by("pk").first().row_hash
    assert first_broken_link() is None


def test_verification_finds_a_tampered_archive_row(settings):
    chain([500, 400, 300, 2])
    housekeeping.archive_security_log()
    victim = ArchivedSecurityEvent.objects.order_by("id")[1]
    # Raw SQL around the model (and, on PostgreSQL, the trigger): as an intruder with database access would.
    table = ArchivedSecurityEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(f"UPDATE {table} SET username = 'mallory' WHERE id = %s", [victim.id])
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    assert first_broken_link().pk == victim.id


def test_verification_finds_a_row_missing_between_archive_and_live_log(settings):
    events = chain([500, 400, 300, 2])
    assert housekeeping.archive_security_log() == 2  # older than the 365 days of the default retention
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_archivedsecurityevent DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_archivedsecurityevent WHERE id = %s", [events[1].pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_archivedsecurityevent ENABLE TRIGGER USER")
    assert first_broken_link().pk == events[2].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's own refusal: PostgreSQL triggers")
def test_the_database_refuses_to_delete_unarchived_or_young_rows():
    from django.db.utils import InternalError

    old, young = chain([400, 10])
    for event in (old, young):
        with pytest.raises(InternalError), transaction.atomic():
            SecurityEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)
    # Archived but younger than 180 days: still refused.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_archivedsecurityevent (id, kind, actor_id, username, ip_address, target, "
                       "detail, created_at, prev_hash, row_hash, archived_at) SELECT id, kind, actor_id, username, "
                       "ip_address, target, detail, created_at, prev_hash, row_hash, now() FROM audit_securityevent "
                       "WHERE id = %s", [young.pk])
    with pytest.raises(InternalError), transaction.atomic():
        SecurityEvent.objects.filter(pk=young.pk)._raw_delete(connection.alias)
    with pytest.raises(InternalError), transaction.atomic():
        ArchivedSecurityEvent.objects.filter(pk=young.pk)._raw_delete(connection.alias)


def test_the_jobs_are_on_beat():
    from ganfutong_admin.celery import app

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"ganfutong_admin.observability.tasks.purge_expired_sessions",
            "ganfutong_admin.observability.tasks.purge_expired_tokens",
            "ganfutong_admin.observability.tasks.archive_security_log"} <= scheduled
    assert chapters.beat_schedule()["housekeeping-archive-security-log"]["schedule"] == timedelta(days=1)


def test_the_tasks_run_the_jobs():
    from ganfutong_admin.observability import tasks

    session(-timedelta(minutes=1))
    assert tasks.purge_expired_sessions.delay().get() == 1
    assert tasks.purge_expired_tokens.delay().get() == 0
    assert tasks.archive_security_log.delay().get() == 0
    assert set(HousekeepingRun.objects.values_list("job", flat=True)) == {
        "purge_sessions", "purge_api_tokens", "archive_security_log"}
