"""Issue 15, points 5 and 6 at the view level: the filing page is named by what the user does (我的报备 / 审核队列 /
报备), the reviewer's default view is what waits for review, the back link of a filing names and returns to the
page the user came from (never to another host), and the page offers the kinds the kernel's registry says the user
may start."""

import pytest
from factories import FilingFactory, org

from ganfutong_admin.core.context_processors import navigation
from ganfutong_admin.workflow import kinds

pytestmark = pytest.mark.django_db

LIST = "/filings/"


def shown(response):
    return {f.reference for f in response.context["object_list"]}


@pytest.fixture
def filings():
    return {
        "draft": FilingFactory(owner_org=org("360102")),
        "submitted": FilingFactory(owner_org=org("360102"), submitted=True),
        "approved": FilingFactory(owner_org=org("360402"), status="approved"),
        "elsewhere": FilingFactory(owner_org=org("360402"), submitted=True),
    }


def test_reviewer_opens_on_what_waits_for_review(people, web, filings):
    client = web(people["province_reviewer"])
    response = client.get(LIST)
    assert response.context["page_heading"] == "审核队列" and response.context["current_view"] == "waiting"
    assert shown(response) == {filings["submitted"].reference, filings["elsewhere"].reference}
    everything = client.get(LIST + "?view=all")
    assert shown(everything) == {f.reference for f in filings.values()}
    # A link that asks for a status (the home page's) shows that status, not an empty intersection.
    approved = client.get(LIST + "?status=approved")
    assert shown(approved) == {filings["approved"].reference}
    assert client.get(LIST + "?view=waiting&status=approved").context["object_list"].count() == 0
    assert 'id="filing-tabs"' in response.content.decode()


def test_submitter_sees_its_units_filings_drafts_included(people, web, filings):
    response = web(people["donghu_submitter"]).get(LIST)
    assert response.context["page_heading"] == "我的报备"
    assert shown(response) == {filings["draft"].reference, filings["submitted"].reference}
    assert 'id="filing-tabs"' not in response.content.decode()
    assert web(people["donghu_submitter"]).get(LIST + "?view=waiting").context["current_view"] == "all"


def test_readers_see_filings(people, web, filings):
    response = web(people["auditor"]).get(LIST)
    assert response.context["page_heading"] == "报备"
    assert len(shown(response)) == 4
    assert response.context["start_kinds"] == []


def test_menu_names_the_page_by_role(people):
    def label(name):
        items = navigation(people[name], "/")
        return next(str(item["label"]) for item in items if item.get("url") == LIST)

    assert (label("province_reviewer"), label("donghu_submitter"), label("auditor")) == ("审核队列", "我的报备", "报备")


def test_back_link_names_the_page_and_keeps_its_filters(people, web, filings):
    pk = filings["draft"].pk
    client = web(people["province_reviewer"])
    ctx = client.get(f"{LIST}{pk}/", HTTP_REFERER="http://testserver/filings/?view=all&kind=new_app_exception").context
    assert (ctx["back_url"], ctx["back_label"]) == ("/filings/?view=all&kind=new_app_exception", "返回审核队列")
    # Another host, or another page, is never where the link goes.
    assert client.get(f"{LIST}{pk}/", HTTP_REFERER="http://evil.example/filings/?x=1").context["back_url"] == LIST
    assert client.get(f"{LIST}{pk}/", HTTP_REFERER="http://testserver/services/").context["back_url"] == LIST
    submitter = web(people["donghu_submitter"]).get(f"{LIST}{pk}/")
    assert submitter.context["back_label"] == "返回我的报备"
    assert "审核队列" not in submitter.content.decode()


def test_the_page_offers_what_the_registry_says(people, web):
    response = web(people["donghu_submitter"]).get(LIST)
    offered = {kind.code for kind, _url in response.context["start_kinds"]}
    assert offered == {kind.code for kind, _url in kinds.startable(people["donghu_submitter"])}
    assert {"service_list", "service_listing", "service_update", "service_delisting", "new_app_exception",
            "operations_plan", "advance_filing"} <= offered
    assert not offered & {"partner_application", "emergency_delisting"}
    html = response.content.decode()
    assert 'href="/services/change-filings/new/?kind=service_listing"' in html


def test_a_partner_is_offered_its_application(make_user, web):
    from ganfutong_admin.orgs.models import OrgKind, OrgUnit

    # The seeded tree has no partner: one is opened as the system administrator does for a partner's accounts.
    partner_org, _created = OrgUnit.objects.get_or_create(code="PT0001", defaults={"name": "江西云服科技有限公司",
                                                                                   "kind": OrgKind.PARTNER})
    user = make_user("partner_submitter", "submitter", partner_org.code)
    assert "partner_application" in {kind.code for kind, _url in kinds.startable(user)}


def test_the_kinds_are_offered_in_the_order_of_the_articles(people):
    articles = ("第五条", "第十条", "第十一条", "第十六条", "第二十一条", "第十五条、第九条")
    assert [kinds.article_number(a) for a in articles] == [5, 10, 11, 16, 21, 15]
    numbers = [kinds.article_number(kind.article) for kind, _url in kinds.startable(people["donghu_submitter"])]
    assert numbers == sorted(numbers)
