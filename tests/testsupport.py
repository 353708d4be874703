"""Markers and helpers shared by the test modules (importable as a top-level module: tests/ is on sys.path)."""

import os

import pytest
from django.db import connection

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (row locks): set DATABASE_URL=postgres://..."
)
needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL")


# The people of the role x scope matrix (ROLES.md "Demo users"), as (role, org unit code).
PEOPLE = {
    "province_reviewer": ("reviewer", "360000"),
    "province_supervisor": ("supervisor", "360000"),
    "nanchang_submitter": ("submitter", "360100"),  # 南昌市
    "donghu_submitter": ("submitter", "360102"),  # 东湖区, under 南昌市
    "jiujiang_submitter": ("submitter", "360400"),  # 九江市
    "lianxi_submitter": ("submitter", "360402"),  # 濂溪区, under 九江市
    "dept_submitter": ("submitter", "D3601"),  # 江西省公安厅
    "operator_publisher": ("publisher", "OP3601"),
    "auditor": ("auditor", "360402"),  # auditors may sit anywhere: here in a county
    "sys_admin": ("sys_admin", "360000"),
    "sec_admin": ("sec_admin", "360000"),
    "audit_admin": ("audit_admin", "360000"),
}


def results(response):
    """The rows of a paginated API list response."""
    return response.json()["results"]


def run_at_once(workers, timeout=120):
    """Start every callable in its own thread behind one barrier, so they hit the database together; return
    what each returned, or the exception it raised, in order. Each thread closes its own connection (the
    data they race on must be committed: transactional_db)."""
    import threading

    from django.db import connection as thread_connection

    barrier = threading.Barrier(len(workers))
    outcomes = [None] * len(workers)

    def run(i):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = workers[i]()
        except BaseException as exc:  # noqa: BLE001 - recorded and asserted on by the caller
            outcomes[i] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def run_each(count, worker):
    """run_at_once for `count` threads calling worker(i)."""
    return run_at_once([lambda i=i: worker(i) for i in range(count)])
