"""Builders for the security chapter's tests: services and their data-security register entries.

Records are inserted in the state a test needs; the transitions and guards are exercised by the tests."""

from datetime import date

from factories import org

from ganfutong_admin.workflow.models import Filing
from security.register.models import DataSecurityRegister
from services.models import SelfTestReport, SelfTestResult, Service, ServiceChangeFiling, StandardItem, TechStandard

_counter = {"n": 0}

COMPLETE = {"personal_data": ["name", "id_number", "phone"], "masking_on_display": True,
            "masking_note": "身份证号保留前3后4位", "encrypted_in_transit": True, "encrypted_at_rest": True,
            "consent_method": "授权页勾选同意", "retention_months": 36, "no_classified_data": True}


def service(owner_code="360102", status="planned", name=None, **extra):
    _counter["n"] += 1
    n = _counter["n"]
    return Service.objects.create(owner_org=org(owner_code), name=name or f"安全测试服务{n}-{owner_code}",
                                  code=f"SEC-{owner_code}-{n:05d}", status=status, **extra)


def register(svc=None, owner_code="360102", complete=True, **fields):
    svc = svc or service(owner_code)
    values = dict(COMPLETE) if complete else {"personal_data": ["name"]}
    values.update(fields)
    return DataSecurityRegister.objects.create(service=svc, **values)


def standard(version="V2.0"):
    std = TechStandard.objects.create(version=version, title="赣服通平台技术管理规范", published_on=date(2026, 1, 1),
                                      in_force=True)
    StandardItem.objects.create(standard=std, order=0, text="个人信息脱敏展示", required=True)
    return std


def self_test(svc, std, passed=True):
    report = SelfTestReport.objects.create(service=svc, owner_org=svc.owner_org, standard=std,
                                           tested_on=date(2026, 9, 1), tester="测试员")
    for item in std.items.all():
        SelfTestResult.objects.create(report=report, item=item, passed=passed)
    report.recompute_passed()
    report.save()
    return report


def listing_filing(svc, user):
    """A draft listing filing of the service (services' kind "service_listing")."""
    filing = Filing.objects.create(kind="service_listing", owner_org=svc.owner_org, title=f"上架 {svc.name}",
                                   created_by=user)
    ServiceChangeFiling.objects.create(filing=filing, service=svc, change="listing", description="申请上架")
    return filing


def incident(owner_code="360102", title=None, severity="general", status="reported", minutes_to_report=10,
             hours_ago=2, **fields):
    """An incident inserted in the given state (the transitions are what the tests exercise)."""
    from datetime import timedelta

    from django.utils import timezone

    from security.incidents.models import SecurityIncident

    _counter["n"] += 1
    occurred = timezone.now() - timedelta(hours=hours_ago)
    values = {"plan_activated_at": occurred, "plan_name": "应急预案"} if severity in ("major", "especially_major") \
        else {}
    values.update(fields)
    return SecurityIncident.objects.create(
        owner_org=org(owner_code), title=title or f"安全事件{_counter['n']}-{owner_code}", severity=severity,
        status=status, occurred_at=occurred, reported_at=occurred + timedelta(minutes=minutes_to_report),
        description="测试事件", **values)


def risk(owner_code="360102", threat=None, likelihood=3, impact=3, due_in_days=10, status="open", **fields):
    from datetime import timedelta

    from django.utils import timezone

    from security.risks.models import Risk

    _counter["n"] += 1
    return Risk.objects.create(owner_org=org(owner_code), asset=fields.pop("asset", "政务外网"),
                               threat=threat or f"风险{_counter['n']}-{owner_code}", likelihood=likelihood,
                               impact=impact, owner_name="负责人", treatment="加固",
                               due_on=timezone.localdate() + timedelta(days=due_in_days), status=status, **fields)


def assessment(owner_code="360102", title=None, findings=(), user=None):
    from security.risks.lifecycle import record_assessment

    _counter["n"] += 1
    if user is None:
        from factories import UserFactory

        user = UserFactory(username=f"assessor{_counter['n']}", org_unit=org(owner_code), roles=["submitter"])
    return record_assessment(user=user, findings=findings, owner_org=org(owner_code),
                             title=title or f"安全检查{_counter['n']}-{owner_code}", kind="inspection",
                             assessor="测评机构")


def supplier(owner_code="360102", name=None, nda_in_days=200, signed_days_ago=100, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from security.suppliers.models import Supplier

    _counter["n"] += 1
    today = timezone.localdate()
    return Supplier.objects.create(
        owner_org=org(owner_code), name=name or f"供应商{_counter['n']}-{owner_code}",
        nda_signed_on=today - timedelta(days=signed_days_ago),
        nda_expires_on=None if nda_in_days is None else today + timedelta(days=nda_in_days), **fields)


def person(sup, name=None, check_in_days=200, core=True, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from security.suppliers.models import SupplierPerson

    _counter["n"] += 1
    today = timezone.localdate()
    return SupplierPerson.objects.create(
        supplier=sup, name=name or f"人员{_counter['n']}", core_data_access=core,
        check_done_on=today - timedelta(days=30), check_result="passed",
        check_expires_on=None if check_in_days is None else today + timedelta(days=check_in_days), **fields)


def plan(owner_code="360102", title=None, effective_days_ago=30, user=None):
    from datetime import timedelta

    from django.utils import timezone

    from security.drills.lifecycle import create_plan

    _counter["n"] += 1
    return create_plan(user=user, owner_org=org(owner_code), title=title or f"应急预案{_counter['n']}-{owner_code}",
                       label="V1.0", effective_on=timezone.localdate() - timedelta(days=effective_days_ago))


def drill(the_plan, scenario=None, findings=(), days_ago=1, user=None):
    from datetime import timedelta

    from django.utils import timezone

    from security.drills.lifecycle import record_drill

    _counter["n"] += 1
    if user is None:
        from factories import UserFactory

        user = UserFactory(username=f"driller{_counter['n']}", org_unit=the_plan.owner_org, roles=["submitter"])
    return record_drill(user=user, plan=the_plan, held_on=timezone.localdate() - timedelta(days=days_ago),
                        scenario=scenario or f"演练{_counter['n']}", participants="相关人员", findings=findings)


def session(owner_code="360000", topic=None, trained=("360102",), people=(), days_ago=10):
    from datetime import timedelta

    from django.utils import timezone

    from security.training.models import TrainingAttendance, TrainingSession

    _counter["n"] += 1
    made = TrainingSession.objects.create(owner_org=org(owner_code), topic=topic or f"培训{_counter['n']}",
                                          trainer="讲师", held_on=timezone.localdate() - timedelta(days=days_ago))
    made.org_units.set([org(code) for code in trained])
    for unit, name in people:
        TrainingAttendance.objects.create(session=made, person=name, org_unit=org(unit))
    return made
