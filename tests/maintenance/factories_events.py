"""Builders for the advance-filing and fault-report tests (第十六条).

Like tests/factories.py, records are inserted in the state a test needs (a "submitted" filing is inserted as
submitted); the transitions themselves are exercised by the tests through the engine, the pages and the API.
"""

from datetime import timedelta
from itertools import count

from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Filing
from maintenance.events.models import AdvanceFiling, FaultEvent, FaultReport
from services.models import Service

_numbers = count(1)


def service(owner_code="360102", status="listed", name=None):
    n = next(_numbers)
    return Service.objects.create(owner_org=org(owner_code), name=name or f"测试服务{n}-{owner_code}",
                                  code=f"EVT-{owner_code}-{n:05d}", status=status,
                                  listed_at=timezone.now() if status == "listed" else None)


def advance_filing(owner_code="360102", status="draft", title=None, window_start=None, hours=4, services=None,
                   event_type="system_upgrade", created_by=None, **details):
    """A filing of kind advance_filing with its details; the window opens in 10 days unless given."""
    start = window_start or timezone.now() + timedelta(days=10)
    filing = Filing.objects.create(
        kind="advance_filing", owner_org=org(owner_code), title=title or f"系统升级报备 {next(_numbers)}",
        status=status, created_by=created_by,
        submitted_at=timezone.now() if status in ("submitted", "acknowledged") else None,
    )
    made = AdvanceFiling.objects.create(
        filing=filing, event_type=event_type, window_start=start, window_end=start + timedelta(hours=hours),
        expected_impact="升级期间服务暂停办理", risk="数据迁移失败", fallback_plan="回滚至升级前版本",
        contact="值班员 0791-88888888", **details,
    )
    made.services.set(services if services is not None else [service(owner_code)])
    return filing


def fault(owner_code="360102", status="investigating", severity="ordinary", title=None, occurred_ago=None,
          report_after=timedelta(minutes=30), services=(), created_by=None, **fields):
    """A fault report with its "reported" event; it occurred 3 hours ago and was reported 30 minutes later."""
    occurred = timezone.now() - (occurred_ago or timedelta(hours=3))
    made = FaultReport.objects.create(
        owner_org=org(owner_code), title=title or f"服务故障 {next(_numbers)}", severity=severity, status=status,
        occurred_at=occurred, detected_at=occurred + min(report_after, timedelta(minutes=10)),
        reported_at=occurred + report_after, impact="群众无法提交申请", created_by=created_by, **fields,
    )
    made.services.set(services)
    if created_by is not None:
        FaultEvent.objects.create(fault=made, actor=created_by, action="report", from_status="",
                                  to_status=status, version=made.version)
    return made
