"""第十一条 in the browser: 东湖区 files a delisting of one of its listed services, the province approves it,
the operator records the delisting and publishes the draft announcement; the public JSON and Atom feeds then
carry it. 九江市 sees neither the filing nor the service (404)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Filing
from services.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
SERVICE_NAME = "东湖区高龄津贴申领"
REASON = "高龄津贴申领并入“老年人优待”一件事，原服务入口停止使用，群众可通过“老年人优待一件事”办理。"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, org_unit=OrgUnit.objects.get(code=org_code)
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_delisting_filed_approved_recorded_and_announced(new_page, login):
    donghu = make_user("donghu_submitter", "360102", "submitter")
    make_user("province_reviewer", "360000", "reviewer")
    make_user("operator_publisher", "OP3601", "publisher")
    make_user("jiujiang_submitter", "360400", "submitter")
    service = Service.objects.create(
        owner_org=donghu.org_unit, name=SERVICE_NAME, code="360102-MZ-9001", status="listed",
        listed_at=timezone.now() - timedelta(days=300), created_by=donghu,
    )

    # 东湖区 files the delisting from its service's page.
    county = new_page()
    login(county, "donghu_submitter", PASSWORD)
    county.goto(f"/services/{service.pk}/")
    county.click("#file-service_delisting")
    county.wait_for_selector("#change-form")
    assert county.input_value("[name=service]") == str(service.pk)
    county.fill("[name=description]", REASON)
    county.fill("[name=planned_on]", (timezone.localdate() + timedelta(days=7)).isoformat())
    county.click("#change-save")
    county.wait_for_url(re.compile(r"/filings/\d+/$"))
    filing = Filing.objects.get(kind="service_delisting")
    assert (filing.status, filing.owner_org.code) == ("draft", "360102")
    assert SERVICE_NAME in county.inner_text("#change-details")
    county.click("[data-action=submit]")
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "submitted"

    # The province approves it in the one review queue.
    reviewer = new_page()
    login(reviewer, "province_reviewer", PASSWORD)
    reviewer.goto("/filings/?status=submitted")
    reviewer.click(f"a:has-text('{filing.reference}')")
    reviewer.wait_for_url(f"**/filings/{filing.pk}/")
    reviewer.fill("#transition-comment", "同意下架，请运营机构发布公告。")
    reviewer.click("[data-action=approve]")
    reviewer.wait_for_selector("#messages .alert[data-message-level=success]")
    filing.refresh_from_db()
    assert filing.status == "approved"
    notice = Announcement.objects.get(source_id=filing.pk)
    assert notice.status == "draft"
    assert Service.objects.get(pk=service.pk).status == "listed"  # the operator records the delisting

    # The operator: the work list names the approved delisting; it records it and publishes the announcement.
    operator = accept_dialogs(new_page())
    login(operator, "operator_publisher", PASSWORD)
    operator.goto("/")
    section = operator.locator("[data-section=delistings-to-record]")
    assert SERVICE_NAME in section.inner_text()
    section.locator(f"a:has-text('{SERVICE_NAME}')").click()
    operator.wait_for_url(f"**/services/{service.pk}/")
    assert filing.reference in operator.inner_text("#pending-delisting")
    operator.fill("#service-transition-comment", "已按报备下架。")
    operator.click("[data-action=record_delisting]")
    operator.wait_for_selector("#messages .alert[data-message-level=success]")
    service.refresh_from_db()
    assert service.status == "delisted" and service.delisted_at is not None
    filing.service_change.refresh_from_db()
    assert filing.service_change.carried_out_at is not None

    operator.click(f"#delisting-announcements a:has-text('{SERVICE_NAME}')")
    operator.wait_for_url(f"**/announcements/{notice.pk}/")
    operator.click("#transition-form [data-action=publish]")
    operator.wait_for_selector("#messages .alert[data-message-level=success]")
    notice.refresh_from_db()
    assert notice.status == "published" and notice.is_public
    operator.screenshot(path="var/browser-delisting-announced.png", full_page=True)
    operator.goto("/")
    assert SERVICE_NAME not in operator.inner_text("[data-section=delistings-to-record]")

    # The public feeds carry it (no login).
    public = new_page()
    feed = public.request.get("/public/announcements.json")
    assert feed.status == 200
    entries = {a["id"]: a for a in feed.json()["announcements"]}
    assert SERVICE_NAME in entries[notice.pk]["title"]
    assert "老年人优待" in entries[notice.pk]["body_html"]
    atom = public.request.get("/public/announcements.atom")
    assert atom.status == 200 and SERVICE_NAME in atom.text()

    # 九江市 sees neither the filing nor the service.
    jiujiang = new_page()
    login(jiujiang, "jiujiang_submitter", PASSWORD)
    assert jiujiang.goto(f"/filings/{filing.pk}/").status == 404
    assert jiujiang.goto(f"/services/{service.pk}/").status == 404
    assert SERVICE_NAME not in jiujiang.content()
