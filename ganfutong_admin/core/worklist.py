"""The home work list: what waits for me, what is overdue, what falls due this week.

Everything is built from visible_to() querysets, so it shows only what the user may see.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ganfutong_admin.workflow.models import (
    FILING_ACTIVE_STATES,
    RECTIFICATION_OPEN_STATES,
    Filing,
    Rectification,
)

from . import chapters

LIMIT = 10

# Apps add their own sections through the chapter contract (ChapterConfig.worklist_sections): each is a
# callable (user) -> {"key", "title", "count", "items": [{"label", "url", "detail", "overdue"}], "url"} or None;
# and their own figures (ChapterConfig.home_figures).


def waiting_filters(user):
    """Filings and rectifications whose next step belongs to this user."""
    filing_q = Q(pk__in=[])
    rect_q = Q(pk__in=[])
    if user.has_perm("workflow.review_filing"):
        filing_q |= Q(status="submitted")
    if user.has_perm("workflow.submit_filing"):
        filing_q |= Q(status__in=["draft", "returned", "oral_reported"])
    if user.has_perm("workflow.review_rectification"):
        rect_q |= Q(status="submitted")
    if user.has_perm("workflow.answer_rectification"):
        rect_q |= Q(status__in=RECTIFICATION_OPEN_STATES)
    return filing_q, rect_q


def build(user):
    now = timezone.now()
    week_end = now + timedelta(days=7)
    filings = Filing.objects.visible_to(user).with_overdue().select_related("owner_org")
    rects = Rectification.objects.visible_to(user).with_overdue().select_related("owner_org")
    filing_q, rect_q = waiting_filters(user)
    # pk last: due dates tie (and are empty for some), and a list that reorders its ties from one plan to the next
    # is not the same page (the backup drill compares the home pages before and after a restore).
    waiting_filings = filings.filter(filing_q).order_by("due_at", "-created_at", "pk")
    waiting_rects = rects.filter(rect_q).order_by("due_at", "pk")
    return {
        "waiting_filings": waiting_filings[:LIMIT],
        "waiting_filings_count": waiting_filings.count(),
        "waiting_rects": waiting_rects[:LIMIT],
        "waiting_rects_count": waiting_rects.count(),
        "overdue_filings": filings.overdue().order_by("due_at", "pk")[:LIMIT],
        "overdue_filings_count": filings.overdue().count(),
        "overdue_rects": rects.overdue().order_by("due_at", "pk")[:LIMIT],
        "overdue_rects_count": rects.overdue().count(),
        "due_week_filings": filings.filter(status__in=FILING_ACTIVE_STATES, due_at__gte=now,
                                           due_at__lte=week_end).order_by("due_at", "pk")[:LIMIT],
        "due_week_rects": rects.filter(status__in=RECTIFICATION_OPEN_STATES, due_at__gte=now,
                                       due_at__lte=week_end).order_by("due_at", "pk")[:LIMIT],
        "extra_sections": [s for s in (builder(user) for builder in chapters.worklist_sections()) if s],
        "figures": [f for f in (builder(user) for builder in chapters.home_figures()) if f],
    }
