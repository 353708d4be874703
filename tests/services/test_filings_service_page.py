"""The listing / delisting card of the service page (templates/services/_service_actions.html): what each role is
offered, and nothing that only follows from a filing (mark_ready) or from an oral report (emergency_delist)."""

import pytest
from factories_filings import change_filing, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(make_user):
    return {
        "publisher": make_user("operator_publisher", "publisher", "OP3601"),
        "donghu": make_user("donghu_submitter", "submitter", "360102"),
        "reviewer": make_user("province_reviewer", "reviewer", "360000"),
        "auditor": make_user("auditor", "auditor", "360000"),
    }


def card(web, user, svc):
    html = web(user).get(f"/services/{svc.pk}/").content.decode()
    start = html.index('id="service-actions"')
    return html[start:html.index('data-end="service-actions"', start)]


def offered(fragment):
    keys = ["record_listing", "record_delisting", "mark_ready", "emergency_delist", "file-service_listing",
            "file-service_update", "file-service_delisting", "file-service_list"]
    return {k for k in keys if f'data-action="{k}"' in fragment}


def test_listed_service_with_an_approved_delisting(web, users):
    svc = service("360102", status="listed")
    filing, _ = change_filing(svc, "delisting", status="approved")
    publisher = card(web, users["publisher"], svc)
    assert offered(publisher) == {"record_delisting", "emergency_delist"}
    assert filing.reference in publisher
    assert offered(card(web, users["donghu"], svc)) == {"file-service_update", "file-service_delisting",
                                                        "emergency_delist"}
    assert offered(card(web, users["reviewer"], svc)) == set()
    auditor = card(web, users["auditor"], svc)
    assert offered(auditor) == set() and 'id="pending-delisting"' in auditor  # read only, informed


def test_listed_service_without_an_approved_delisting_offers_no_record(web, users):
    svc = service("360102", status="listed")
    change_filing(svc, "delisting", status="submitted")
    assert offered(card(web, users["publisher"], svc)) == {"emergency_delist"}


def test_ready_service(web, users):
    svc = service("360102", status="ready")
    filing, _ = change_filing(svc, "listing", status="approved")
    publisher = card(web, users["publisher"], svc)
    assert offered(publisher) == {"record_listing"}
    assert 'id="pending-listing"' in publisher and filing.reference in publisher
    assert offered(card(web, users["donghu"], svc)) == set()


def test_planned_service(web, users):
    svc = service("360102", status="planned")
    assert offered(card(web, users["donghu"], svc)) == {"file-service_listing", "file-service_list"}
    reviewer = card(web, users["reviewer"], svc)
    assert offered(reviewer) == set() and 'id="no-service-actions"' in reviewer  # mark_ready: approvals only
