"""Issue 15, point 7: offer only what can succeed. A service with a listing filing in progress shows 报备：上架报备
disabled with the reason (已有一件同类报备在办) and a link to it; the form says so before the form, without the green
自测通过 banner, and the save fails with the same words (one start check decides both). What only stops the
submission (no passed self-test, an incomplete data-security register) is said before the form with a link to fix it."""

import pytest
from journey_data import change_filing, complete_register, passed_self_test, service, standard

from ganfutong_admin.workflow.models import Filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_listing_in_progress_is_offered_disabled_with_the_reason(signed_in, shot):
    std = standard()
    svc = service("360102", "planned", name="东湖区旅程在办服务")
    passed_self_test(svc, std)
    complete_register(svc)
    first = change_filing(svc, "service_listing", status="submitted")
    page = signed_in("donghu_submitter")

    page.goto(f"/services/{svc.pk}/")
    assert page.locator("#file-service_listing").is_disabled()
    reason = page.inner_text("#file-service_listing-reason")
    assert "已有一件同类报备在办" in reason and first.reference in reason
    shot(page, "issue15-7-service-page-disabled")
    page.click("#file-service_listing-reason a[data-fix-link]")
    page.wait_for_url(f"**/filings/{first.pk}/")

    # Opened by its address, the form says so first, and shows no green self-test banner.
    page.goto(f"/services/change-filings/new/?kind=service_listing&service={svc.pk}")
    assert page.get_attribute("#start-problems [data-start-problem]", "data-start-problem") == "blocks"
    assert "已有一件同类报备在办" in page.inner_text("#start-problems")
    assert not page.locator("#self-test-status[data-self-test=passed]").count()
    shot(page, "issue15-7-form-blocked")
    page.fill("[name=description]", "再报一次")
    page.click("#change-save")
    page.wait_for_selector("#change-form .gft-field-error")
    assert "已有一件同类报备在办" in page.inner_text("#change-form")
    assert Filing.objects.filter(kind="service_listing").count() == 1


def test_what_stops_the_submission_is_said_before_the_form_with_links(signed_in, shot):
    standard()
    svc = service("360102", "planned", name="东湖区旅程未自测服务")  # no self-test, no register entry
    page = signed_in("donghu_submitter")

    page.goto(f"/services/{svc.pk}/")
    page.click("a#file-service_listing")  # offered: the draft can be saved
    page.wait_for_selector("#change-form")
    warnings = page.locator("#start-problems [data-start-problem=warns]")
    assert warnings.count() == 2
    text = page.inner_text("#start-problems")
    assert "全流程自测" in text and "数据安全" in text
    links = page.locator("#start-problems a[data-fix-link]").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert f"/services/{svc.pk}/self-tests/new/" in links
    assert not page.locator("#self-test-status[data-self-test=passed]").count()
    shot(page, "issue15-7-form-warnings")
