"""Two reviewers acting at once: exactly one wins (row lock + version check), the others get a conflict.

Needs PostgreSQL: SQLite has no row locks and serializes writers on the whole file. Every thread has its
own database connection (closed at thread end); the data is committed (transactional_db) so that the
threads see it (conftest puts the seeded tree, roles and calendar back after earlier flushes).
"""


import pytest
from factories import FilingFactory, org
from rest_framework.test import APIClient
from testsupport import needs_postgres, run_each

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, FilingEvent

THREADS = 20

pytestmark = [needs_postgres, pytest.mark.postgres]


@pytest.fixture
def reviewers(make_user, transactional_db):
    return [make_user(f"reviewer{i}", "reviewer", "360000") for i in range(THREADS)]


def test_twenty_reviewers_approve_the_same_filing(reviewers):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    version = filing.version

    outcomes = run_each(THREADS, lambda i: engine.perform(Filing, filing.pk, "approve", reviewers[i], version,
                                                    f"同意（审核员 {i}）"))

    winners = [o for o in outcomes if isinstance(o, Filing)]
    stale = [o for o in outcomes if isinstance(o, engine.StaleVersion)]
    assert len(winners) == 1, outcomes
    assert len(stale) == THREADS - 1, outcomes
    filing.refresh_from_db()
    assert (filing.status, filing.version) == ("approved", version + 1)
    assert FilingEvent.objects.filter(filing=filing, action="approve").count() == 1
    assert FilingEvent.objects.filter(filing=filing).count() == 1
    assert filing.decided_by == winners[0].decided_by


def test_twenty_reviewers_through_the_api(reviewers):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    clients = []
    for user in reviewers:
        client = APIClient()
        client.force_login(user)
        clients.append(client)

    def approve(i):
        return clients[i].post(f"/api/v1/filings/{filing.pk}/transitions/",
                               {"action": "approve", "version": filing.version, "comment": f"同意 {i}"},
                               format="json")

    outcomes = run_each(THREADS, approve)
    codes = sorted(getattr(o, "status_code", repr(o)) for o in outcomes)
    assert codes == [200] + [409] * (THREADS - 1), codes
    assert {o.json()["code"] for o in outcomes if o.status_code == 409} == {"StaleVersion"}
    assert FilingEvent.objects.filter(filing=filing, action="approve").count() == 1
    filing.refresh_from_db()
    assert filing.status == "approved"


def test_reference_numbers_stay_unique_under_concurrency(transactional_db):
    owner = org("360102")
    outcomes = run_each(THREADS, lambda i: FilingFactory(owner_org=owner).reference)
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert len(set(outcomes)) == THREADS
