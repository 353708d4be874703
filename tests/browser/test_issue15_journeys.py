"""Issue 15: the journeys of every role that has them, walked again in Chromium after the fixes (points 5-8):
a listing filing returned and resubmitted (submitter + reviewer), an emergency delisting (oral report, written
filing, review), an out-of-scope address for every submitter (the Chinese 404), and the auditor's export. The
announcement journey (operator: publish, withdraw) is test_announcement_journey.py; the delisting one
test_delisting_journey.py. Screenshots go to var/screenshots/."""

import io
import re

import pytest
from journey_data import change_filing, complete_register, passed_self_test, service, standard

from ganfutong_admin.workflow.models import Filing
from services.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_success(page):
    page.wait_for_selector("#messages .alert[data-message-level=success]")


def test_listing_filing_returned_and_resubmitted(signed_in, shot):
    std = standard()
    svc = service("360102", "planned", name="东湖区旅程居住证申领")
    passed_self_test(svc, std)
    complete_register(svc)

    # 东湖区 starts the listing from its 我的报备 page, choosing the service in the form.
    county = signed_in("donghu_submitter")
    county.goto("/filings/")
    county.click("#start-filing-toggle")
    county.click("#start-filing-menu [data-kind=service_listing]")
    county.wait_for_selector("#change-form")
    county.select_option("[name=service]", str(svc.pk))
    county.fill("[name=description]", "居住证申领全流程网办，已通过全流程自测。")
    county.click("#change-save")
    county.wait_for_url(re.compile(r"/filings/\d+/$"))
    filing = Filing.objects.get(kind="service_listing")
    county.click("[data-action=submit]")
    wait_for_success(county)
    filing.refresh_from_db()
    assert filing.status == "submitted"

    # The province finds it in its review queue (the default view) and returns it with a reason.
    reviewer = signed_in("province_reviewer")
    reviewer.goto("/filings/")
    assert reviewer.locator(f"#filing-table tr[data-filing='{filing.reference}']").count() == 1
    reviewer.click(f"a.gft-ref:has-text('{filing.reference}')")
    reviewer.wait_for_url(f"**/filings/{filing.pk}/")
    reviewer.fill("#transition-comment", "请补充办理时限和材料清单。")
    reviewer.click("[data-action=return]")
    wait_for_success(reviewer)
    filing.refresh_from_db()
    assert filing.status == "returned"
    shot(reviewer, "issue15-journey-listing-returned")

    # 东湖区 revises it and resubmits.
    county.goto("/filings/")
    assert county.get_attribute(f"#filing-table tr[data-filing='{filing.reference}']", "data-status") == "returned"
    county.click(f"a.gft-ref:has-text('{filing.reference}')")
    county.wait_for_url(f"**/filings/{filing.pk}/")
    assert "请补充办理时限和材料清单" in county.inner_text("#timeline-card")
    county.click("#edit-filing")
    county.wait_for_selector("#change-form")
    assert not county.locator("#start-problems").count()  # the filing is not in its own way
    county.fill("[name=description]", "居住证申领全流程网办，承诺时限3个工作日，材料清单见附件。")
    county.click("#change-save")
    county.wait_for_url(f"**/filings/{filing.pk}/")
    county.click("[data-action=resubmit]")
    wait_for_success(county)
    filing.refresh_from_db()
    assert filing.status == "submitted"

    # The province approves: the service is ready to list.
    reviewer.goto("/filings/")
    reviewer.click(f"a.gft-ref:has-text('{filing.reference}')")
    reviewer.wait_for_url(f"**/filings/{filing.pk}/")
    reviewer.click("[data-action=approve]")
    wait_for_success(reviewer)
    filing.refresh_from_db()
    assert filing.status == "approved"
    assert Service.objects.get(pk=svc.pk).status == "ready"
    assert reviewer.inner_text("#filing-back").strip() == "返回审核队列"
    shot(reviewer, "issue15-journey-listing-approved")


def test_emergency_delisting_reported_filed_in_writing_and_reviewed(signed_in, shot):
    svc = service("360102", "listed", name="东湖区旅程公积金提取")
    county = signed_in("donghu_submitter")
    county.goto(f"/services/{svc.pk}/")
    county.click("#emergency-delist")
    county.wait_for_selector("#emergency-form")
    county.fill("[name=reported_to]", "省政务服务管理办公室 值班员")
    county.fill("[name=reason]", "接口发现数据泄露风险，须立即下架排查。")
    county.click("#emergency-save")
    county.wait_for_url(re.compile(r"/filings/\d+/$"))
    filing = Filing.objects.get(kind="emergency_delisting")
    assert filing.status == "oral_reported"
    assert Service.objects.get(pk=svc.pk).status == "delisted"
    shot(county, "issue15-journey-emergency-oral")

    county.click("#edit-filing")
    county.wait_for_selector("#change-form")
    county.fill("[name=description]", "已关闭接口并完成排查，修复后重新申请上架。")
    county.click("#change-save")
    county.wait_for_url(f"**/filings/{filing.pk}/")
    county.click("[data-action=submit_written]")
    wait_for_success(county)
    filing.refresh_from_db()
    assert filing.status == "submitted"

    reviewer = signed_in("province_reviewer")
    reviewer.goto("/filings/")
    reviewer.click(f"a.gft-ref:has-text('{filing.reference}')")
    reviewer.wait_for_url(f"**/filings/{filing.pk}/")
    reviewer.click("[data-action=approve]")
    wait_for_success(reviewer)
    filing.refresh_from_db()
    assert filing.status == "approved"
    shot(reviewer, "issue15-journey-emergency-approved")


OUT_OF_SCOPE = {
    "nanchang_submitter": "360402",  # 南昌市: not 濂溪区 (九江市)
    "donghu_submitter": "360100",  # 东湖区: not its parent 南昌市
    "jiujiang_submitter": "360102",  # 九江市: not 东湖区 (南昌市)
    "lianxi_submitter": "360400",  # 濂溪区: not its parent 九江市
    "dept_submitter": "360102",  # a provincial department: not a county
}


def test_an_out_of_scope_address_is_the_chinese_404_for_every_submitter(signed_in, shot):
    records = {name: (change_filing(service(code), status="submitted"), service(code))
               for name, code in OUT_OF_SCOPE.items()}
    for name, (filing, svc) in records.items():
        page = signed_in(name)
        for url in (f"/filings/{filing.pk}/", f"/services/{svc.pk}/",
                    f"/services/change-filings/new/?kind=service_update&service={svc.pk}"):
            response = page.goto(url)
            assert response.status == 404, (name, url)
            assert "页面或记录不存在" in page.inner_text("#error-404"), (name, url)
            assert filing.title not in page.content() and svc.name not in page.content()
        shot(page, f"issue15-journey-404-{name}")


def test_the_auditors_export(signed_in, shot):
    import openpyxl

    change_filing(service("360102"), status="submitted")
    hostile = change_filing(service("360402"), status="draft")
    Filing.objects.filter(pk=hostile.pk).update(title="=HYPERLINK(\"http://x\")")
    page = signed_in("auditor")
    page.goto("/filings/")
    assert page.inner_text("#filing-page-title") == "报备"
    shot(page, "issue15-journey-auditor-filings")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    data = open(info.value.path(), "rb").read()
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    titles = [row[2] for row in rows[1:]]
    assert len(titles) == Filing.objects.count() == 2
    assert "'=HYPERLINK(\"http://x\")" in titles  # never a live formula
