"""Races on a partner (PostgreSQL, real transactions): two supervisors forcing the same partner out at once make one
exit (one announcement, one timeline row); a forced exit racing a suspension ends forced out either way, and the
partner's filing being approved at that moment is never left open."""

import pytest
from factories import UserFactory, org
from factories_operations import make_partner
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from operations.partners.models import Partner

pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def attempt(fn):
    def run():
        try:
            fn()
            return "done"
        except engine.TransitionError as exc:
            return type(exc).__name__

    return run


def test_two_forced_exits_at_once_make_one():
    partner = make_partner("PT0001")
    one = UserFactory(username="sup1", org_unit=org("360000"), roles=["supervisor"])
    two = UserFactory(username="sup2", org_unit=org("360000"), roles=["supervisor"])

    outcomes = run_at_once([attempt(lambda u=u: engine.perform(Partner, partner.pk, "force_exit", u, 1, "舆情",
                                                                payload={"reason": "public_opinion"}))
                            for u in (one, two)])
    assert sorted(outcomes) == ["StaleVersion", "done"]
    partner.refresh_from_db()
    assert (partner.status, partner.version, partner.events.count()) == ("forced_out", 2, 1)
    assert Announcement.objects.count() == 1


def test_forced_exit_racing_an_approval_of_the_partners_filing():
    partner = make_partner("PT0001")
    filing = Filing.objects.create(kind="new_app_exception", owner_org=partner.owner_org, title="合作方申报",
                                   status="submitted")
    supervisor = UserFactory(username="sup", org_unit=org("360000"), roles=["supervisor"])
    reviewer = UserFactory(username="rev", org_unit=org("360000"), roles=["reviewer"])
    outcomes = run_at_once([
        attempt(lambda: engine.perform(Partner, partner.pk, "force_exit", supervisor, 1, "舆情",
                                       payload={"reason": "public_opinion"})),
        attempt(lambda: engine.perform(Filing, filing.pk, "approve", reviewer, 1, "同意")),
    ])
    assert outcomes[0] == "done"
    filing.refresh_from_db()
    # either the approval came first (the filing is decided, not open) or the exit withdrew it first
    assert (filing.status, outcomes[1]) in {("approved", "done"), ("withdrawn", "StaleVersion"),
                                            ("withdrawn", "NotAllowedFromState")}
