"""Issue 15, point 5: pages named by what the role does. A submitter's filings page is 我的报备 (its unit's filings,
drafts included) and says so in the menu and on the detail's back link; a reviewer's is 审核队列, opening on what
waits for review (submitted, in scope) with a tab for everything, and the back link returns to it."""

import pytest
from journey_data import change_filing, service

from ganfutong_admin.workflow.models import Filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu_labels(page):
    return page.locator("nav a.nav-link, nav .dropdown-item").evaluate_all(
        "els => els.map(e => e.textContent.trim())")


def test_submitter_sees_my_filings_and_reviewer_the_review_queue(signed_in, shot):
    submitter = signed_in("donghu_submitter")
    draft = change_filing(service("360102"), status="draft")
    submitted = change_filing(service("360102"), status="submitted")
    other_unit = change_filing(service("360402"), status="submitted")

    submitter.goto("/filings/")
    assert submitter.inner_text("#filing-page-title") == "我的报备"
    assert "我的报备" in menu_labels(submitter) and "审核队列" not in " ".join(menu_labels(submitter))
    rows = submitter.locator("#filing-table tbody tr[data-filing]")
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.filing)")) == {draft.reference, submitted.reference}
    assert not submitter.locator("#filing-tabs").count()
    shot(submitter, "issue15-5-my-filings")
    submitter.click(f"a.gft-ref:has-text('{draft.reference}')")
    submitter.wait_for_url(f"**/filings/{draft.pk}/")
    assert submitter.inner_text("#filing-back").strip() == "返回我的报备"
    assert "审核队列" not in submitter.inner_text("main")

    reviewer = signed_in("province_reviewer")
    reviewer.goto("/filings/")
    assert reviewer.inner_text("#filing-page-title") == "审核队列"
    assert "审核队列" in menu_labels(reviewer)
    assert reviewer.get_attribute("#filing-tabs .nav-link.active", "data-view") == "waiting"
    waiting = reviewer.locator("#filing-table tbody tr[data-filing]").evaluate_all(
        "rs => rs.map(r => r.dataset.filing)")
    assert set(waiting) == {submitted.reference, other_unit.reference}  # not the draft
    shot(reviewer, "issue15-5-review-queue")
    reviewer.click("#filing-tabs [data-view=all]")
    reviewer.wait_for_url("**/filings/?view=all*")
    everything = reviewer.locator("#filing-table tbody tr[data-filing]").evaluate_all(
        "rs => rs.map(r => r.dataset.filing)")
    assert set(everything) == {f.reference for f in Filing.objects.all()}
    # The filter keeps the tab; the detail's back link returns to the page the reviewer came from.
    reviewer.select_option("#id_status", "draft")
    reviewer.click("#filter-submit")
    reviewer.wait_for_url("**status=draft*")
    assert reviewer.get_attribute("#filing-tabs .nav-link.active", "data-view") == "all"
    reviewer.click(f"a.gft-ref:has-text('{draft.reference}')")
    reviewer.wait_for_url(f"**/filings/{draft.pk}/")
    assert reviewer.inner_text("#filing-back").strip() == "返回审核队列"
    reviewer.click("#filing-back")
    reviewer.wait_for_url("**/filings/?*status=draft*")
    assert reviewer.locator("#filing-table tbody tr[data-filing]").count() == 1
