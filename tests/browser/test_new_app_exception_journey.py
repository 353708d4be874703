"""第五条 in the browser: a county files a new-app exception, the province returns it, the county
resubmits, the province approves with a recorded reason; the timeline shows the four steps in Chinese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
TITLE = "东湖区“智慧停车”独立APP例外申请"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, org_unit=OrgUnit.objects.get(code=org_code)
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def test_exception_filed_returned_resubmitted_approved(new_page, login):
    make_user("donghu_submitter", "360102", "submitter")
    make_user("province_reviewer", "360000", "reviewer")

    county = new_page()
    login(county, "donghu_submitter", PASSWORD)
    county.goto("/new-app-exceptions/new/")
    county.fill("[name=title]", TITLE)
    county.select_option("[name=owner_org]", label="东湖区")
    county.fill("[name=app_name]", "东湖停车")
    county.select_option("[name=app_type]", "app")
    county.fill("[name=justification]", "停车诱导需要高频实时定位推送，赣服通暂不支持。")
    county.click("#exception-save")
    county.wait_for_url(re.compile(r"/filings/\d+/$"))
    filing = Filing.objects.get(title=TITLE)
    assert filing.status == "draft"
    county.click("[data-action=submit]")
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "submitted"

    reviewer = new_page()
    login(reviewer, "province_reviewer", PASSWORD)
    reviewer.goto("/filings/?status=submitted")
    reviewer.click(f"a:has-text('{filing.reference}')")
    reviewer.wait_for_url(f"**/filings/{filing.pk}/")
    reviewer.fill("#transition-comment", "请说明为何不能以赣服通专区形式建设。")
    reviewer.click("[data-action=return]")
    reviewer.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "returned"

    county.goto(f"/filings/{filing.pk}/")
    assert "请说明为何不能以赣服通专区形式建设" in county.inner_text("#timeline")
    county.click("[data-action=resubmit]")
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "submitted"

    # Approval is an exception (第五条): without a recorded reason the page asks for one, nothing changes.
    reviewer.goto(f"/filings/{filing.pk}/")
    reviewer.click("[data-action=approve]")
    reviewer.wait_for_selector("[data-comment-feedback]:not(.d-none)")
    filing.refresh_from_db()
    assert filing.status == "submitted"
    reviewer.fill("#transition-comment", "离线定位场景确需独立建设，同意作为例外。")
    reviewer.click("[data-action=approve]")
    reviewer.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "approved"
    assert filing.new_app_exception.decision_reason == "离线定位场景确需独立建设，同意作为例外。"
    assert list(filing.events.values_list("action", flat=True)) == ["submit", "return", "resubmit", "approve"]

    items = reviewer.locator("#timeline li[data-event-action]")
    actions = [items.nth(i).get_attribute("data-event-action") for i in range(items.count())]
    labels = [items.nth(i).locator("[data-event-label]").inner_text().strip() for i in range(items.count())]
    steps = [(a, label) for a, label in zip(actions, labels, strict=True) if a != "create"]
    assert steps == [("submit", "提交"), ("return", "退回修改"), ("resubmit", "重新提交"), ("approve", "批准")], steps
    reviewer.screenshot(path="var/browser-exception-approved.png", full_page=True)
