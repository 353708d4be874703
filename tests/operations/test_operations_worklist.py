"""The chapter's home work-list sections: a circular in review waits for a supervisor other than its drafter; an
open self-check campaign waits for the units that have not submitted."""

import pytest
from factories_operations import make_campaign, make_circular, make_report

pytestmark = pytest.mark.django_db


def sections(web, user):
    response = web(user).get("/")
    assert response.status_code == 200
    return {s["key"]: s for s in response.context["extra_sections"]}


def test_circulars_wait_for_another_supervisor(make_user, web):
    drafter = make_user("province_supervisor", "supervisor", "360000")
    other = make_user("supervisor_two", "supervisor", "360000")
    make_circular(status="in_review", created_by=drafter, title="待审核的通报")
    assert sections(web, other)["circulars-to-review"]["count"] == 1
    assert sections(web, drafter)["circulars-to-review"]["count"] == 0
    assert "circulars-to-review" not in sections(web, make_user("nanchang_submitter", "submitter", "360100"))


def test_selfchecks_wait_for_units_that_have_not_submitted(make_user, web):
    campaign = make_campaign()
    make_report("360100", campaign=campaign, status="submitted")
    assert sections(web, make_user("nanchang_submitter", "submitter", "360100"))["selfchecks-to-submit"]["count"] == 0
    assert sections(web, make_user("jiujiang_submitter", "submitter", "360400"))["selfchecks-to-submit"]["count"] == 1
