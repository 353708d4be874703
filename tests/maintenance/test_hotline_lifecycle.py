"""The closed loop of a work order (第十八条) through the kernel engine: intake, dispatch, acknowledge, return,
extension, reply, callback, reopen; unsatisfied callbacks open a bad review with a rectification; appeals
exclude it and waive the rectification (the kernel's new `waive` transition)."""

import pytest
from django.utils import timezone
from factories import org, policy_version
from factories_hotline import ID_NUMBER, PHONE, make_service

from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.calendar import working_days_between
from ganfutong_admin.workflow.models import Rectification, RectificationEvent
from maintenance.hotline import lifecycle
from maintenance.hotline.models import BadReview, WorkOrder, WorkOrderEvent
from maintenance.parameters import hotline_limits


def day(dt):
    return timezone.localtime(dt).date()


def receive(user, **kwargs):
    data = {"type": "complaint", "title": "社保登记页面无法提交", "content": "提交后一直转圈。",
            "citizen_name": "张三", "citizen_phone": PHONE, "citizen_id_number": ID_NUMBER}
    data.update(kwargs)
    return lifecycle.receive(user=user, **data)


def act(work_order, action, user, comment="", **inputs):
    work_order.refresh_from_db()
    return lifecycle.perform(work_order.pk, action, user, work_order.version, comment, **inputs)


@pytest.fixture
def service(db):
    return make_service("360102", code="360102-SB-9001", name="灵活就业社保登记")


def test_a_service_routes_the_order_to_its_owner_with_deadlines(people, service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wo = receive(people["operator_publisher"], service=service)
    assert (wo.status, wo.owner_org.code) == ("dispatched", "360102")
    assert wo.ack_due_at and wo.due_at and wo.ack_warn_at < wo.ack_due_at and wo.warn_at < wo.due_at
    event = wo.events.get()
    assert (event.action, event.to_status) == ("receive", "dispatched")
    assert "东湖区" in event.detail
    # The handlers of 东湖区 are told; nobody else.
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"donghu_submitter"}


def test_without_service_it_waits_for_dispatch_at_the_operator(people):
    wo = receive(people["operator_publisher"])
    assert (wo.status, wo.owner_org.kind, wo.due_at) == ("received", "operator", None)


def test_the_full_loop_satisfied(people, service):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    wo = receive(operator, service=service)
    wo = act(wo, "acknowledge", donghu)
    assert wo.status == "processing" and wo.acknowledged_at
    wo = act(wo, "reply", donghu, reply="已修复，请重新提交。")
    assert (wo.status, wo.reply) == ("replied", "已修复，请重新提交。")
    wo = act(wo, "callback", operator, satisfaction="satisfied")
    assert (wo.status, wo.satisfaction) == ("closed", "satisfied")
    assert not BadReview.objects.exists()
    assert list(wo.events.values_list("action", flat=True)) == ["receive", "acknowledge", "reply", "callback"]
    assert list(wo.events.values_list("version", flat=True)) == [1, 2, 3, 4]
    assert wo.history.count() == 4  # created, then one snapshot per transition


def test_inputs_are_required(people, service, english):
    wo = receive(people["operator_publisher"], service=service)
    wo = act(wo, "acknowledge", people["donghu_submitter"])
    with pytest.raises(engine.GuardRefused, match="reply"):
        act(wo, "reply", people["donghu_submitter"], reply="  ")
    with pytest.raises(engine.GuardRefused, match="extra working days"):
        act(wo, "request_extension", people["donghu_submitter"], "需要协调", extension_days=99)
    with pytest.raises(engine.GuardRefused, match="comment is required"):
        act(wo, "request_extension", people["donghu_submitter"], "", extension_days=3)
    wo.refresh_from_db()
    assert (wo.status, wo.version) == ("processing", 2)


def test_dispatch_needs_a_unit_that_can_handle_orders(people, english):
    operator = people["operator_publisher"]
    wo = receive(operator)
    with pytest.raises(engine.GuardRefused, match="Choose the org unit"):
        act(wo, "dispatch", operator)
    with pytest.raises(engine.GuardRefused, match="cannot handle"):
        act(wo, "dispatch", operator, target_org=org("OP3601"))
    wo = act(wo, "dispatch", operator, "请核实", target_org=org("360400"))
    assert (wo.status, wo.owner_org.code) == ("dispatched", "360400")
    assert wo.events.last().detail.startswith("已派发至九江市")


def test_return_goes_back_to_the_operator_for_redispatch(people, service):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    wo = receive(operator, service=service)
    with pytest.raises(engine.GuardRefused):
        act(wo, "return", donghu)  # the reason is required
    wo = act(wo, "return", donghu, "属于市级事项")
    assert (wo.status, wo.owner_org.kind, wo.due_at) == ("returned", "operator", None)
    # 东湖区 no longer sees it; the operator re-dispatches it.
    assert not WorkOrder.objects.visible_to(donghu).filter(pk=wo.pk).exists()
    wo = act(wo, "dispatch", operator, target_org=org("360100"))
    assert (wo.status, wo.owner_org.code) == ("dispatched", "360100")


def test_only_the_owner_handles_and_only_the_operator_dispatches(people, service):
    wo = receive(people["operator_publisher"], service=service)
    with pytest.raises(engine.NotFound):
        act(wo, "acknowledge", people["jiujiang_submitter"])  # out of scope: does not exist
    with pytest.raises(engine.NotPermitted):
        act(wo, "acknowledge", people["operator_publisher"])  # sees it, may not handle it
    act(wo, "acknowledge", people["nanchang_submitter"])  # the city handles its county's orders


def test_extension_approved_moves_the_deadline(people, service):
    donghu, reviewer = people["donghu_submitter"], people["province_reviewer"]
    wo = act(receive(people["operator_publisher"], service=service), "acknowledge", donghu)
    due_before = wo.due_at
    wo = act(wo, "request_extension", donghu, "需要跨部门协调", extension_days=5)
    assert wo.status == "extension_requested"
    with pytest.raises(engine.NotPermitted):
        act(wo, "approve_extension", donghu)
    wo = act(wo, "approve_extension", reviewer, "同意")
    assert wo.status == "processing"
    assert working_days_between(day(due_before), day(wo.due_at)) == 5
    assert working_days_between(day(wo.warn_at), day(wo.due_at)) == 1
    ext = wo.extensions.get()
    assert (ext.status, ext.due_before, ext.due_after, ext.decided_by) == ("approved", due_before, wo.due_at, reviewer)


def test_extension_denied_keeps_the_deadline_and_reply_lapses_a_pending_one(people, service):
    donghu, reviewer = people["donghu_submitter"], people["province_reviewer"]
    wo = act(receive(people["operator_publisher"], service=service), "acknowledge", donghu)
    due = wo.due_at
    wo = act(wo, "request_extension", donghu, "需要协调", extension_days=3)
    with pytest.raises(engine.GuardRefused):
        act(wo, "deny_extension", reviewer)  # a reason is required
    wo = act(wo, "deny_extension", reviewer, "时限内可办结")
    assert (wo.status, wo.due_at, wo.extensions.get().status) == ("processing", due, "denied")
    wo = act(wo, "request_extension", donghu, "再次申请", extension_days=2)
    wo = act(wo, "reply", donghu, reply="已办结")
    assert wo.status == "replied"
    assert list(wo.extensions.order_by("pk").values_list("status", flat=True)) == ["denied", "withdrawn"]


def test_unsatisfied_callback_opens_a_bad_review_and_a_rectification(people, service):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    wo = act(receive(operator, service=service), "acknowledge", donghu)
    wo = act(act(wo, "reply", donghu, reply="已处理"), "callback", operator, "仍然无法提交，联系13900001111",
             satisfaction="very_unsatisfied")
    review = BadReview.objects.get(work_order=wo)
    rect = review.rectification
    assert (review.owner_org, review.rating, review.status, review.excluded) == (
        org("360102"), "very_unsatisfied", "active", False)
    assert (rect.owner_org, rect.status, rect.source) == (org("360102"), "open", review)
    days = policy_value("BAD_REVIEW_RECTIFICATION_WORKING_DAYS")
    assert working_days_between(day(rect.created_at), day(rect.due_at)) == days
    # The phone number the operator typed is masked in what the rectification carries.
    assert "13900001111" not in rect.description and "139****1111" in rect.description
    # Reopened by the operator: a new handling deadline, the satisfaction cleared, counted.
    wo = act(wo, "reopen", operator, "回访不满意，重新办理")
    assert (wo.status, wo.satisfaction, wo.reopen_count, wo.ack_due_at) == ("processing", "", 1, None)
    assert wo.due_at > rect.created_at


def test_appeal_upheld_excludes_the_review_and_waives_the_rectification(people, service):
    operator, donghu, reviewer = people["operator_publisher"], people["donghu_submitter"], people["province_reviewer"]
    wo = act(receive(operator, service=service), "acknowledge", donghu)
    act(act(wo, "reply", donghu, reply="已处理"), "callback", operator, satisfaction="unsatisfied")
    review = BadReview.objects.get()
    with pytest.raises(engine.NotPermitted):
        engine.perform(BadReview, review.pk, "appeal", reviewer, review.version, "恶意")
    review = engine.perform(BadReview, review.pk, "appeal", donghu, review.version, "群众诉求超出政策范围")
    assert (review.status, review.appeal_reason) == ("appealed", "群众诉求超出政策范围")
    with pytest.raises(engine.NotPermitted):
        engine.perform(BadReview, review.pk, "uphold", donghu, review.version, "自己同意自己")
    review = engine.perform(BadReview, review.pk, "uphold", reviewer, review.version, "经核实属恶意差评")
    rect = Rectification.objects.get(pk=review.rectification_id)
    assert (review.status, review.excluded, rect.status) == ("excluded", True, "waived")
    assert rect.closed_at is not None
    assert RectificationEvent.objects.filter(rectification=rect, action="waive", actor=reviewer).exists()
    assert BadReview.objects.counted().count() == 0
    assert list(review.events.values_list("action", flat=True)) == ["open", "appeal", "uphold"]


def test_appeal_rejected_keeps_the_rectification(people, service):
    operator, donghu, reviewer = people["operator_publisher"], people["donghu_submitter"], people["province_reviewer"]
    wo = act(receive(operator, service=service), "acknowledge", donghu)
    act(act(wo, "reply", donghu, reply="已处理"), "callback", operator, satisfaction="unsatisfied")
    review = BadReview.objects.get()
    review = engine.perform(BadReview, review.pk, "appeal", donghu, review.version, "理由")
    review = engine.perform(BadReview, review.pk, "reject_appeal", reviewer, review.version, "答复不充分")
    assert (review.status, review.excluded, review.rectification.status) == ("appeal_rejected", False, "open")
    with pytest.raises(engine.NotAllowedFromState):
        engine.perform(BadReview, review.pk, "appeal", donghu, review.version, "再申诉")


@pytest.mark.parametrize("state", ["open", "reopened", "submitted"])
def test_kernel_rectification_waive(people, state, english):
    rect = Rectification.objects.create(owner_org=org("360102"), title="整改", description="问题",
                                        due_at="2030-01-01T00:00:00+08:00", status=state, response="已整改")
    reviewer = people["province_reviewer"]
    with pytest.raises(engine.GuardRefused, match="comment is required"):
        engine.perform(Rectification, rect.pk, "waive", reviewer, rect.version)
    with pytest.raises(engine.NotPermitted):
        engine.perform(Rectification, rect.pk, "waive", people["donghu_submitter"], rect.version, "不需要")
    rect = engine.perform(Rectification, rect.pk, "waive", reviewer, rect.version, "申诉成立")
    assert rect.status == "waived" and rect.closed_at is not None
    assert not Rectification.objects.overdue().filter(pk=rect.pk).exists()


def test_events_carry_no_plaintext_personal_data(people, service):
    wo = receive(people["operator_publisher"], service=service, citizen_phone="13912340000")
    act(wo, "return", people["donghu_submitter"], "请联系来电人13912340000核实")
    event = WorkOrderEvent.objects.filter(action="return").get()
    assert event.comment == "请联系来电人139****0000核实"  # masked at intake (issue 11: never stored in clear)
    assert "13912340000" not in event.display_comment and "139****0000" in event.display_comment  # shown masked


TYPES = ["consultation", "help_request", "suggestion", "complaint", "report"]


def test_default_time_limits_are_declared_and_a_version_changes_only_its_type(db):
    now = timezone.now()
    limits = {t: hotline_limits(t, now)[1] for t in TYPES}
    assert limits == {"consultation": 2, "help_request": 10, "suggestion": 10, "complaint": 15, "report": 15}
    assert {hotline_limits(t, now)[0] for t in TYPES} == {1}
    policy_version("HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT", 12)
    assert hotline_limits("complaint", now)[1] == 12
    assert hotline_limits("report", now)[1] == 15
    assert {t: hotline_limits(t, now)[1] for t in TYPES if t != "complaint"} == {
        "consultation": 2, "help_request": 10, "suggestion": 10, "report": 15}
