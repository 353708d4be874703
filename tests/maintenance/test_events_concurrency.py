"""Racing on advance filings and fault reports (PostgreSQL: row locks): one maintenance announcement per filing
however many operators click at once, one fault announcement per fault, and one winner among concurrent
transitions of a fault (the others get a stale-version conflict)."""


import pytest
from factories_events import advance_filing, fault
from testsupport import needs_postgres, run_each

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine
from maintenance.events import advance, faults
from maintenance.events.models import FaultEvent, FaultReport

THREADS = 8

pytestmark = [needs_postgres, pytest.mark.postgres]


@pytest.fixture
def operators(make_user, transactional_db):
    return [make_user(f"operator{i}", "publisher", "OP3601") for i in range(THREADS)]


def test_one_maintenance_announcement_per_filing(operators):
    filing = advance_filing("360102", status="submitted")
    outcomes = run_each(THREADS, lambda i: advance.draft_announcement(filing.pk, operators[i]))
    made = [o for o in outcomes if isinstance(o, Announcement)]
    refused = [o for o in outcomes if isinstance(o, advance.AnnouncementRefused)]
    assert (len(made), len(refused)) == (1, THREADS - 1), outcomes
    assert Announcement.objects.count() == 1
    assert filing.advance_filing.__class__.objects.get(filing=filing).announcement == made[0]


def test_one_fault_announcement_per_fault(operators):
    made = fault("360102")
    outcomes = run_each(THREADS, lambda i: faults.draft_announcement(made.pk, operators[i]))
    assert sum(isinstance(o, Announcement) for o in outcomes) == 1, outcomes
    assert Announcement.objects.filter(category="fault").count() == 1


def test_concurrent_transitions_of_a_fault(operators):
    made = fault("360102")
    outcomes = run_each(THREADS, lambda i: engine.perform(FaultReport, made.pk, "resolve" if i % 2 else "mitigate",
                                                    operators[i], made.version, f"处置 {i}"))
    winners = [o for o in outcomes if isinstance(o, FaultReport)]
    stale = [o for o in outcomes if isinstance(o, engine.StaleVersion)]
    assert (len(winners), len(stale)) == (1, THREADS - 1), outcomes
    assert FaultEvent.objects.filter(fault=made).count() == 1  # (the factory wrote no "report" event)
