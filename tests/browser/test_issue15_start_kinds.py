"""Issue 15, point 6: the 报备 page offers every filing kind the user may start, read from the kernel's filing-kind
registry (chapter kinds included: operations plans, advance filings…), and a service filing chooses its service in
the form, among the services of the user's scope in a state that allows that kind."""

import re

import pytest
from journey_data import service, standard

from ganfutong_admin.workflow.models import Filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_filings_page_offers_every_kind_and_the_service_is_chosen_in_the_form(signed_in, shot):
    standard()
    planned = service("360102", "planned", name="东湖区旅程计划服务")
    listed = service("360102", "listed", name="东湖区旅程已上架服务")
    foreign = service("360402", "planned", name="濂溪区旅程计划服务")
    page = signed_in("donghu_submitter")

    page.goto("/filings/")
    page.click("#start-filing-toggle")
    page.wait_for_selector("#start-filing-menu.show")
    offered = page.locator("#start-filing-menu [data-kind]").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert {"service_list", "service_listing", "service_update", "service_delisting", "new_app_exception",
            "operations_plan", "advance_filing"} <= set(offered)
    # Not offered: a partner's own application (not a partner) and the written filing that follows an oral report.
    assert "partner_application" not in offered and "emergency_delisting" not in offered
    assert "上架报备" in page.inner_text("#start-filing-menu")
    shot(page, "issue15-6-new-filing-menu")

    page.click("#start-filing-menu [data-kind=service_listing]")
    page.wait_for_selector("#change-form")
    choices = page.locator("[name=service] option").evaluate_all("os => os.map(o => o.value)")
    assert str(planned.pk) in choices
    assert str(listed.pk) not in choices  # already listed: not a listing
    assert str(foreign.pk) not in choices  # outside 东湖区
    page.select_option("[name=service]", str(planned.pk))
    page.fill("[name=description]", "东湖区计划上架的服务，已完成全流程自测准备。")
    shot(page, "issue15-6-listing-form")
    page.click("#change-save")
    page.wait_for_url(re.compile(r"/filings/\d+/$"))
    filing = Filing.objects.get(kind="service_listing")
    assert (filing.status, filing.service_change.service_id, filing.owner_org.code) == ("draft", planned.pk, "360102")

    # The update form of the same page offers the listed service only.
    page.goto("/filings/")
    page.click("#start-filing-toggle")
    page.click("#start-filing-menu [data-kind=service_update]")
    page.wait_for_selector("#change-form")
    choices = page.locator("[name=service] option").evaluate_all("os => os.map(o => o.value)")
    assert str(listed.pk) in choices and str(planned.pk) not in choices


def test_a_reader_is_offered_nothing_to_start(signed_in):
    page = signed_in("auditor")
    page.goto("/filings/")
    assert page.inner_text("#filing-page-title") == "报备"
    assert not page.locator("#start-filing").count()
