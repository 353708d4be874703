"""Records the browser journeys start from, inserted in the state a journey needs (as tests/factories.py does);
the journeys then move them only through the pages."""

from datetime import date

from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Filing
from services.models import SelfTestReport, SelfTestResult, Service, ServiceChangeFiling, StandardItem, TechStandard

_counter = {"n": 0}


def standard(required=("个人信息脱敏展示", "办件全流程可追溯"), optional=()):
    std = TechStandard.objects.create(version="V2.0", title="赣服通平台技术管理规范", published_on=date(2026, 1, 1),
                                      in_force=True)
    for i, text in enumerate(required):
        StandardItem.objects.create(standard=std, order=i, text=text, required=True)
    for i, text in enumerate(optional, start=len(required)):
        StandardItem.objects.create(standard=std, order=i, text=text, required=False)
    return std


def service(owner_code="360102", status="planned", name=None):
    _counter["n"] += 1
    n = _counter["n"]
    now = timezone.now()
    return Service.objects.create(owner_org=org(owner_code), name=name or f"旅程服务{n}-{owner_code}",
                                  code=f"JRN-{owner_code}-{n:05d}", status=status,
                                  listed_at=now if status == "listed" else None)


def passed_self_test(svc, std):
    report = SelfTestReport.objects.create(service=svc, owner_org=svc.owner_org, standard=std,
                                           tested_on=timezone.localdate(), tester="测试员")
    for item in std.items.all():
        SelfTestResult.objects.create(report=report, item=item, passed=True)
    report.recompute_passed()
    report.save()
    return report


def complete_register(svc):
    from security.register.models import DataSecurityRegister

    return DataSecurityRegister.objects.get_or_create(service=svc, defaults={
        "personal_data": ["name", "phone"], "masking_on_display": True, "encrypted_in_transit": True,
        "encrypted_at_rest": True, "consent_method": "授权页勾选同意", "retention_months": 12,
        "no_classified_data": True})[0]


def change_filing(svc, kind="service_listing", status="draft", user=None):
    change = {"service_listing": "listing", "service_update": "update", "service_delisting": "delisting"}[kind]
    filing = Filing.objects.create(kind=kind, owner_org=svc.owner_org, title=f"{change} {svc.name}", status=status,
                                   created_by=user, submitted_at=timezone.now() if status == "submitted" else None)
    ServiceChangeFiling.objects.create(filing=filing, service=svc, change=change, description="旅程测试")
    return filing
