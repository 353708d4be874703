"""The filing pages are named by what the user does on them (issue 15): a reviewer works through a review queue
(审核队列) whose default view is what waits for review; a submitter keeps its org unit's filings, drafts included
(我的报备); those who only read (auditors, the operator, supervisors) see the filings (报备)."""

from django.utils.translation import gettext_lazy as _

QUEUE, MINE, ALL = "queue", "mine", "all"

PAGE_TITLES = {QUEUE: _("Review queue"), MINE: _("My filings"), ALL: _("Filings")}
BACK_LABELS = {QUEUE: _("Back to the review queue"), MINE: _("Back to my filings"), ALL: _("Back to the filings")}


def filing_page(user):
    """Which filing page the user has: QUEUE for those who review, MINE for those who submit, ALL otherwise."""
    if user.has_perm("workflow.review_filing"):
        return QUEUE
    if user.has_perm("workflow.submit_filing"):
        return MINE
    return ALL


def menu_label(user):
    return PAGE_TITLES[filing_page(user)]
