"""Builders for the hotline tests (第十八条): work orders in any state, bad reviews, citizens' data.

Work orders are inserted in the state a test needs (a "processing" order is created as processing, with
deadlines); the lifecycle itself is exercised through lifecycle.receive / lifecycle.perform, the pages and the
API by the tests.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Rectification
from maintenance.hotline.models import BadReview, WorkOrder
from maintenance.hotline.validators import id_check_digit
from services.models import Service

# Test citizens: valid-looking mainland mobiles and ID numbers with a correct GB 11643 check digit.
PHONE = "13812345678"
LANDLINE = "0791-86123456"


def id_number(first17="36010219900101123"):
    return first17 + id_check_digit(first17)


ID_NUMBER = id_number()


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    owner_org = factory.LazyFunction(lambda: org("360102"))
    hotline_id = factory.Sequence(lambda n: f"T12345-{n:06d}")
    source = "api"
    type = "complaint"
    title = factory.Sequence(lambda n: f"工单测试 {n}")
    content = "群众反映服务无法使用。"
    citizen_name = "张三"
    citizen_phone = PHONE
    citizen_id_number = ID_NUMBER
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    status = "processing"
    dispatched_at = factory.LazyAttribute(lambda o: o.received_at)
    acknowledged_at = factory.LazyFunction(timezone.now)
    ack_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ack_warn_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    warn_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=9))

    class Params:
        received = factory.Trait(status="received", owner_org=factory.LazyFunction(lambda: org("OP3601")),
                                 dispatched_at=None, acknowledged_at=None, ack_due_at=None, ack_warn_at=None,
                                 due_at=None, warn_at=None)
        dispatched = factory.Trait(status="dispatched", acknowledged_at=None)
        replied = factory.Trait(status="replied", reply="已答复群众。",
                                replied_at=factory.LazyFunction(timezone.now))
        red = factory.Trait(due_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
                            warn_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)))
        yellow = factory.Trait(due_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=5)),
                               warn_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))


def make_bad_review(work_order=None, owner_code="360102", case_number="", status="active", **kwargs):
    owner = org(owner_code)
    rect = Rectification.objects.create(owner_org=owner, title="差评整改", description="群众不满意",
                                        due_at=timezone.now() + timedelta(days=20))
    kwargs.setdefault("comment", "处理太慢")
    kwargs.setdefault("rating", "unsatisfied")
    return BadReview.objects.create(work_order=work_order, case_number=case_number, owner_org=owner,
                                    rectification=rect, status=status, **kwargs)


def make_service(owner_code="360102", code=None, name=None, status="listed"):
    """A catalog service (the hotline names services by code; their owner handles the orders)."""
    code = code or f"HL-{owner_code}-{Service.objects.count() + 1:04d}"
    return Service.objects.create(owner_org=org(owner_code), code=code, name=name or f"热线测试服务 {code}",
                                  status=status)
