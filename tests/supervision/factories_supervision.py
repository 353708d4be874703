"""Builders for the supervision tests: records that breach (or keep) each declared rule, inserted in the state a
test needs, and alerts as the runner leaves them."""

from datetime import timedelta
from itertools import count

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Filing, Rectification
from maintenance.events.models import AdvanceFiling
from maintenance.hotline.models import BadReview, WorkOrder
from maintenance.monitoring.models import AvailabilityAnomaly
from services.models import Service
from supervision.alerts.runner import run_rules

_n = count(1)


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def ahead(**kwargs):
    return timezone.now() + timedelta(**kwargs)


def service(owner="360102", status="listed"):
    n = next(_n)
    return Service.objects.create(owner_org=org(owner), name=f"监察测试服务{n}", code=f"SUP-{owner}-{n:05d}",
                                  status=status, listed_at=ago(days=100), entry_url=f"https://x.invalid/{n}")


def rectification(owner="360102", due=None, status="open", title=None):
    return Rectification.objects.create(owner_org=org(owner), title=title or f"整改事项{next(_n)}",
                                        description="检查发现的问题", due_at=due or ago(days=1), status=status)


def emergency_filing(owner="360102", due=None, status="oral_reported"):
    return Filing.objects.create(kind="emergency_delisting", owner_org=org(owner), title=f"紧急下架{next(_n)}",
                                 status=status, due_at=due or ago(hours=2))


def advance_filing(owner="360102", late=True, window_start=None):
    start = window_start or ahead(days=1)
    filing = Filing.objects.create(kind="advance_filing", owner_org=org(owner), title=f"系统升级报备{next(_n)}",
                                   status="submitted", submitted_at=ago(hours=1))
    AdvanceFiling.objects.create(filing=filing, event_type="system_upgrade", window_start=start,
                                 window_end=start + timedelta(hours=4), expected_impact="暂停办理", risk="无",
                                 fallback_plan="回滚", contact="值班员 0791-88888888", first_submitted_at=ago(hours=1),
                                 required_by=ago(days=2), required_working_days=3, filed_late=late)
    return filing


def work_order(owner="360102", status="processing", due=None, ack_due=None):
    return WorkOrder.objects.create(
        owner_org=org(owner), hotline_id=f"SUP-{next(_n):06d}", source="api", type="complaint", title="工单",
        content="群众反映服务无法使用。", citizen_name="张三", citizen_phone="13812345678", received_at=ago(days=20),
        status=status, dispatched_at=ago(days=20), ack_due_at=ack_due or ago(days=19), ack_warn_at=ago(days=19),
        due_at=due or ago(days=1), warn_at=ago(days=2))


def bad_review(owner="360102", due=None, status="active", excluded=False):
    rect = rectification(owner, due=due or ago(days=1), title="差评整改")
    review = BadReview.objects.create(case_number=f"BJ-{next(_n)}", owner_org=org(owner), rating="unsatisfied",
                                      rectification=rect, status=status, excluded=excluded)
    Rectification.objects.filter(pk=rect.pk).update(source_type=ContentType.objects.get_for_model(BadReview),
                                                     source_id=review.pk)
    return review


def anomaly(owner="360102", started=None, status="open"):
    svc = service(owner)
    return AvailabilityAnomaly.objects.create(owner_org=svc.owner_org, service=svc, status=status,
                                              started_at=started or ago(hours=3), last_failure_at=ago(minutes=1),
                                              consecutive_failures=30, last_error="timeout")


def rule(code):
    from ganfutong_admin.core import chapters

    return next(r for r in chapters.supervision_rules() if r.code == code)


def run(code=None, now=None):
    return run_rules(now=now, rules=[rule(code)] if code else None)
