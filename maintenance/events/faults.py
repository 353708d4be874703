"""Fault reports (第十六条: 出现重大故障…要第一时间报告，并在平台进行公告).

Writes go through these functions, each in one transaction, so that pages and the API behave alike:
- `report_fault`: the record, its affected services and the "reported" event; a major fault is escalated:
  the provincial authority's reviewers and supervisors are notified once the transaction commits, and a draft
  fault announcement is made for the operator, linked both ways;
- `update_fault`: an edit through the kernel's scoped_save (version checked and bumped under a row lock), until
  the fault is reviewed;
- `add_update`: a note on the timeline while the fault is handled;
- the post-incident review closes the fault: the `review` transition, whose payload is the review itself.
Status changes go through the workflow engine only (FaultLifecycle holds its hooks).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core.language import in_office_language, stored
from ganfutong_admin.core.scoping import scoped_save
from ganfutong_admin.notifications.services import notify, users_with_permission
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .advance import ANNOUNCE_PERMISSION, AnnouncementRefused, local
from .models import FAULT_OPEN_STATES, FaultReport, FaultSeverity, FaultStatus, FaultUpdate

ARTICLE = "第十六条"
# Clocks of browsers and servers differ a little: "in the future" means beyond this.
CLOCK_SKEW = timedelta(minutes=5)
EDITABLE_STATES = (FaultStatus.INVESTIGATING, FaultStatus.MITIGATED, FaultStatus.RESOLVED)
PROVINCIAL_ROLES = ("reviewer", "supervisor")

TIMES_OUT_OF_ORDER = {
    "detected_at": gettext_lazy("The fault cannot be detected before it occurred."),
    "reported_at": gettext_lazy("The fault cannot be reported before it was detected."),
}
IN_THE_FUTURE = gettext_lazy("This time is in the future.")


def timestamp_errors(occurred_at, detected_at, reported_at, now=None):
    """{field: message} for occurred ≤ detected ≤ reported, none in the future. Missing values are skipped."""
    now = now or timezone.now()
    errors = {}
    for field, value in (("occurred_at", occurred_at), ("detected_at", detected_at), ("reported_at", reported_at)):
        if value is not None and value > now + CLOCK_SKEW:
            errors[field] = IN_THE_FUTURE
    if occurred_at and detected_at and detected_at < occurred_at:
        errors.setdefault("detected_at", TIMES_OUT_OF_ORDER["detected_at"])
    if detected_at and reported_at and reported_at < detected_at:
        errors.setdefault("reported_at", TIMES_OUT_OF_ORDER["reported_at"])
    return errors


def provincial_staff():
    """Reviewers and supervisors of the provincial authority: told of a major fault at once."""
    return (get_user_model().objects.filter(is_active=True, org_unit__kind="provincial_authority",
                                            groups__name__in=PROVINCIAL_ROLES).distinct())


def fault_url(fault):
    return reverse("maintenance:fault-detail", args=[fault.pk])


# --- writes ------------------------------------------------------------------------------------------------

FIELDS = ("owner_org", "title", "severity", "occurred_at", "detected_at", "reported_at", "impact", "affected_users",
          "cause")


def report_fault(*, user, services=(), **fields):
    """Report a fault (in the caller's transaction: scoped_save wraps it on the pages and the API)."""
    fault = FaultReport(created_by=user, **{k: v for k, v in fields.items() if k in FIELDS})
    if fault.reported_at is None:
        fault.reported_at = timezone.now()
    fault.save()
    fault.services.set(services)
    fault.record_event(user, "report", "", fault.status)
    if fault.severity == FaultSeverity.MAJOR:
        escalate(fault, user)
    return fault


def update_fault(fault, *, user, version, services=None, **fields):
    """Apply an edit if nobody changed the record since `version` and it is not reviewed yet; the version goes up.
    Raises the kernel's EditConflict / OutOfScope (core.scoping.scoped_save)."""
    # From the row, not the instance: a form may have put the new severity on it already.
    was_major = FaultReport.objects.filter(pk=fault.pk, severity=FaultSeverity.MAJOR).exists()

    def write():
        for name, value in fields.items():
            if name in FIELDS:
                setattr(fault, name, value)
        fault._change_reason = stored(lambda: _("Fault report edited"))
        fault.save()
        if services is not None:
            fault.services.set(services)
        if fault.severity == FaultSeverity.MAJOR and not was_major:
            escalate(fault, user)
        return fault

    return scoped_save(user, write, record=fault, version=version, editable=EDITABLE_STATES)


def add_update(fault, *, user, at, note):
    """A timeline note; only while the fault is being handled."""
    if fault.status not in FAULT_OPEN_STATES:
        raise engine.NotAllowedFromState(_("Notes are added while the fault is investigated or mitigated."))
    return FaultUpdate.objects.create(fault=fault, at=at, note=note.strip(), author=user)


REVIEW_FIELDS = (("cause", gettext_lazy("cause")), ("lessons", gettext_lazy("lessons learned")),
                 ("measures", gettext_lazy("measures taken against recurrence")))


class FaultLifecycle(engine.Lifecycle):
    def guard(self, step):
        if step.action == "review":
            fault = step.record
            missing = [str(label) for field, label in REVIEW_FIELDS
                       if not (step.data.get(field) or getattr(fault, field)).strip()]
            if missing:
                return _("The post-incident review needs: %(fields)s.") % {"fields": "、".join(missing)}
        return None

    def apply(self, step):
        fault, target = step.record, step.transition.target
        if target == FaultStatus.MITIGATED:
            fault.mitigated_at = step.now
        if target == FaultStatus.RESOLVED:
            fault.resolved_at = step.now
        if target == FaultStatus.INVESTIGATING:
            fault.resolved_at = None
        if target == FaultStatus.REVIEWED:
            for field, _label in REVIEW_FIELDS:
                if step.data.get(field, "").strip():
                    setattr(fault, field, step.data[field].strip())
            fault.reviewed_at = step.now
            fault.reviewed_by = step.user

    def on_commit(self, step):
        notify_fault_transition(step.record, step.transition, step.user, step.comment)


# --- escalation and the announcement ---------------------------------------------------------------------

def escalate(fault, user):
    """A major fault: a draft announcement for the operator now, the provincial authority told after commit."""
    if fault.announcement_id is None:
        _draft(fault, user)
    transaction.on_commit(lambda: notify_major_fault(fault))


def can_announce(user, fault):
    return fault.announcement_id is None and user.has_perm(ANNOUNCE_PERMISSION)


def draft_announcement(pk, user):
    """The operator drafts the announcement of a fault that has none yet (an ordinary fault); once."""
    if not user.has_perm(ANNOUNCE_PERMISSION):
        raise AnnouncementRefused(_("Only the platform operator drafts announcements."))
    with transaction.atomic():
        fault = FaultReport.objects.select_for_update(of=("self",)).get(pk=pk)
        if fault.announcement_id is not None:
            raise AnnouncementRefused(_("This fault already has its announcement."), fault.announcement)
        return _draft(fault, user)


def _draft(fault, user):
    services = list(fault.services.order_by("name"))

    def text():
        title = _("Fault notice: %(title)s") % {"title": fault.title}
        intro = _("<p>Since %(time)s, the following services of the Ganfutong platform have been affected by a "
                  "fault:</p>") % {"time": local(fault.occurred_at)}
        items = "".join(f"<li>{escape(s.name)}</li>" for s in services) or f"<li>{escape(_('The platform'))}</li>"
        impact = _("<p>Impact:</p>") + linebreaks(fault.impact, autoescape=True)
        closing = _("<p>The fault is being handled; a further notice follows when the services are restored. We "
                    "apologise for the inconvenience.</p>")
        return title[:200], f"{intro}<ul>{items}</ul>{impact}{closing}"

    title, body = stored(text)
    announcement = Announcement.draft_for(source=fault, owner_org=OrgUnit.objects.operator() or fault.owner_org,
                                          user=user, category=AnnouncementCategory.FAULT, title=title, body=body)
    fault.announcement = announcement
    fault._change_reason = stored(lambda: _("Fault announcement drafted"))
    fault.save(update_fields=["announcement", "updated_at"])
    return announcement


# --- notifications ---------------------------------------------------------------------------------------

@in_office_language
def notify_major_fault(fault):
    title = _("Major fault reported: %(title)s (%(org)s)") % {"title": fault.title, "org": fault.owner_org.name}
    body = _("Occurred %(occurred)s, reported %(reported)s. Impact: %(impact)s") % {
        "occurred": local(fault.occurred_at), "reported": local(fault.reported_at), "impact": fault.impact[:300]}
    notify(provincial_staff(), title, body, fault_url(fault), dedup_key=f"major-fault:{fault.pk}")


@in_office_language
def notify_fault_transition(fault, transition, actor, comment):
    title = _("Fault %(title)s: %(action)s") % {"title": fault.title, "action": transition.label}
    if transition.target == FaultStatus.RESOLVED:
        recipients = users_with_permission("review_fault", "maintenance").filter(
            org_unit__kind="provincial_authority")
    else:
        recipients = list(users_with_permission("change_faultreport", "maintenance", org=fault.owner_org))
        if fault.created_by_id:
            recipients.append(fault.created_by)
    notify({u.pk: u for u in recipients if u.pk != actor.pk}.values(), title, comment, fault_url(fault))
