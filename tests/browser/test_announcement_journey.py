"""In Chromium: the operator writes an announcement (markup stripped), schedules it, withdraws it with a
reason; the client-side check asks for the reason first. No CSP violation on the way (new_page fails on any)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"


def test_write_schedule_and_withdraw(new_page, login):
    user = get_user_model().objects.create_user(username="operator_publisher", password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code="OP3601"))
    user.groups.add(Group.objects.get(name="publisher"))
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "operator_publisher", PASSWORD)

    page.goto("/announcements/")
    page.click("#add-announcement")
    page.fill("#id_title", "社保系统割接公告")
    page.select_option("#id_category", "maintenance")
    page.fill("#id_body", "<p>割接期间暂停办理。</p><script>alert(1)</script><img src=x onerror=alert(2)>")
    when = timezone.localtime() + timedelta(days=3)
    page.fill("#id_publish_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.click("#announcement-save")
    page.wait_for_url("**/announcements/*/")
    a = Announcement.objects.get(title="社保系统割接公告")
    assert page.inner_html("#announcement-body") == "<p>割接期间暂停办理。</p>"
    assert page.get_attribute("#article-note", "data-article") == "第十一条、第十六条"

    page.click("#transition-form [data-action=publish]")
    page.wait_for_selector("#scheduled-alert")
    assert page.get_attribute("#record-state .gft-state", "data-status") == "scheduled"
    a.refresh_from_db()
    assert (a.status, a.version) == ("published", 2)

    # Withdraw without a reason: stopped in the browser, nothing sent.
    page.click("#transition-form [data-action=withdraw]")
    assert page.is_visible("[data-comment-feedback]")
    a.refresh_from_db()
    assert a.status == "published"
    page.fill("#transition-comment", "割接时间调整，另行通知")
    page.click("#transition-form [data-action=withdraw]")
    page.wait_for_selector("#record-state [data-status=withdrawn]")
    a.refresh_from_db()
    assert (a.status, a.version) == ("withdrawn", 3)
    assert "割接时间调整" in page.inner_text("#history-table")
