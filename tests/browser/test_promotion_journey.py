"""In Chromium: a submitter of 东湖区 records a promotion activity (第十三条) with an evidence file, then sees it
counted under 南昌市 and its month in the summary, whose ECharts charts are drawn (canvas) without a CSP violation
(new_page fails on any). Screenshots of the summary go to var/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from operations.promotion.models import PromotionActivity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
PDF = b"%PDF-1.4\n%promotion evidence\n%%EOF\n"


def test_submitter_records_an_activity_and_sees_it_in_the_summary(new_page, login, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = get_user_model().objects.create_user(username="donghu_submitter", password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code="360102"))
    user.groups.add(Group.objects.get(name="submitter"))
    evidence = tmp_path / "现场照片.pdf"
    evidence.write_bytes(PDF)
    page = new_page()
    login(page, "donghu_submitter", PASSWORD)

    page.goto("/operations/promotion/activities/")
    page.click("#add-activity")
    page.fill("#id_title", "“小赣事聊服务”直播东湖专场")
    page.select_option("#id_mode", "online")
    page.select_option("#id_channel", "live_stream")
    today = timezone.localdate()
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_views", "-5")
    page.click("#activity-save")
    assert "大于或等于0的整数" in page.inner_text("#activity-form")
    assert page.input_value("#id_title") == "“小赣事聊服务”直播东湖专场"  # nothing typed is lost
    page.fill("#id_views", "12800")
    page.fill("#id_participants", "0")
    page.fill("#id_registrations", "436")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.click("#activity-save")
    page.wait_for_selector("#evidence-card")
    activity = PromotionActivity.objects.get()
    assert (activity.owner_org.code, activity.views, activity.registrations) == ("360102", 12800, 436)
    assert "现场照片" in page.inner_text("#evidence-card")

    page.goto("/operations/promotion/summary/")
    row = page.locator("#city-table tr[data-city='360100']")
    assert "南昌市" in row.inner_text()
    assert row.locator("[data-figure=registrations]").inner_text() == "436"
    month = page.locator(f"#month-table tr[data-month='{today.month}']")
    assert month.locator("[data-figure=activities]").inner_text() == "1"
    assert f"{today.month}月" in month.inner_text()
    page.wait_for_selector("[data-chart=promotion-by-city] canvas")
    page.wait_for_selector("[data-chart=promotion-by-month] canvas")
    assert "宣传推广汇总" in page.inner_text("#page-title")
    shots = Path(settings.BASE_DIR) / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "promotion-summary.png"), full_page=True)
