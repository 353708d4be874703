"""第十四条 in the browser: the operator's publisher drafts the 2026 Q3 operations report with a finding naming 南昌市,
publishes it (the confirm dialog accepted), and a rectification opens for 南昌市. nanchang_submitter reads the report,
the finding and its rectification; jiujiang_submitter reads the report without that finding, and the rectification
is 404 to them. Screenshots of the detail and the printable page go to var/."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification
from operations.reports.models import OperationsReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
FINDING = "南昌市12345热线工单超期率偏高，差评整改不及时。"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


def test_operator_publishes_a_quarterly_report_with_a_finding_for_nanchang(new_page, login):
    make_user("operator_publisher", "OP3601", "publisher")
    make_user("nanchang_submitter", "360100", "submitter")
    make_user("jiujiang_submitter", "360400", "submitter")
    nanchang = OrgUnit.objects.get(code="360100")

    operator = new_page()
    login(operator, "operator_publisher", PASSWORD)
    operator.goto("/operations/reports/")
    assert "运营报告" in operator.inner_text("#page-title")
    operator.click("#add-report")
    operator.select_option("[name=kind]", "quarterly")
    operator.fill("[name=year]", "2026")
    operator.fill("[name=quarter]", "3")
    operator.fill("[name=month]", "")
    operator.fill("[name=number]", "赣服通运〔2026〕3号")
    operator.fill("[name=title]", "赣服通平台2026年第三季度运营报告")
    operator.fill("[name=narrative]", "第三季度平台运行总体平稳。")
    operator.fill("[name=findings-0-text]", FINDING)
    operator.select_option("[name=findings-0-units]", [str(nanchang.pk)])
    operator.click("#report-save")
    operator.wait_for_url(re.compile(r"/operations/reports/\d+/$"))
    assert "草稿" in operator.inner_text("#record-status")
    assert operator.locator("#figure-work_orders").count() == 1
    operator.once("dialog", lambda dialog: dialog.accept())
    operator.click("#transition-form button[data-action=publish]")
    operator.wait_for_selector("#record-status:has-text('已发布')")
    report = OperationsReport.objects.get()
    assert report.status == "published" and report.snapshot
    rect = Rectification.objects.get(owner_org=nanchang)
    assert rect.source_type.model == "reportfinding"
    operator.screenshot(path="var/browser-operations-report-detail.png", full_page=True)
    operator.goto(f"/operations/reports/{report.pk}/print/")
    assert "赣服通平台2026年第三季度运营报告" in operator.inner_text("#print-sheet")
    operator.screenshot(path="var/browser-operations-report-print.png", full_page=True)

    city = new_page()
    login(city, "nanchang_submitter", PASSWORD)
    city.goto("/operations/reports/")
    city.click(f"[data-report='{report.pk}'] a")
    city.wait_for_selector("#report-findings")
    assert FINDING in city.inner_text("#report-findings")
    city.click(f"[data-rectification='{rect.pk}']")
    city.wait_for_url(re.compile(rf"/rectifications/{rect.pk}/"))
    assert "待整改" in city.inner_text("body")

    other = new_page()
    login(other, "jiujiang_submitter", PASSWORD)
    other.goto(f"/operations/reports/{report.pk}/")
    assert FINDING not in other.inner_text("body")
    assert other.locator(f"[data-rectification='{rect.pk}']").count() == 0
    response = other.goto(rect.get_absolute_url())
    assert response.status == 404
