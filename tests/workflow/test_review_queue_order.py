"""The review queue's 全部报备 view (the default view holds only what waits for review) is sorted by deadline,
nearest first, and filings without one come last on every database (SQLite puts NULL first in ascending order,
PostgreSQL last)."""

import re
from datetime import timedelta

from django.utils import timezone
from factories import FilingFactory


def references_on_page(response):
    return re.findall(r"GFT-\d{4}-\d{6}", response.content.decode())


def test_nearest_deadline_first_and_drafts_last(make_user, web):
    reviewer = make_user("queue_reviewer", "reviewer", "360000")
    draft = FilingFactory()  # no deadline yet
    later = FilingFactory(submitted=True, due_at=timezone.now() + timedelta(days=9))
    sooner = FilingFactory(overdue=True)
    page = references_on_page(web(reviewer).get("/filings/?view=all"))
    order = [ref for ref in page if ref in {draft.reference, later.reference, sooner.reference}]
    assert list(dict.fromkeys(order)) == [sooner.reference, later.reference, draft.reference]


def test_descending_sort_also_keeps_filings_without_a_deadline_last(make_user, web):
    reviewer = make_user("queue_reviewer", "reviewer", "360000")
    draft = FilingFactory()
    later = FilingFactory(submitted=True, due_at=timezone.now() + timedelta(days=9))
    sooner = FilingFactory(overdue=True)
    page = references_on_page(web(reviewer).get("/filings/?view=all&sort=-due"))
    order = [ref for ref in page if ref in {draft.reference, later.reference, sooner.reference}]
    assert list(dict.fromkeys(order)) == [later.reference, sooner.reference, draft.reference]
