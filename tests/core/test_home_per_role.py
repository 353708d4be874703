"""Each role's home shows its own work (issue 15, point 12): the system roles, who handle no filings or
rectifications, see their pages instead of counters that are always zero."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("person", ["sys_admin", "sec_admin", "audit_admin"])
def test_system_roles_see_no_filing_or_rectification_counters(web, people, person):
    page = web(people[person]).get(reverse("core:home")).content.decode()
    for absent in ('data-figure="waiting_filings"', 'data-figure="overdue_rects"', 'id="card-waiting-filings"',
                   'id="overdue"'):
        assert absent not in page, absent
    assert 'id="my-work"' in page


def test_the_system_administrator_finds_the_calendar_from_home(web, people):
    page = web(people["sys_admin"]).get(reverse("core:home")).content.decode()
    links = page.split('id="my-work-links"', 1)[1].split('id="', 1)[0]
    assert reverse("workflow:calendar") in links


def test_the_security_auditor_finds_the_security_log_from_home(web, people):
    page = web(people["audit_admin"]).get(reverse("core:home")).content.decode()
    links = page.split('id="my-work-links"', 1)[1].split('id="', 1)[0]
    assert reverse("audit:event-list") in links


@pytest.mark.parametrize("person", ["province_reviewer", "nanchang_submitter", "auditor"])
def test_people_who_handle_filings_keep_their_counters(web, people, person):
    page = web(people[person]).get(reverse("core:home")).content.decode()
    assert 'data-figure="waiting_filings"' in page and 'id="card-overdue-rects"' in page
    assert 'id="my-work"' not in page


@pytest.mark.parametrize("person", ["sys_admin", "sec_admin", "audit_admin"])
def test_system_roles_see_no_legacy_app_counter(web, people, person):
    # The channel-integration card (always 0 for them) was the one figure left on a system role's home.
    page = web(people[person]).get(reverse("core:home")).content.decode()
    assert 'data-figure="overdue_legacy_apps"' not in page


def test_the_security_administrator_finds_its_grant_pages_from_home(web, people):
    # Before issue 10 sec_admin had no page of its own and its 我的工作 said so; now it has its grant pages.
    page = web(people["sec_admin"]).get(reverse("core:home")).content.decode()
    links = page.split('id="my-work-links"', 1)[1].split("</main>", 1)[0]
    assert reverse("accounts:administration:role-account-list") in links
    assert reverse("accounts:administration:security-policy") in links
    assert 'id="my-work-empty"' not in links


def test_the_province_still_counts_overdue_legacy_apps(web, people):
    page = web(people["province_reviewer"]).get(reverse("core:home")).content.decode()
    assert 'data-figure="overdue_legacy_apps"' in page
