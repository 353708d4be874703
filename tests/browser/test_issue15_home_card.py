"""Issue 15, point 11 in the browser: the home card "近3个工作日未开展日常巡检的单位" counts only org units that own
listed services, and says what it counts. Fails on the code before: it counted every city, county and department
(126 in the demo) and said nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from services.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
SHOTS = "/tmp/uxlate_shots"


def test_the_daily_inspection_card_counts_units_with_listed_services(new_page, login):
    user = get_user_model().objects.create_user(username="nanchang_submitter", password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code="360100"))
    user.groups.add(Group.objects.get(name="submitter"))
    for n, code in enumerate(("360102", "360103")):
        Service.objects.create(owner_org=OrgUnit.objects.get(code=code), name=f"测试服务{n}", code=f"HC-{n}",
                               status="listed")

    page = new_page()
    login(page, "nanchang_submitter", PASSWORD)
    page.goto("/")
    card = page.locator('[data-section="daily-inspection-gaps"]')
    assert card.locator(".badge").first.inner_text() == "2"
    assert "有已上架服务" in card.locator("[data-section-note]").inner_text()
    assert sorted(card.locator("li a").all_inner_texts()) == sorted(
        OrgUnit.objects.get(code=c).name for c in ("360102", "360103"))
    card.screenshot(path=f"{SHOTS}/home_daily_inspection_card.png")
