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
