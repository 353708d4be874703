"""Issue 15, point 8: an optional (选做) self-test item may be left unmarked, the form says which items are required,
and a passed self-test leads back to the draft listing filing that waited for it, which can then be submitted."""

import pytest
from journey_data import change_filing, complete_register, service, standard

from services.models import SelfTestReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_optional_items_may_be_left_and_the_self_test_leads_back_to_the_draft(signed_in, shot):
    std = standard(required=("个人信息脱敏展示",), optional=("适老化大字版",))
    required_item, optional_item = std.items.order_by("order")
    svc = service("360102", "planned", name="东湖区旅程自测服务")
    complete_register(svc)
    draft = change_filing(svc, "service_listing", status="draft")
    page = signed_in("donghu_submitter")

    page.goto(f"/services/{svc.pk}/self-tests/new/")
    assert "选做项可不标记" in page.inner_text("#selftest-instructions")
    assert page.get_attribute(f"tr[data-item='{required_item.pk}'] [data-item-required]",
                              "data-item-required") == "true"
    assert page.get_attribute(f"tr[data-item='{optional_item.pk}'] [data-item-required]",
                              "data-item-required") == "false"
    assert page.locator(f"tr[data-item='{optional_item.pk}'] label.gft-radio-na").count() == 1
    assert page.locator(f"tr[data-item='{required_item.pk}'] label.gft-radio-na").count() == 0
    page.click(f"tr[data-item='{required_item.pk}'] label.gft-radio-yes")
    shot(page, "issue15-8-selftest-form")
    page.click("#selftest-save")
    page.wait_for_url(f"**/filings/{draft.pk}/")
    assert "正等待本次自测" in page.inner_text("#messages")
    report = SelfTestReport.objects.get(service=svc)
    assert report.passed and report.results.count() == 1
    shot(page, "issue15-8-back-to-draft")

    page.click("[data-action=submit]")
    page.wait_for_selector("#messages .alert[data-message-level=success]")
    draft.refresh_from_db()
    assert draft.status == "submitted"
