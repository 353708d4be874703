"""Builders for the service-filing tests (第十条–第十一条): standards, services, self-tests and filings.

Like tests/factories.py, records are created in the state a test needs directly (a "listed" service is inserted
as listed); the transitions themselves are exercised by the tests through the workflow engine and the pages.
"""

from datetime import date

from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Filing
from services.models import (
    SelfTestReport,
    SelfTestResult,
    Service,
    ServiceChangeFiling,
    ServiceListFiling,
    StandardItem,
    TechStandard,
)

KIND_OF_CHANGE = {"listing": "service_listing", "update": "service_update", "delisting": "service_delisting"}
_counter = {"n": 0}


def _next():
    _counter["n"] += 1
    return _counter["n"]


def standard(version="V1.0", in_force=True, items=2):
    std = TechStandard.objects.create(version=version, title="赣服通平台技术管理规范", published_on=date(2026, 1, 1),
                                      in_force=in_force)
    for i in range(items):
        StandardItem.objects.create(standard=std, order=i, text=f"检查项 {i + 1}", required=True)
    return std


def service(owner_code="360102", status="planned", name=None, code=None, **extra):
    n = _next()
    now = timezone.now()
    return Service.objects.create(
        owner_org=org(owner_code), name=name or f"测试服务{n}-{owner_code}", code=code or f"SVC-{owner_code}-{n:05d}",
        status=status, listed_at=now if status == "listed" else None,
        delisted_at=now if status == "delisted" else None, **extra,
    )


def self_test(svc, std, passed=True, tested_on=None):
    report = SelfTestReport.objects.create(service=svc, owner_org=svc.owner_org, standard=std,
                                           tested_on=tested_on or date(2026, 9, 1), tester="测试员")
    for item in std.items.all():
        SelfTestResult.objects.create(report=report, item=item, passed=passed)
    report.recompute_passed()
    report.save()
    assert report.passed is passed
    return report


def complete_register(svc):
    """The service's data-security register entry, complete (第二十一条: security refuses a listing without one)."""
    from security.register.models import DataSecurityRegister

    entry, _ = DataSecurityRegister.objects.get_or_create(service=svc, defaults={
        "personal_data": ["name", "phone"], "masking_on_display": True, "encrypted_in_transit": True,
        "encrypted_at_rest": True, "consent_method": "授权页勾选同意", "retention_months": 12,
        "no_classified_data": True})
    return entry


def change_filing(svc, change, status="draft", user=None, description="测试变更说明", register=True,
                  **filing_fields):
    """A filing of a change of the service; a listing's service gets a complete data-security register entry
    (`register=False`: none), so that these tests meet only the guards of the services chapter."""
    kind = KIND_OF_CHANGE.get(change, change)
    if change == "listing" and register:
        complete_register(svc)
    filing = Filing.objects.create(kind=kind, owner_org=svc.owner_org, title=f"{change} {svc.name}",
                                   status=status, created_by=user, **filing_fields)
    details = ServiceChangeFiling.objects.create(filing=filing, service=svc, change=change, description=description)
    return filing, details


def list_filing(owner_code, services, status="draft", period="2026-Q4", user=None):
    filing = Filing.objects.create(kind="service_list", owner_org=org(owner_code), title=f"清单 {owner_code} {period}",
                                   status=status, created_by=user)
    details = ServiceListFiling.objects.create(filing=filing, period=period)
    details.services.set(services)
    return filing, details
