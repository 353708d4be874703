"""Issue 15, point 8: an optional (选做) item may be left unmarked or marked not applicable (no result is recorded;
the report still passes on its required items), a required one may not; a passed self-test leads back to the draft
listing filing that waits for it."""

import pytest
from django.urls import reverse
from factories import org
from factories_catalog import ServiceFactory, make_standard
from factories_filings import change_filing
from test_selftests import form_data, item_pk, url

from services.models import SelfTestReport

pytestmark = pytest.mark.django_db

ITEMS = ("统一身份认证接入", "个人信息脱敏展示")
OPTIONAL = "办事指南完整"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard():
    return make_standard("2.0", items=ITEMS, optional=(OPTIONAL,))


@pytest.fixture
def service():
    return ServiceFactory(owner_org=org("360102"), name="出生医学证明办理", status="planned")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.mark.parametrize("mark", [None, "na"])
def test_an_optional_item_may_be_left_or_not_applicable(standard, service, donghu, web, mark):
    response = web(donghu).post(url(service), form_data(standard, {OPTIONAL: (mark, "")}))
    assert response.status_code == 302
    report = SelfTestReport.objects.get()
    assert report.passed is True
    assert set(report.results.values_list("item__text", flat=True)) == set(ITEMS)


def test_a_required_item_may_not_be_not_applicable(standard, service, donghu, web):
    response = web(donghu).post(url(service), form_data(standard, {"个人信息脱敏展示": ("na", "")}))
    assert response.status_code == 400
    assert not SelfTestReport.objects.exists()


def test_the_form_says_which_items_are_required(standard, service, donghu, web):
    html = web(donghu).get(url(service)).content.decode()
    assert html.count('data-item-required="true"') == 2 and html.count('data-item-required="false"') == 1
    assert f'name="item-{item_pk(standard, OPTIONAL)}-passed" value="na"' in html
    assert f'name="item-{item_pk(standard, ITEMS[0])}-passed" value="na"' not in html
    assert "选做项可不标记" in html


def test_a_passed_self_test_leads_back_to_the_waiting_draft(standard, service, donghu, web):
    draft, _ = change_filing(service, "listing", status="draft")
    response = web(donghu).post(url(service), form_data(standard))
    assert response.status_code == 302 and response.url == reverse("workflow:filing-detail", args=[draft.pk])
    detail = web(donghu).get(reverse("services:selftest-detail", args=[SelfTestReport.objects.get().pk]))
    assert f'href="/filings/{draft.pk}/"' in detail.content.decode()


def test_without_a_waiting_draft_it_shows_the_report(standard, service, donghu, web):
    change_filing(service, "listing", status="submitted")  # not waiting: already submitted
    response = web(donghu).post(url(service), form_data(standard))
    report = SelfTestReport.objects.get()
    assert response.url == reverse("services:selftest-detail", args=[report.pk])


def test_a_failed_self_test_does_not_lead_to_the_filing(standard, service, donghu, web):
    change_filing(service, "listing", status="draft")
    response = web(donghu).post(url(service), form_data(standard, {ITEMS[0]: ("no", "未接入")}))
    assert "/self-tests/" in response.url


def test_out_of_scope_service_is_404(standard, donghu, web):
    other = ServiceFactory(owner_org=org("360402"), name="濂溪区服务")
    assert web(donghu).get(url(other)).status_code == 404
