"""The filing kind of this area, declared to the kernel through the chapter's config (apps.py)."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.workflow import kinds

from . import advance

FILING_KINDS = (kinds.FilingKind(
    code=advance.KIND, label=_("Advance filing of a major event or system upgrade"), article=advance.ARTICLE,
    detail_attr="advance_filing", detail_template="maintenance/events/_advance_filing_details.html",
    create_url="maintenance:advance-filing-create", edit_url="maintenance:advance-filing-edit",
    for_the_record=True,
    guards={"submit": advance.submit_guard, "resubmit": advance.submit_guard},
    on_submitted=advance.record_first_submission,
),)
