"""Issue 15 points 1, 2, 3, 9, 10 and 12 in Chromium, as a new user meets them after `make run`: the demo seeded,
signed in as the demo users of the README. (These were fixed and tested with the Django client first; the other
points have their own browser tests: test_issue15_*.py.) Screenshots go to var/screenshots/."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Ganfutong@2026"  # the demo users' password (README)


def test_the_first_points_as_the_demo_users(new_page, login, shot):
    call_command("seed_demo", verbosity=0)

    def demo_user(username):
        page = new_page()
        login(page, username, PASSWORD)
        return page

    # 1. An unknown address is the app's own Chinese 404, styled (its stylesheet loaded), not the debug page.
    page = demo_user("nanchang_submitter")
    response = page.goto("/no/such/page/")
    assert response.status == 404
    assert "页面或记录不存在" in page.inner_text("body")
    assert "URLconf" not in page.content() and "Page not found" not in page.content()
    assert page.evaluate("[...document.styleSheets].some(s => s.href && s.cssRules.length > 0)")
    shot(page, "issue15-p1-404")

    # 2. A 九江市 user's 单位（含下级） filter offers 九江市 and its counties only.
    page = demo_user("jiujiang_admin")
    page.goto("/maintenance/hotline/work-orders/")
    offered = set(page.eval_on_selector_all("select[name=org] option", "os => os.map(o => o.value)")) - {""}
    jiujiang = OrgUnit.objects.get(code="360400")
    expected = {str(pk) for pk in OrgUnit.objects.subtree_of(jiujiang).values_list("pk", flat=True)}
    assert offered == expected and len(offered) > 1
    assert str(OrgUnit.objects.get(code="360100").pk) not in offered  # not 南昌市
    shot(page, "issue15-p2-filter-in-reach")

    # 3. The announcement form starts at the operator's own unit; a passed publication time is refused, nothing
    #    saved, what was typed kept.
    page = demo_user("operator_publisher")
    page.goto("/announcements/new/")
    operator_unit = OrgUnit.objects.get(code="OP3601")
    assert page.input_value("#id_owner_org") == str(operator_unit.pk)
    options = page.eval_on_selector_all("#id_owner_org option", "os => os.map(o => o.textContent.trim())")
    assert options[0] == "— 请选择单位 —" and options[1] == operator_unit.name
    page.fill("#id_title", "浏览器测试：过期发布时间")
    page.select_option("#id_category", "general")
    page.fill("#id_body", "<p>测试正文</p>")
    past = timezone.localtime() - timedelta(days=2)
    page.fill("#id_publish_at", past.strftime("%Y-%m-%dT%H:%M"))
    page.click("#announcement-save")
    page.wait_for_selector("#form-errors")
    assert "发布时间已过" in page.inner_text("#announcement-form")
    assert page.input_value("#id_title") == "浏览器测试：过期发布时间"
    assert not Announcement.objects.filter(title="浏览器测试：过期发布时间").exists()
    shot(page, "issue15-p3-past-publish-time")

    # 9. Money reads with thousands separators on the budget pages.
    page = demo_user("nanchang_admin")
    page.goto("/maintenance/budgets/")
    text = page.inner_text("main")
    assert re.search(r"\d{1,3}(,\d{3})+\.\d\d", text), text[:500]
    assert not re.search(r"(?<![\d,])\d{5,}\.\d\d", text), "an ungrouped amount"
    shot(page, "issue15-p9-budgets")

    # 10 and 12. The system administrator's home shows its own work, no filing counters; the calendar names its
    #    source in Chinese.
    page = demo_user("sys_admin")
    page.goto("/")
    assert page.is_visible("#my-work")
    assert page.locator("[data-figure=waiting_filings], #card-waiting-filings, #overdue").count() == 0
    shot(page, "issue15-p12-sys-admin-home")
    page.goto("/calendar/")
    calendar = page.inner_text("main")
    assert "国务院法定节假日安排" in calendar and "chinese-calendar" not in calendar
    shot(page, "issue15-p10-calendar")
