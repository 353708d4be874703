"""Concurrent writers of the security log keep one hash chain (PostgreSQL: READ COMMITTED and real row locks;
on SQLite the database write lock serializes writers anyway)."""

import pytest
from testsupport import needs_postgres, run_each

from ganfutong_admin.audit.models import GENESIS, EventKind, SecurityEvent, first_broken_link, record

pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 20


def race(writers):
    outcomes = run_each(writers, lambda i: record(EventKind.EXPORT, target=f"writer {i}"))
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes


def assert_one_chain(expected_rows):
    rows = list(SecurityEvent.objects.order_by("pk").values_list("pk", "prev_hash", "row_hash"))
    assert len(rows) == expected_rows
    forked = len(rows) - len({prev for _, prev, _ in rows})
    assert forked == 0, f"{forked} of {len(rows)} rows repeat the prev_hash of an earlier row (the chain forked)"
    prev = GENESIS
    for pk, prev_hash, row_hash in rows:
        assert prev_hash == prev, f"event #{pk} does not link to the event before it"
        prev = row_hash
    assert first_broken_link() is None


def test_concurrent_writers_leave_one_unbroken_chain():
    record(EventKind.EXPORT, target="before the race")  # the writers race for an existing last row
    race(WRITERS)
    assert_one_chain(WRITERS + 1)


def test_concurrent_first_writers_leave_one_unbroken_chain():
    race(WRITERS)  # an empty log: there is no last row to lock
    assert_one_chain(WRITERS)
