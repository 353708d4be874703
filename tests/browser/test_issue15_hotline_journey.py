"""Issue 15, the journey "a 12345 work order to a bad review and its appeal" in Chromium (第十八条).

The 12345 hotline system posts the work order over the API (token auth, as it does in production): it names a
东湖区 service, so it is dispatched to 东湖区 at intake. 东湖区's submitter signs it (签收) and replies on the
page; the callback arrives unsatisfied (from the hotline system over the API in one test, recorded by the
operator on the page in the other); the bad review and its rectification appear for 东湖区, which appeals with a
reason; the province's reviewer upholds the appeal (the review is excluded, its rectification waived, it no longer
counts) or rejects it (it stays, the rectification goes on). Each step is asserted on the page (the Chinese status,
the timeline rows) and in the database. Screenshots go to var/screenshots/issue15-hotline-*.png."""

import pytest
from django.contrib.auth.models import Permission
from journey_data import service
from rest_framework.test import APIClient

from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.workflow.models import Rectification
from maintenance import selectors
from maintenance.hotline.models import BadReview, WorkOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API = "/api/v1/maintenance/work-orders/"
WO = "/maintenance/hotline/work-orders/"
REVIEWS = "/maintenance/hotline/bad-reviews/"


def hotline_system(make_user):
    """The 12345 system's account: an API token holding what its intake and callback need."""
    user = make_user("hotline_system", None, "OP3601")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="maintenance",
                                                         codename__in=["add_workorder", "view_workorder"]))
    _, raw = ApiToken.issue(user, name="12345")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def post_work_order(client, svc, hotline_id):
    response = client.post(API, {
        "hotline_id": hotline_id, "type": "complaint", "title": "公积金提取页面提交失败",
        "content": "群众反映提交公积金提取申请时页面报错，联系电话13812345678。", "service_code": svc.code,
        "citizen_name": "张三", "citizen_phone": "13812345678"}, format="json")
    assert response.status_code == 201, response.content
    wo = WorkOrder.objects.get(pk=response.json()["id"])
    assert (wo.status, wo.owner_org.code, wo.source) == ("dispatched", "360102", "api")
    return wo


def status_text(page):
    return page.inner_text("#record-status").strip()


def timeline_actions(page):
    return page.eval_on_selector_all("#timeline [data-event-action]", "els => els.map(e => e.dataset.eventAction)")


def wait_for_success(page):
    page.wait_for_selector("#messages .alert[data-message-level=success]")


def sign_and_reply(county, wo, shot, name):
    """东湖区 finds the order in its list, signs it and replies: both visible on the page and stored."""
    county.goto(WO)
    assert county.locator(f"#workorder-table tr[data-workorder='{wo.pk}'], tr[data-workorder='{wo.pk}']").count() == 1
    county.goto(f"{WO}{wo.pk}/")
    assert status_text(county) == "待签收"
    # The citizen's phone in the content is masked on the page.
    assert "13812345678" not in county.inner_text("#workorder-content")
    county.click("#action-acknowledge button[data-action=acknowledge]")
    wait_for_success(county)
    assert status_text(county) == "办理中"
    wo.refresh_from_db()
    assert wo.status == "processing" and wo.acknowledged_at is not None
    assert timeline_actions(county) == ["receive", "acknowledge"]
    # Signed in time: no lateness on the sign-off row.
    assert not county.locator("#timeline [data-event-action=acknowledge] [data-event-late]").count()

    county.fill("#reply-text", "已修复提交报错，请重新提交申请。")
    county.click("#action-reply button[data-action=reply]")
    wait_for_success(county)
    assert status_text(county) == "已答复待回访"
    assert "答复：已修复提交报错，请重新提交申请。" in county.inner_text("#timeline [data-event-action=reply]")
    assert county.inner_text("#workorder-reply").strip() == "已修复提交报错，请重新提交申请。"
    wo.refresh_from_db()
    assert (wo.status, wo.reply) == ("replied", "已修复提交报错，请重新提交申请。")
    # The unit cannot record the callback itself.
    assert not county.locator("#action-callback").count()
    shot(county, f"issue15-hotline-{name}-replied")


def the_bad_review_appears_for_the_unit(county, wo, rating_text, shot, name):
    county.goto(f"{WO}{wo.pk}/")
    assert status_text(county) == "已回访办结"
    assert timeline_actions(county) == ["receive", "acknowledge", "reply", "callback"]
    assert f"满意度：{rating_text}" in county.inner_text("#timeline [data-event-action=callback]")
    review = BadReview.objects.get(work_order=wo)
    row = county.locator(f"#workorder-bad-reviews tr[data-bad-review='{review.pk}']")
    assert "整改中" in row.inner_text() and rating_text in row.inner_text()
    shot(county, f"issue15-hotline-{name}-called-back")

    county.goto(REVIEWS)
    assert county.get_attribute(f"#badreview-table tr[data-bad-review='{review.pk}']", "data-status") == "active"
    county.click(f"#badreview-table tr[data-bad-review='{review.pk}'] a")
    county.wait_for_url(f"**{REVIEWS}{review.pk}/")
    assert status_text(county) == "整改中"
    assert "待整改" in county.inner_text("#badreview-rectification")
    assert wo.reference in county.inner_text("#badreview-source")
    assert timeline_actions(county) == ["open"]
    assert (review.status, review.excluded, review.owner_org.code) == ("active", False, "360102")
    assert review.rectification.status == "open"
    assert selectors.bad_reviews().filter(owner_org__code="360102").count() == 1
    return review


def appeal(county, review, shot, name):
    # An appeal without a reason is stopped in the page (the comment is required), nothing is sent.
    county.click("[data-action=appeal]")
    assert county.locator("[data-comment-feedback]:not(.d-none)").count() == 1
    review.refresh_from_db()
    assert review.status == "active"
    county.fill("#transition-comment", "群众诉求为要求退还已缴税费，超出本单位职权和政策范围，属恶意差评。")
    county.click("[data-action=appeal]")
    wait_for_success(county)
    assert "已完成：该差评现为“申诉中”。" in county.inner_text("#messages")
    assert status_text(county) == "申诉中"
    assert timeline_actions(county) == ["open", "appeal"]
    assert "超出本单位职权和政策范围" in county.inner_text("#timeline [data-event-action=appeal]")
    # Deciding its own appeal is not open to the unit.
    assert not county.locator("[data-action=uphold], [data-action=reject_appeal]").count()
    review.refresh_from_db()
    assert review.status == "appealed" and "超出本单位职权" in review.appeal_reason
    shot(county, f"issue15-hotline-{name}-appealed")


def reviewer_opens_the_appeal(reviewer, review):
    # The province's home shows the appeal waiting; its list of appeals leads to it.
    reviewer.goto("/")
    assert reviewer.locator("[data-section=hotline-appeals]").count() == 1
    reviewer.goto(f"{REVIEWS}?status=appealed")
    assert reviewer.locator("#badreview-table tr[data-bad-review]").count() == 1
    reviewer.click(f"#badreview-table tr[data-bad-review='{review.pk}'] a")
    reviewer.wait_for_url(f"**{REVIEWS}{review.pk}/")
    assert status_text(reviewer) == "申诉中"
    assert "超出本单位职权和政策范围" in reviewer.inner_text("#badreview-fields")


def counted_rows(page):
    page.goto(f"{REVIEWS}?excluded=false")
    return page.locator("#badreview-table tr[data-bad-review]").count()


def test_an_unsatisfied_callback_from_the_hotline_appealed_and_upheld(signed_in, shot, make_user):
    svc = service("360102", "listed", name="东湖区旅程公积金提取")
    system = hotline_system(make_user)
    wo = post_work_order(system, svc, "12345-2026-J00001")

    county = signed_in("donghu_submitter")
    sign_and_reply(county, wo, shot, "upheld")

    # The 12345 system calls the citizen back and posts the result: unsatisfied opens a bad review.
    response = system.post(f"{API}{wo.pk}/callback/", {"satisfaction": "unsatisfied",
                                                       "comment": "页面还是打不开"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["satisfaction"]) == ("closed", "unsatisfied")
    # A second callback of the same order is refused: there is one bad review.
    assert system.post(f"{API}{wo.pk}/callback/", {"satisfaction": "satisfied"}, format="json").status_code == 409

    review = the_bad_review_appears_for_the_unit(county, wo, "不满意", shot, "upheld")
    assert counted_rows(county) == 1
    county.goto(f"{REVIEWS}{review.pk}/")
    appeal(county, review, shot, "upheld")

    # Another city's submitter does not see the review nor the order (the Chinese 404).
    other = signed_in("jiujiang_submitter")
    for url in (f"{REVIEWS}{review.pk}/", f"{WO}{wo.pk}/"):
        assert other.goto(url).status == 404
        assert "页面或记录不存在" in other.inner_text("#error-404")

    reviewer = signed_in("province_reviewer")
    reviewer_opens_the_appeal(reviewer, review)
    reviewer.fill("#transition-comment", "经核实，群众诉求超出政策范围，属恶意差评，申诉成立。")
    reviewer.click("[data-action=uphold]")
    wait_for_success(reviewer)
    assert status_text(reviewer) == "已剔除（申诉成立）"
    assert reviewer.locator("#excluded-badge").inner_text().strip() == "已剔除"
    fields = reviewer.inner_text("#badreview-fields")
    assert "是：申诉成立，该差评不计入考核" in fields and "申诉成立。" in fields
    assert "已豁免" in reviewer.inner_text("#badreview-rectification")
    assert timeline_actions(reviewer) == ["open", "appeal", "uphold"]
    assert reviewer.locator("#no-actions").count() == 1  # decided once
    shot(reviewer, "issue15-hotline-upheld-decided")

    review.refresh_from_db()
    rect = Rectification.objects.get(pk=review.rectification_id)
    assert (review.status, review.excluded, review.decided_by.username) == ("excluded", True, "province_reviewer")
    assert rect.status == "waived" and rect.closed_at is not None
    # What supervision and the operations reports count skips it.
    assert selectors.bad_reviews().filter(owner_org__code="360102").count() == 0

    # 东湖区 sees the decision; it no longer counts among its bad reviews, and cannot appeal again.
    county.goto(f"{REVIEWS}{review.pk}/")
    assert status_text(county) == "已剔除（申诉成立）"
    assert "是：申诉成立，该差评不计入考核" in county.inner_text("#badreview-fields")
    assert county.locator("#no-actions").count() == 1
    assert counted_rows(county) == 0
    county.goto(f"{WO}{wo.pk}/")
    assert "已剔除（申诉成立）" in county.inner_text(f"#workorder-bad-reviews tr[data-bad-review='{review.pk}']")
    shot(county, "issue15-hotline-upheld-unit-view")


def test_an_unsatisfied_callback_recorded_by_the_operator_appealed_and_rejected(signed_in, shot, make_user):
    svc = service("360102", "listed", name="东湖区旅程公租房申请")
    wo = post_work_order(hotline_system(make_user), svc, "12345-2026-J00002")

    county = signed_in("donghu_submitter")
    sign_and_reply(county, wo, shot, "rejected")

    # The operator records the callback on the page, from its list of replies waiting for one.
    operator = signed_in("operator_publisher")
    operator.goto(f"{WO}?status=replied")
    assert operator.locator(f"tr[data-workorder='{wo.pk}']").count() == 1
    operator.goto(f"{WO}{wo.pk}/")
    assert status_text(operator) == "已答复待回访"
    operator.select_option("#callback-satisfaction", "very_unsatisfied")
    operator.fill("#comment-callback", "群众表示仍无法提交，联系13900001111")
    operator.click("#action-callback button[data-action=callback]")
    wait_for_success(operator)
    assert status_text(operator) == "已回访办结"
    assert "满意度：非常不满意" in operator.inner_text("#timeline [data-event-action=callback]")
    # The phone typed in the comment is masked in the timeline.
    assert "13900001111" not in operator.inner_text("#timeline")
    shot(operator, "issue15-hotline-rejected-operator-callback")
    wo.refresh_from_db()
    assert (wo.status, wo.satisfaction) == ("closed", "very_unsatisfied")

    review = the_bad_review_appears_for_the_unit(county, wo, "非常不满意", shot, "rejected")
    appeal(county, review, shot, "rejected")

    reviewer = signed_in("province_reviewer")
    reviewer_opens_the_appeal(reviewer, review)
    # A second tab of the reviewer's office holds the same appeal open (it decides after the first: stale).
    second = signed_in("province_reviewer")
    second.goto(f"{REVIEWS}{review.pk}/")
    reviewer.fill("#transition-comment", "答复未解决群众反映的问题，差评成立，申诉驳回。")
    reviewer.click("[data-action=reject_appeal]")
    wait_for_success(reviewer)
    assert status_text(reviewer) == "申诉驳回"
    assert not reviewer.locator("#excluded-badge").count()
    assert "待整改" in reviewer.inner_text("#badreview-rectification")
    assert "申诉驳回。" in reviewer.inner_text("#badreview-fields")
    assert timeline_actions(reviewer) == ["open", "appeal", "reject_appeal"]
    shot(reviewer, "issue15-hotline-rejected-decided")

    # The stale tab upholds: 409, the Chinese message, the typed reason kept, the rejection stands.
    second.fill("#transition-comment", "经核实属恶意差评。")
    with second.expect_response(lambda r: r.request.method == "POST") as info:
        second.click("[data-action=uphold]")
    assert info.value.status == 409
    second.wait_for_selector("#messages .alert[data-message-level=error]")
    assert "该记录已被他人修改" in second.inner_text("#messages")
    shot(second, "issue15-hotline-rejected-stale-uphold")
    assert status_text(second) == "申诉驳回"
    assert second.input_value("#transition-comment") == "经核实属恶意差评。"

    review.refresh_from_db()
    assert (review.status, review.excluded) == ("appeal_rejected", False)
    assert Rectification.objects.get(pk=review.rectification_id).status == "open"
    assert selectors.bad_reviews().filter(owner_org__code="360102").count() == 1

    # 东湖区 sees the rejection; the review still counts, its rectification goes on, no second appeal.
    county.goto(f"{REVIEWS}{review.pk}/")
    assert status_text(county) == "申诉驳回"
    assert county.locator("#no-actions").count() == 1
    assert counted_rows(county) == 1
    shot(county, "issue15-hotline-rejected-unit-view")
