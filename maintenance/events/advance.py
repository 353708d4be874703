"""Advance filings of major events and system upgrades (第十六条 "提前向省级主管部门报备").

- The kind is for the record: the provincial reviewer acknowledges it (kernel engine, kind registered in hooks.py).
- Submitting needs the event's details; whether it came in time is judged at the first submission and stored
  (filed_late, required_by, and the lead time in force then) by `record_first_submission`, the kind's
  on_submitted hook.
- The operator turns a submitted or acknowledged filing into a draft scheduled-maintenance announcement, once.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Filing, FilingStatus

from . import leadtime
from .models import AdvanceFiling

KIND = "advance_filing"
ARTICLE = "第十六条"
EDITABLE_STATES = (FilingStatus.DRAFT, FilingStatus.RETURNED)
# Windows worth announcing: filed (and possibly acknowledged) and not withdrawn or rejected.
ANNOUNCEABLE_STATES = (FilingStatus.SUBMITTED, FilingStatus.ACKNOWLEDGED)
# The maintenance notice is suggested to appear this long before the window opens.
ANNOUNCE_AHEAD = timedelta(days=1)
ANNOUNCE_PERMISSION = "announcements.add_announcement"


class AnnouncementRefused(Exception):
    def __init__(self, message, announcement=None):
        super().__init__(str(message))
        self.message = message
        self.announcement = announcement


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


# --- the kind's hooks -------------------------------------------------------------------------------------

def submit_guard(step):
    """Submit / resubmit: the event is described and names the services it affects."""
    details = getattr(step.record, "advance_filing", None)
    if details is None:
        return _("The filing has no event details.")
    if details.window_end <= details.window_start:
        return _("The window must end after it starts.")
    if not details.services.exists():
        return _("Name at least one affected service.")
    return None


def record_first_submission(step):
    """Effect of submitting: at the first submission only, store whether it came in time."""
    filing = step.record
    details = AdvanceFiling.objects.select_for_update().filter(filing=filing).first()
    if details is None or details.first_submitted_at is not None:
        return
    days = leadtime.working_days_required(filing.submitted_at)
    lead = leadtime.required_by(details.window_start, days)
    details.first_submitted_at = filing.submitted_at
    details.required_by = lead.required_by
    details.required_by_estimated = lead.estimated
    details.required_working_days = days
    details.filed_late = leadtime.is_late(filing.submitted_at, details.window_start, days)
    details._change_reason = stored(lambda: _("First submitted: filed late") if details.filed_late
                                    else _("First submitted: filed in time"))
    details.save(update_fields=["first_submitted_at", "required_by", "required_by_estimated",
                                "required_working_days", "filed_late"])


# --- the maintenance announcement ---------------------------------------------------------------------------

def can_announce(user, filing):
    details = getattr(filing, "advance_filing", None)
    return bool(details is not None and user.has_perm(ANNOUNCE_PERMISSION)
                and filing.status in ANNOUNCEABLE_STATES and details.announcement_id is None)


def suggested_publish_at(window_start, now=None):
    now = now or timezone.now()
    return max(window_start - ANNOUNCE_AHEAD, now)


def _announcement_text(filing, details, services):
    def text():
        title = _("Maintenance notice: %(title)s") % {"title": filing.title}
        intro = _("<p>Because of a %(event)s of %(org)s, the following services of the Ganfutong platform may be "
                  "unavailable or limited from %(start)s to %(end)s:</p>") % {
            "event": escape(details.get_event_type_display()), "org": escape(filing.owner_org.name),
            "start": local(details.window_start), "end": local(details.window_end)}
        items = "".join(f"<li>{escape(s.name)}</li>" for s in services)
        impact = _("<p>Expected impact:</p>") + linebreaks(details.expected_impact, autoescape=True)
        closing = _("<p>We apologise for the inconvenience. Please plan your business accordingly.</p>")
        return title[:200], f"{intro}<ul>{items}</ul>{impact}{closing}"

    return stored(text)


def draft_announcement(filing_pk, user):
    """The draft maintenance announcement of an advance filing, linked both ways, owned by the operator.

    Only once per filing: the filing row is locked, so two operators clicking at once make one draft."""
    if not user.has_perm(ANNOUNCE_PERMISSION):
        raise AnnouncementRefused(_("Only the platform operator drafts announcements."))
    with transaction.atomic():
        filing = Filing.objects.select_for_update(of=("self",)).select_related("owner_org").get(pk=filing_pk)
        details = AdvanceFiling.objects.select_related("announcement").get(filing=filing)
        if details.announcement_id is not None:
            raise AnnouncementRefused(_("This filing already has its announcement."), details.announcement)
        if filing.status not in ANNOUNCEABLE_STATES:
            raise AnnouncementRefused(_("Only a submitted or acknowledged filing is announced (this one is "
                                        "“%(status)s”).") % {"status": filing.get_status_display()})
        title, body = _announcement_text(filing, details, details.services.order_by("name"))
        announcement = Announcement.draft_for(
            source=filing, owner_org=OrgUnit.objects.operator() or filing.owner_org, user=user,
            category=AnnouncementCategory.MAINTENANCE, title=title, body=body,
        )
        announcement.publish_at = suggested_publish_at(details.window_start)
        announcement.expire_at = details.window_end
        announcement.save(update_fields=["publish_at", "expire_at", "updated_at"])
        details.announcement = announcement
        details._change_reason = stored(lambda: _("Maintenance announcement drafted"))
        details.save(update_fields=["announcement"])
    return announcement
