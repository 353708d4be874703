"""第十六条 in the browser: the provincial authority records a platform inspection of 东湖区 with a problem and
completes it; a rectification opens for 东湖区; 东湖区 answers it from the link on its inspection; the province
accepts it. Every page shows the states in Chinese. 九江市 does not see the inspection (404)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification
from maintenance.inspections.models import Inspection, InspectionTemplate, InspectionTemplateItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
ITEMS = ["统一身份认证登录正常", "高频服务入口可用", "个人信息脱敏展示（姓名、身份证号、手机号）"]
PROBLEM = "“高龄津贴申领”结果页完整显示申请人身份证号，未脱敏。"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


def test_platform_inspection_problem_is_rectified_and_accepted(new_page, login):
    make_user("province_reviewer", "360000", "reviewer")
    make_user("donghu_submitter", "360102", "submitter")
    make_user("jiujiang_submitter", "360400", "submitter")
    template = InspectionTemplate.objects.create(name="赣服通平台巡检清单（2026版）", kind="platform")
    for order, text in enumerate(ITEMS, start=1):
        InspectionTemplateItem.objects.create(template=template, order=order, text=text)
    donghu = OrgUnit.objects.get(code="360102")

    # The province records the inspection: kind and template first, then the checklist.
    province = new_page()
    login(province, "province_reviewer", PASSWORD)
    province.goto("/maintenance/inspections/")
    assert "巡检" in province.inner_text("#page-title")
    province.click("#add-inspection")
    province.select_option("[name=kind]", "platform")
    province.select_option("[name=template]", str(template.pk))
    province.click("#choose-submit")
    province.wait_for_selector("#inspection-form")
    province.select_option("[name=owner_org]", str(donghu.pk))
    province.fill("[name=summary]", "2026年第二季度平台巡检：东湖区分厅")
    rows = province.locator("[data-finding-row]")
    assert rows.count() == 3
    rows.nth(0).locator("input[value=ok]").check()
    rows.nth(1).locator("input[value=ok]").check()
    rows.nth(2).locator("input[value=problem]").check()
    rows.nth(2).locator("select").select_option("major")
    rows.nth(2).locator("textarea").fill(PROBLEM)
    province.click("#inspection-save")
    province.wait_for_url(re.compile(r"/maintenance/inspections/\d+/$"))
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.owner_org, inspection.status) == ("platform", donghu, "draft")
    assert "草稿" in province.inner_text("#record-status")
    assert "完成巡检时发起" in province.inner_text("#findings-table")

    # Completing it opens the rectification for 东湖区, due 5 working days later.
    province.fill("[name=working_days]", "5")
    province.click("[data-action=complete]")
    province.wait_for_selector("#messages .alert[data-message-level=success]")
    assert "已完成" in province.inner_text("#record-status")
    rect = Rectification.objects.get()
    assert (rect.owner_org, rect.status) == (donghu, "open")
    assert inspection.findings.get(result="problem").rectification == rect
    assert "待整改" in province.inner_text("#findings-table")

    # 东湖区 sees its inspection, follows the link to the rectification and answers it.
    county = new_page()
    login(county, "donghu_submitter", PASSWORD)
    county.goto(f"/maintenance/inspections/{inspection.pk}/")
    assert "已完成" in county.inner_text("#record-status")
    assert county.locator("#transition-form").count() == 0  # the inspected unit does not complete it
    county.click(f"[data-rectification-link='{rect.pk}']")
    county.wait_for_url(f"**/rectifications/{rect.pk}/")
    assert "待整改" in county.inner_text("#record-status")
    assert county.locator("#rectification-source").get_attribute("href").endswith(
        f"/maintenance/inspections/{inspection.pk}/#finding-{inspection.findings.get(result='problem').pk}")
    county.fill("[name=response]", "结果页已按规范脱敏，仅显示身份证号前3后4位，已回归测试。")
    county.click("#answer-save")
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    county.click("[data-action=submit]")
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    assert "已提交" in county.inner_text("#record-status")
    rect.refresh_from_db()
    assert rect.status == "submitted"

    # The province accepts it; the inspection shows the rectification accepted and no open problem.
    province.goto(f"/rectifications/{rect.pk}/")
    province.fill("#transition-comment", "经复核，已整改到位。")
    province.click("[data-action=accept]")
    province.wait_for_selector("#messages .alert[data-message-level=success]")
    assert "已验收" in province.inner_text("#record-status")
    rect.refresh_from_db()
    assert rect.status == "accepted"
    province.goto(f"/maintenance/inspections/{inspection.pk}/")
    assert "已验收" in province.inner_text("#findings-table")
    province.goto("/maintenance/inspections/?open_problems=true")
    assert province.locator(f"[data-inspection='{inspection.pk}']").count() == 0
    province.screenshot(path="var/browser-inspection-accepted.png", full_page=True)

    # 九江市 does not see 东湖区's inspection.
    jiujiang = new_page()
    login(jiujiang, "jiujiang_submitter", PASSWORD)
    assert jiujiang.goto(f"/maintenance/inspections/{inspection.pk}/").status == 404
