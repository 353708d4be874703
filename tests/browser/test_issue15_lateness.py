"""Issue 15, point 4 (and the reply part of point 11) in the browser: 东湖区 signs a 12345 work order after its
签收期限; the light turns green, yet the page says 逾期签收 N 个工作日 and the timeline row of the sign-off says it
was late. The reply then appears in the timeline. Fails on the code before: nothing recorded the lateness."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.calendar import working_days_between
from maintenance.hotline import lifecycle
from maintenance.hotline.models import WorkOrderEvent
from services.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
SHOTS = "/tmp/uxlate_shots"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_late_sign_off_stays_visible_after_the_light_turns_green(new_page, login):
    operator = make_user("operator_publisher", "OP3601", "publisher")
    make_user("donghu_submitter", "360102", "submitter")
    service = Service.objects.create(owner_org=OrgUnit.objects.get(code="360102"), name="东湖区公租房申请",
                                     code="360102-ZJ-0001", status="listed")
    received = timezone.now() - timedelta(days=12)
    wo = lifecycle.receive(user=operator, type="complaint", title="公租房申请页面打不开", content="提交时报错。",
                           citizen_name="张三", citizen_phone="13812345678", service=service, received_at=received)
    # Working days after the 签收期限 up to today (a late sign-off is late by at least one).
    expected = max(1, working_days_between(timezone.localtime(wo.ack_due_at).date(), timezone.localdate()))
    assert expected >= 1

    page = new_page()
    login(page, "donghu_submitter", PASSWORD)
    page.goto(f"/maintenance/hotline/work-orders/{wo.pk}/")
    assert page.get_attribute("#record-light [data-light], #record-light span", "class") is not None
    page.click("#action-acknowledge button[data-action=acknowledge]")
    page.wait_for_selector("[data-lateness=acknowledge]")
    banner = page.inner_text("[data-lateness=acknowledge]")
    assert f"逾期签收 {expected} 个工作日" in banner
    late_row = page.locator("#timeline [data-event-action=acknowledge] [data-event-late]")
    assert f"逾期签收 {expected} 个工作日" in late_row.inner_text()
    page.screenshot(path=f"{SHOTS}/lateness_workorder_signed_late.png", full_page=True)

    # The reply is part of the timeline.
    page.fill("#reply-text", "已修复提交报错，请重新提交申请。")
    page.click("#action-reply button[data-action=reply]")
    page.wait_for_selector("#timeline [data-event-action=reply]")
    assert "答复：已修复提交报错，请重新提交申请。" in page.inner_text("#timeline [data-event-action=reply]")
    # The late sign-off is still there after the light is gone (replied: no light at all).
    assert f"逾期签收 {expected} 个工作日" in page.inner_text("#lateness")
    page.screenshot(path=f"{SHOTS}/lateness_workorder_replied.png", full_page=True)
    assert WorkOrderEvent.objects.get(work_order=wo, action="acknowledge").late_working_days == expected
