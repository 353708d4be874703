"""The hotline's pages (第十八条): filters, manual entry (bad input loses nothing and writes nothing), actions
with their inputs kept on refusal, dispatch, extension decision, time limits (policy parameters), the home work
list, the admin, and the reminder task."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_hotline import ID_NUMBER, PHONE, WorkOrderFactory, make_bad_review, make_service

from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.policy.models import ParameterVersion
from maintenance.hotline.models import BadReview, WorkOrder
from maintenance.hotline.tasks import remind_work_orders_due
from maintenance.parameters import hotline_limits

LIST = "/maintenance/hotline/work-orders/"


def entry(**overrides):
    data = {"type": "complaint", "title": "手工录入的工单", "content": "来电反映问题。", "service_code": "",
            "responsible_org": "", "citizen_name": "张三", "citizen_phone": PHONE, "citizen_id_number": ID_NUMBER,
            "received_at": "", "hotline_id": ""}
    data.update(overrides)
    return data


def test_list_filters_and_sort(people, web):
    svc = make_service("360102", code="360102-FLT-1", name="高龄津贴申领")
    a = WorkOrderFactory(type="complaint", red=True, service=svc, title="A-红灯")
    b = WorkOrderFactory(type="consultation", yellow=True, owner_org=org("360400"), title="B-黄灯")
    c = WorkOrderFactory(type="suggestion", owner_org=org("360402"), title="C-绿灯",
                         received_at=timezone.now() - timedelta(days=40))
    d = WorkOrderFactory(received=True, title="D-待派单")
    client = web(people["province_reviewer"])

    def pks(**params):
        return [w.pk for w in client.get(LIST, params).context["object_list"]]

    assert set(pks()) == {a.pk, b.pk, c.pk, d.pk}
    assert pks(type="consultation") == [b.pk]
    assert pks(light="red") == [a.pk] and pks(light="yellow") == [b.pk] and pks(light="green") == [c.pk]
    assert pks(status="received") == [d.pk]
    assert set(pks(org=org("360400").pk)) == {b.pk, c.pk}  # the city and its county
    assert pks(service="360102-flt-1") == [a.pk] and pks(service="津贴") == [a.pk]
    old = (timezone.localdate() - timedelta(days=40)).isoformat()
    assert pks(received_after=old, received_before=old) == [c.pk]
    assert pks(sort="due")[:3] == [a.pk, b.pk, c.pk] and pks(sort="due")[-1] == d.pk  # no deadline: last
    assert pks(q="B-黄") == [b.pk] and pks(q=a.hotline_id) == [a.pk]
    page = client.get(LIST).content.decode()
    assert 'data-article="第十八条"' in page and 'data-light="red"' in page and 'id="export-xlsx"' in page


def test_manual_entry_with_a_service_is_dispatched_to_its_owner(people, web):
    make_service("360400", code="360400-ME-1")
    client = web(people["operator_publisher"])
    response = client.post(reverse("maintenance:hotline-workorder-create"), entry(service_code="360400-ME-1"))
    wo = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{wo.pk}/"
    assert (wo.status, wo.owner_org.code, wo.source, wo.hotline_id) == ("dispatched", "360400", "manual", None)
    assert wo.reference == f"SD-{wo.pk:06d}"


def test_manual_entry_to_a_chosen_unit_or_for_later_dispatch(people, web):
    client = web(people["operator_publisher"])
    client.post(reverse("maintenance:hotline-workorder-create"), entry(responsible_org=org("D3601").pk, title="甲"))
    client.post(reverse("maintenance:hotline-workorder-create"), entry(title="乙"))
    assert WorkOrder.objects.get(title="甲").owner_org.code == "D3601"
    assert (WorkOrder.objects.get(title="乙").status, WorkOrder.objects.get(title="乙").owner_org.kind) == (
        "received", "operator")


@pytest.mark.parametrize(("change", "field"), [
    ({"citizen_phone": "1234"}, "citizen_phone"),
    ({"citizen_id_number": ID_NUMBER[:-1] + ("1" if ID_NUMBER[-1] == "0" else "0")}, "citizen_id_number"),
    ({"service_code": "NOPE"}, "service_code"),
    ({"title": ""}, "title"),
    ({"type": "praise"}, "type"),
    ({"received_at": "2999-01-01T10:00"}, "received_at"),
])
def test_manual_entry_bad_input_loses_nothing(people, web, change, field):
    response = web(people["operator_publisher"]).post(reverse("maintenance:hotline-workorder-create"),
                                                      entry(**change))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.data["content"] == "来电反映问题。"  # what was typed is kept
    assert not WorkOrder.objects.exists()
    assert f'data-field-error="{field}"' in response.content.decode()


def test_manual_entry_service_and_unit_together_is_refused(people, web):
    make_service("360400", code="360400-ME-2")
    response = web(people["operator_publisher"]).post(
        reverse("maintenance:hotline-workorder-create"),
        entry(service_code="360400-ME-2", responsible_org=org("360102").pk))
    assert response.status_code == 400 and "responsible_org" in response.context["form"].errors
    assert not WorkOrder.objects.exists()


def test_duplicate_hotline_id_on_manual_entry(people, web):
    WorkOrderFactory(hotline_id="12345-DUP")
    response = web(people["operator_publisher"]).post(reverse("maintenance:hotline-workorder-create"),
                                                      entry(hotline_id="12345-DUP"))
    assert response.status_code == 400 and "hotline_id" in response.context["form"].errors
    assert WorkOrder.objects.count() == 1


def test_detail_offers_the_owners_actions_only(people, web):
    wo = WorkOrderFactory(dispatched=True)
    donghu = web(people["donghu_submitter"]).get(f"{LIST}{wo.pk}/").content.decode()
    assert 'data-action="acknowledge"' in donghu and 'data-action="return"' in donghu
    assert 'id="unmask-button"' not in donghu
    reviewer = web(people["province_reviewer"]).get(f"{LIST}{wo.pk}/").content.decode()
    assert 'data-action="acknowledge"' not in reviewer and 'id="no-actions"' in reviewer


def test_a_refused_reply_keeps_what_was_typed(people, web):
    wo = WorkOrderFactory()
    client = web(people["donghu_submitter"])
    url = reverse("maintenance:hotline-workorder-transition", args=[wo.pk])
    response = client.post(url, {"action": "reply", "version": 1, "reply": "", "comment": "备注"})
    assert response.status_code == 400
    assert "备注" in response.content.decode()
    stale = client.post(url, {"action": "reply", "version": 9, "reply": "详细的答复内容"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "详细的答复内容" in html and "version 1" not in html and "版本" in html
    wo.refresh_from_db()
    assert (wo.status, wo.reply) == ("processing", "")
    ok = client.post(url, {"action": "reply", "version": 1, "reply": "详细的答复内容"})
    assert ok.status_code == 302
    wo.refresh_from_db()
    assert (wo.status, wo.reply) == ("replied", "详细的答复内容")


def test_dispatch_page_suggests_the_service_owner(people, web):
    svc = make_service("360400", code="360400-DSP-1")
    wo = WorkOrderFactory(received=True, service=svc)
    page = web(people["operator_publisher"]).get(reverse("maintenance:hotline-workorder-dispatch", args=[wo.pk]))
    assert page.context["form"].initial["target_org"] == org("360400").pk
    stale = web(people["operator_publisher"]).post(
        reverse("maintenance:hotline-workorder-dispatch", args=[wo.pk]), {"target_org": org("360400").pk,
                                                                          "version": 5})
    assert stale.status_code == 409
    wo.refresh_from_db()
    assert wo.status == "received"


def test_extension_decision_page(people, web):
    wo = WorkOrderFactory(due_at=timezone.make_aware(timezone.datetime(2026, 10, 26, 23, 59, 59)))
    donghu = web(people["donghu_submitter"])
    donghu.post(reverse("maintenance:hotline-workorder-transition", args=[wo.pk]),
                {"action": "request_extension", "version": 1, "extension_days": 5, "comment": "需协调"})
    client = web(people["province_reviewer"])
    url = reverse("maintenance:hotline-extension-decision", args=[wo.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert timezone.localtime(page.context["new_due_preview"]).date() == date(2026, 11, 2)
    refused = client.post(url, {"action": "deny_extension", "version": 2, "comment": ""})
    assert refused.status_code == 400
    response = client.post(url, {"action": "approve_extension", "version": 2, "comment": "同意"})
    assert response.status_code == 302
    wo.refresh_from_db()
    assert timezone.localtime(wo.due_at).date() == date(2026, 11, 2)


def test_time_limits_validation(people, web):
    """The hotline's time limits are policy parameters, set on the policy page."""
    client = web(people["province_reviewer"])
    ack = reverse("policy:parameter-detail", args=["HOTLINE_ACK_WORKING_DAYS"])
    handle = reverse("policy:parameter-detail", args=["HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION"])
    today = timezone.localdate().isoformat()
    assert client.post(ack, {"value": 0, "effective_from": today, "reason": "修改办理时限"}).status_code == 400
    assert client.post(handle, {"value": 99, "effective_from": today, "reason": "修改办理时限"}).status_code == 400
    assert not ParameterVersion.objects.exists()
    assert hotline_limits("consultation", timezone.now()) == (1, 2)
    assert client.post(ack, {"value": 2, "effective_from": today, "reason": "修改办理时限"}).status_code == 302
    assert client.post(handle, {"value": 3, "effective_from": today, "reason": "修改办理时限"}).status_code == 302
    assert hotline_limits("consultation", timezone.now()) == (2, 3)
    changed = ParameterVersion.objects.get(name="HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION")
    assert (changed.value, changed.set_by.username, changed.reason) == (3, "province_reviewer", "修改办理时限")


def test_home_work_list_sections(people, web):
    red = WorkOrderFactory(red=True, title="东湖红灯工单")
    WorkOrderFactory(owner_org=org("360400"), title="九江工单")
    WorkOrderFactory(received=True, title="待派单工单")
    WorkOrderFactory(status="extension_requested", title="延期工单")
    make_bad_review(case_number="GFT-A-1", status="appealed", appealed_at=timezone.now())

    def sections(name):
        response = web(people[name]).get("/")
        return {s["key"]: s for s in response.context["extra_sections"] if s["key"].startswith("hotline-")}

    donghu = sections("donghu_submitter")
    assert set(donghu) == {"hotline-to-handle"}
    assert donghu["hotline-to-handle"]["count"] == 2  # the red one and the extension request, not 九江
    first = donghu["hotline-to-handle"]["items"][0]
    assert red.reference in first["label"] and first["overdue"] is True and "红灯" in first["detail"]
    operator = sections("operator_publisher")
    assert set(operator) == {"hotline-to-dispatch", "hotline-to-call-back"}
    assert operator["hotline-to-dispatch"]["count"] == 1
    reviewer = sections("province_reviewer")
    assert set(reviewer) == {"hotline-extensions", "hotline-appeals"}
    assert reviewer["hotline-extensions"]["items"][0]["url"].endswith("/extension/")
    assert reviewer["hotline-appeals"]["count"] == 1
    assert sections("sys_admin") == {}


def test_bad_review_pages(people, web):
    review = make_bad_review(case_number="GFT-BJ-1", comment=f"联系我{PHONE}")
    client = web(people["donghu_submitter"])
    page = client.get(reverse("maintenance:hotline-badreview-detail", args=[review.pk])).content.decode()
    assert PHONE not in page and "138****5678" in page and 'data-action="appeal"' in page
    assert client.post(reverse("maintenance:hotline-badreview-transition", args=[review.pk]),
                       {"action": "appeal", "version": 1, "comment": ""}).status_code == 400
    review.refresh_from_db()
    assert review.status == "active"
    listing = client.get(reverse("maintenance:hotline-badreview-list"), {"status": "active"})
    assert [r.pk for r in listing.context["object_list"]] == [review.pk]


def test_a_stale_decision_on_an_appeal_keeps_the_typed_reason(people, web):
    """Issue 15 (hotline journey): a second reviewer decides an appeal decided meanwhile: 409, the Chinese
    message, and the reason typed stays on the page though no action is open any more."""
    review = make_bad_review(case_number="GFT-BJ-9", status="appealed", appeal_reason="恶意差评")
    url = reverse("maintenance:hotline-badreview-transition", args=[review.pk])
    client = web(people["province_reviewer"])
    assert client.post(url, {"action": "reject_appeal", "version": 1, "comment": "差评成立"}).status_code == 302
    stale = client.post(url, {"action": "uphold", "version": 1, "comment": "经核实属恶意差评"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "该记录已被他人修改" in html and 'id="unsaved-comment"' in html and "经核实属恶意差评" in html
    assert 'data-action="uphold"' not in html
    review.refresh_from_db()
    assert (review.status, review.excluded, review.decision_comment) == ("appeal_rejected", False, "差评成立")


def test_bad_review_entry_duplicate_case_number(people, web):
    make_bad_review(case_number="GFT-BJ-2")
    response = web(people["operator_publisher"]).post(reverse("maintenance:hotline-badreview-create"), {
        "case_number": "GFT-BJ-2", "owner_org": org("360102").pk, "rating": "unsatisfied", "comment": ""})
    assert response.status_code == 400 and "case_number" in response.context["form"].errors
    assert BadReview.objects.count() == 1
    response = web(people["operator_publisher"]).post(reverse("maintenance:hotline-badreview-create"), {
        "case_number": "GFT-BJ-3", "owner_org": org("360102").pk, "rating": "satisfied", "comment": ""})
    assert response.status_code == 400 and "rating" in response.context["form"].errors  # not a bad review


def test_admin_shows_personal_data_masked(db, client):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    wo = WorkOrderFactory(content=f"请回电{PHONE}")
    client.force_login(admin)
    for url in (f"/admin/maintenance/workorder/{wo.pk}/change/", f"/admin/maintenance/workorder/{wo.pk}/history/",
                "/admin/maintenance/workorder/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert PHONE not in text and ID_NUMBER not in text, url
    assert "138****5678" in client.get(f"/admin/maintenance/workorder/{wo.pk}/change/").content.decode()


def test_reminders_once_per_deadline_and_light(people):
    red = WorkOrderFactory(red=True)
    WorkOrderFactory(yellow=True)
    WorkOrderFactory()  # green: no reminder
    WorkOrderFactory(replied=True, red=True)  # nothing left to do: no reminder
    first = remind_work_orders_due()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"donghu_submitter", "operator_publisher"}  # the owner's handlers; the operator if red
    operator_titles = list(Notification.objects.filter(recipient__username="operator_publisher")
                           .values_list("title", flat=True))
    assert len(operator_titles) == 1 and red.reference in operator_titles[0]  # escalated: red only
    assert first == Notification.objects.count()
    assert remind_work_orders_due() == 0  # deduplicated
    assert all(PHONE not in n.title + n.body for n in Notification.objects.all())


def test_the_reminder_task_is_registered_under_its_beat_name():
    from ganfutong_admin.celery import app

    name = "maintenance.hotline.tasks.remind_work_orders_due"
    assert app.conf.beat_schedule["remind-work-orders-due"]["task"] == name
    assert name in app.tasks
