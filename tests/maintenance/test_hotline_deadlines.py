"""Working-day time limits and lights of work orders (第十八条), with a frozen clock.

The lights are computed in the query (light_expression) against the database clock, which time_machine does not
move: at each frozen moment the test asks the query with that moment (`with_light(now=...)`) and the model's own
property (application clock) and expects both to agree. One test checks the database clock itself.

The National Day holiday of 2026 (10-01 to 10-07, make-up working day Saturday 10-10) is in the seeded calendar.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from factories import policy_version
from factories_hotline import PHONE, WorkOrderFactory, make_service

from ganfutong_admin.workflow.calendar import subtract_working_days
from maintenance.hotline import lifecycle
from maintenance.hotline.models import WorkOrder
from maintenance.parameters import hotline_limits

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def end_of(y, m, d):
    return datetime(y, m, d, 23, 59, 59, tzinfo=SH)


def light(work_order, moment):
    """The light at `moment`, from the query and from the model; they must agree."""
    from_query = WorkOrder.objects.with_light(now=moment).get(pk=work_order.pk).light
    with time_machine.travel(moment, tick=False):
        from_model = WorkOrder.objects.get(pk=work_order.pk).current_light
    assert from_query == from_model, moment
    return from_query


def receive_at(moment, user, type_="complaint", service=None):
    with time_machine.travel(moment, tick=False):
        return lifecycle.receive(user=user, type=type_, title="测试", content="内容", citizen_name="张三",
                                 citizen_phone=PHONE, service=service, received_at=moment)


def perform_at(moment, work_order, action, user, comment="", **inputs):
    work_order.refresh_from_db()
    with time_machine.travel(moment, tick=False):
        return lifecycle.perform(work_order.pk, action, user, work_order.version, comment, **inputs)


@pytest.fixture
def service(db):
    return make_service("360102")


def test_subtract_working_days_mirrors_add(db):
    assert subtract_working_days(date(2026, 10, 8), 1).date == date(2026, 9, 30)  # across National Day
    assert subtract_working_days(date(2026, 10, 12), 1).date == date(2026, 10, 10)  # the make-up Saturday
    assert subtract_working_days(date(2026, 10, 12), 3).date == date(2026, 10, 8)
    assert subtract_working_days(date(2026, 10, 12), 0).date == date(2026, 10, 12)
    with pytest.raises(ValueError):
        subtract_working_days(date(2026, 10, 12), -1)


def test_complaint_received_before_national_day(people, service):
    wo = receive_at(at(2026, 9, 29, 10, 0), people["operator_publisher"], service=service)
    # Acknowledge within 1 working day, handle within 15: the holiday does not count, the make-up Saturday does.
    assert wo.ack_due_at == end_of(2026, 9, 30)
    assert wo.ack_warn_at == end_of(2026, 9, 29)
    assert wo.due_at == end_of(2026, 10, 26)
    assert wo.warn_at == end_of(2026, 10, 23)
    assert wo.due_estimated is False

    # Waiting for acknowledgement: the acknowledge deadline sets the light.
    assert light(wo, at(2026, 9, 29, 15, 0)) == "green"
    assert light(wo, at(2026, 9, 30, 9, 0)) == "yellow"  # less than one working day left
    assert light(wo, at(2026, 9, 30, 23, 59, 58)) == "yellow"
    assert light(wo, at(2026, 10, 1, 0, 0, 1)) == "red"  # not acknowledged in time

    wo = perform_at(at(2026, 10, 8, 9, 0), wo, "acknowledge", people["donghu_submitter"])
    assert light(wo, at(2026, 10, 8, 9, 1)) == "green"  # now the handling deadline counts
    assert light(wo, at(2026, 10, 23, 12, 0)) == "green"
    assert light(wo, at(2026, 10, 24, 8, 0)) == "yellow"  # Saturday: only Monday 10-26 is left
    assert light(wo, at(2026, 10, 26, 23, 0)) == "yellow"
    assert light(wo, at(2026, 10, 27, 0, 0, 1)) == "red"

    wo = perform_at(at(2026, 10, 28, 9, 0), wo, "reply", people["donghu_submitter"], reply="已处理")
    assert light(wo, at(2026, 10, 28, 9, 1)) == ""  # nothing left for the org unit to do


def test_consultation_two_working_days_over_the_holiday(people, service):
    wo = receive_at(at(2026, 9, 30, 16, 0), people["operator_publisher"], type_="consultation", service=service)
    assert (wo.ack_due_at, wo.due_at) == (end_of(2026, 10, 8), end_of(2026, 10, 9))
    assert (wo.ack_warn_at, wo.warn_at) == (end_of(2026, 9, 30), end_of(2026, 10, 8))
    assert light(wo, at(2026, 9, 30, 17, 0)) == "green"
    assert light(wo, at(2026, 10, 3, 10, 0)) == "yellow"  # a holiday: the next working day is the last


def test_extension_moves_the_deadline_and_the_warning(people, service):
    wo = receive_at(at(2026, 9, 29, 10, 0), people["operator_publisher"], service=service)
    wo = perform_at(at(2026, 9, 29, 11, 0), wo, "acknowledge", people["donghu_submitter"])
    wo = perform_at(at(2026, 10, 20, 9, 0), wo, "request_extension", people["donghu_submitter"], "需协调",
                    extension_days=5)
    assert wo.due_at == end_of(2026, 10, 26)  # unchanged until decided
    assert light(wo, at(2026, 10, 24, 8, 0)) == "yellow"  # a pending request does not stop the clock
    wo = perform_at(at(2026, 10, 21, 9, 0), wo, "approve_extension", people["province_reviewer"], "同意")
    assert (wo.due_at, wo.warn_at) == (end_of(2026, 11, 2), end_of(2026, 10, 30))
    assert light(wo, at(2026, 10, 27, 10, 0)) == "green"
    assert light(wo, at(2026, 10, 31, 10, 0)) == "yellow"
    assert light(wo, at(2026, 11, 3, 0, 0, 1)) == "red"


def test_dispatch_later_starts_the_clock_at_dispatch(people):
    wo = receive_at(at(2026, 9, 28, 9, 0), people["operator_publisher"])
    assert wo.due_at is None and light(wo, at(2026, 12, 1, 0, 0)) == ""
    wo = perform_at(at(2026, 9, 30, 10, 0), wo, "dispatch", people["operator_publisher"],
                    target_org=wo.owner_org.__class__.objects.get(code="360400"))
    assert (wo.ack_due_at, wo.due_at) == (end_of(2026, 10, 8), end_of(2026, 10, 27))


def test_reopen_sets_a_new_handling_deadline(people, service):
    wo = receive_at(at(2026, 9, 29, 10, 0), people["operator_publisher"], service=service, type_="consultation")
    wo = perform_at(at(2026, 9, 29, 11, 0), wo, "acknowledge", people["donghu_submitter"])
    wo = perform_at(at(2026, 9, 29, 12, 0), wo, "reply", people["donghu_submitter"], reply="答复")
    wo = perform_at(at(2026, 9, 29, 15, 0), wo, "callback", people["operator_publisher"], satisfaction="unsatisfied")
    wo = perform_at(at(2026, 10, 9, 10, 0), wo, "reopen", people["operator_publisher"], "重新办理")
    assert (wo.status, wo.due_at, wo.warn_at) == ("processing", end_of(2026, 10, 12), end_of(2026, 10, 10))


def test_configured_time_limits_apply_to_new_deadlines(people, service):
    policy_version("HOTLINE_ACK_WORKING_DAYS", 2)
    policy_version("HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT", 5)
    wo = receive_at(at(2026, 9, 29, 10, 0), people["operator_publisher"], service=service)
    assert (wo.ack_due_at, wo.due_at) == (end_of(2026, 10, 8), end_of(2026, 10, 12))


def test_without_versions_the_declared_defaults_apply(db):
    now = timezone.now()
    assert hotline_limits("complaint", now) == (1, 15)
    assert hotline_limits("consultation", now) == (1, 2)


def test_lights_against_the_database_clock(db):
    """Without a moment, the annotation uses the database's Now()."""
    made = {
        "green": WorkOrderFactory(),
        "yellow": WorkOrderFactory(yellow=True),
        "red": WorkOrderFactory(red=True),
        "ack_red": WorkOrderFactory(dispatched=True, ack_due_at=at(2026, 1, 5, 23, 59, 59),
                                    ack_warn_at=at(2026, 1, 4, 23, 59, 59)),
        "replied": WorkOrderFactory(replied=True, red=True),
        "waiting": WorkOrderFactory(received=True),
    }
    lights = dict(WorkOrder.objects.with_light().values_list("pk", "light"))
    assert {name: lights[wo.pk] for name, wo in made.items()} == {
        "green": "green", "yellow": "yellow", "red": "red", "ack_red": "red", "replied": "", "waiting": ""}
    assert set(WorkOrder.objects.with_light().filter(light="red").values_list("pk", flat=True)) == {
        made["red"].pk, made["ack_red"].pk}
