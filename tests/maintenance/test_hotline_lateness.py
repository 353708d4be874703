"""A late sign-off or reply of a 12345 work order leaves a trace (issue 15, point 4): the timeline row of the
acknowledgement / reply keeps the deadline and the working days late; the detail page shows "逾期签收 N 个工作日"
after the light has turned green; the on-time rate of the evaluation counts the order as late.

National Day 2026 (10-01..10-07, make-up working day Saturday 10-10) is in the seeded calendar."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories_hotline import PHONE, make_service

from maintenance.hotline import lifecycle
from maintenance.hotline.models import WorkOrder, WorkOrderEvent
from maintenance.indicators import work_orders_on_time

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def end_of(y, m, d):
    return datetime(y, m, d, 23, 59, 59, tzinfo=SH)


def receive_at(moment, user, service):
    with time_machine.travel(moment, tick=False):
        return lifecycle.receive(user=user, type="complaint", title="测试", content="内容", citizen_name="张三",
                                 citizen_phone=PHONE, service=service, received_at=moment)


def perform_at(moment, work_order, action, user, comment="", **inputs):
    work_order.refresh_from_db()
    with time_machine.travel(moment, tick=False):
        return lifecycle.perform(work_order.pk, action, user, work_order.version, comment, **inputs)


@pytest.fixture
def service(db):
    return make_service("360102")


def test_late_sign_off_is_kept_after_the_light_turns_green(people, service, web):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    wo = receive_at(at(2026, 9, 29, 10, 0), operator, service)
    assert wo.ack_due_at == end_of(2026, 9, 30)
    # Signed on 10-09: 10-08 and 10-09 are the working days after the deadline (National Day between).
    wo = perform_at(at(2026, 10, 9, 9, 0), wo, "acknowledge", donghu)
    event = WorkOrderEvent.objects.get(work_order=wo, action="acknowledge")
    assert (event.deadline_at, event.late_working_days) == (end_of(2026, 9, 30), 2)
    assert WorkOrder.objects.with_light(now=at(2026, 10, 9, 9, 0)).get(pk=wo.pk).light == "green"

    html = web(donghu).get(f"/maintenance/hotline/work-orders/{wo.pk}/").content.decode()
    assert "逾期签收 2 个工作日" in html
    assert 'data-lateness="acknowledge" data-late-days="2"' in html

    # Replied on time: the reply is on time, the order still counts as late in the on-time rate.
    wo = perform_at(at(2026, 10, 12, 9, 0), wo, "reply", donghu, reply="已修复，请再试。")
    reply = WorkOrderEvent.objects.get(work_order=wo, action="reply")
    assert reply.late_working_days == 0 and reply.deadline_at == wo.due_at
    # The reply is in the timeline (issue 15, point 11).
    assert "答复：已修复，请再试。" in reply.display_comment
    assert work_orders_on_time([service.owner_org_id], date(2026, 10, 1), date(2026, 10, 31)) == {
        service.owner_org_id: 0.0}


def test_late_reply_and_an_on_time_order(people, service):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    late = receive_at(at(2026, 9, 29, 10, 0), operator, service)
    on_time = receive_at(at(2026, 9, 29, 10, 0), operator, service)
    for wo in (late, on_time):
        perform_at(at(2026, 9, 30, 9, 0), wo, "acknowledge", donghu)
    late.refresh_from_db()
    assert late.due_at == end_of(2026, 10, 26)
    perform_at(at(2026, 10, 28, 9, 0), late, "reply", donghu, reply="已处理。")  # 10-27 and 10-28: 2 days late
    perform_at(at(2026, 10, 20, 9, 0), on_time, "reply", donghu, reply="已处理。")
    facts = dict(WorkOrderEvent.objects.filter(action="reply").values_list("work_order_id", "late_working_days"))
    assert facts == {late.pk: 2, on_time.pk: 0}
    assert set(WorkOrderEvent.objects.filter(action="acknowledge").values_list("late_working_days", flat=True)) == {0}
    assert work_orders_on_time([service.owner_org_id], date(2026, 10, 1), date(2026, 10, 31)) == {
        service.owner_org_id: 0.5}
    # Reopened after the late reply: the new clock does not erase the fact.
    perform_at(at(2026, 10, 29, 9, 0), late, "reopen", operator, comment="群众不满意")
    assert WorkOrderEvent.objects.get(work_order=late, action="reply").late_working_days == 2
