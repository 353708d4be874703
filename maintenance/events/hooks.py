"""Registrations with the kernel (filing kinds, home work-list sections), imported by AppConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.workflow import kinds

from . import advance, worklist  # noqa: F401  (worklist registers its home sections)

kinds.register(kinds.FilingKind(
    code=advance.KIND, label=_("Advance filing of a major event or system upgrade"), article=advance.ARTICLE,
    detail_attr="advance_filing", detail_template="maintenance/events/_advance_filing_details.html",
    create_url="maintenance:advance-filing-create", edit_url="maintenance:advance-filing-edit",
    for_the_record=True,
    guards={"submit": advance.submit_guard, "resubmit": advance.submit_guard},
    on_submitted=advance.record_first_submission,
))
