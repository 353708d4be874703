"""Rectifications and announcements link to the record they came from, whatever its kind, when the
reader may see it (one rule: the source model reads through visible_to() and has get_absolute_url())."""

from factories import FilingFactory, org

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification
from services.models import Service


def test_a_rectification_links_to_its_service(make_user, web):
    owner = make_user("owner", "submitter", "360102")
    service = Service.objects.create(owner_org=org("360102"), name="东湖区测试服务", code="LINK-0001")
    rect = Rectification.open_for(source=service, owner_org=org("360102"), title="整改", description="问题",
                                  user=owner)
    page = web(owner).get(f"/rectifications/{rect.pk}/").content.decode()
    assert f'href="/services/{service.pk}/" id="rectification-source"' in page


def test_a_source_without_a_page_is_shown_as_text(make_user, web):
    owner = make_user("owner", "submitter", "360102")
    unit = org("360102")  # an org unit has no page of its own
    rect = Rectification.open_for(source=unit, owner_org=unit, title="整改", description="问题", user=owner)
    page = web(owner).get(f"/rectifications/{rect.pk}/").content.decode()
    assert 'id="rectification-source"' not in page and str(unit) in page
    assert not hasattr(OrgUnit, "get_absolute_url")


def test_an_announcement_links_to_its_filing(make_user, web):
    publisher = make_user("publisher", "publisher", "OP3601")
    filing = FilingFactory(owner_org=org("360102"))
    announcement = Announcement.draft_for(source=filing, owner_org=org("OP3601"), title="公告", body="<p>正文</p>",
                                          category="general", user=publisher)
    page = web(publisher).get(f"/announcements/{announcement.pk}/").content.decode()
    assert f'href="/filings/{filing.pk}/" id="announcement-source-link"' in page
