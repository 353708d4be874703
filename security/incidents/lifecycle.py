"""Writes of security incidents, each in the caller's transaction (scoped_save wraps it on pages and the API):

- `report_incident`: the record and its "reported" event; for 重大 and above (the plan activation comes with the
  report, checked by the forms and serializers through `plan_errors`), a draft announcement for the operator now
  and, once the transaction commits, the provincial authority's reviewers and supervisors in their inbox and by
  e-mail (`provincial_notified_at` records when);
- status changes through the engine only (IncidentLifecycle): closing takes the closure report as its payload.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core.language import in_office_language, stored
from ganfutong_admin.notifications.services import notify, users_with_permission
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .models import MAJOR_OR_ABOVE, IncidentStatus, SecurityIncident

ARTICLE = "第二十条、第二十二条、第二十三条"
PROVINCIAL_ROLES = ("reviewer", "supervisor")
CLOCK_SKEW = timedelta(minutes=5)
FIELDS = ("owner_org", "title", "severity", "occurred_at", "reported_at", "description", "impact",
          "plan_activated_at", "plan_name")

PLAN_NEEDED = gettext_lazy("A 重大 or 特别重大 incident starts the emergency plan at once: record when and which.")
IN_THE_FUTURE = gettext_lazy("This time is in the future.")
REPORTED_BEFORE = gettext_lazy("The incident cannot be reported before it occurred.")
PLAN_BEFORE = gettext_lazy("The plan cannot be activated before the incident occurred.")


def report_errors(data, now=None):
    """{field: message} of a report: times in order and not in the future; the plan activation for 重大 and above."""
    now = now or timezone.now()
    errors = {}
    occurred, reported, activated = data.get("occurred_at"), data.get("reported_at"), data.get("plan_activated_at")
    for field, value in (("occurred_at", occurred), ("reported_at", reported), ("plan_activated_at", activated)):
        if value is not None and value > now + CLOCK_SKEW:
            errors[field] = IN_THE_FUTURE
    if occurred and reported and reported < occurred:
        errors.setdefault("reported_at", REPORTED_BEFORE)
    if occurred and activated and activated < occurred:
        errors.setdefault("plan_activated_at", PLAN_BEFORE)
    if data.get("severity") in MAJOR_OR_ABOVE:
        if activated is None:
            errors.setdefault("plan_activated_at", PLAN_NEEDED)
        if not (data.get("plan_name") or "").strip():
            errors.setdefault("plan_name", PLAN_NEEDED)
    return errors


def provincial_staff():
    return (get_user_model().objects.filter(is_active=True, org_unit__kind="provincial_authority",
                                            groups__name__in=PROVINCIAL_ROLES).distinct())


def report_incident(*, user, **fields):
    incident = SecurityIncident(created_by=user, **{k: v for k, v in fields.items() if k in FIELDS})
    if incident.reported_at is None:
        incident.reported_at = timezone.now()
    incident.save()
    incident.record_event(user, "report", "", incident.status)
    if incident.is_major:
        escalate(incident, user)
    return incident


def escalate(incident, user):
    """重大 and above: the draft announcement for the operator now; the provincial authority told after commit."""
    if incident.announcement_id is None:
        draft_announcement(incident, user)
    transaction.on_commit(lambda: notify_provincial_authority(incident.pk))


def draft_announcement(incident, user):
    def text():
        title = _("Security incident notice: %(title)s") % {"title": incident.title}
        body = (_("<p>A security incident affecting the Ganfutong platform occurred at %(time)s. The emergency plan "
                  "has been started and the incident is being handled.</p>") % {
                    "time": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%d %H:%M")}
                + (_("<p>Impact:</p>") + linebreaks(incident.impact, autoescape=True) if incident.impact else "")
                + _("<p>A further notice follows when the incident is closed.</p>"))
        return title[:200], body

    title, body = stored(text)
    announcement = Announcement.draft_for(source=incident, owner_org=OrgUnit.objects.operator() or incident.owner_org,
                                          user=user, category=AnnouncementCategory.GENERAL, title=title,
                                          body=body)
    incident.announcement = announcement
    incident._change_reason = stored(lambda: _("Draft announcement prepared"))
    incident.save(update_fields=["announcement", "updated_at"])
    return announcement


@in_office_language
def notify_provincial_authority(pk):
    incident = SecurityIncident.objects.select_related("owner_org").get(pk=pk)
    title = _("%(severity)s security incident: %(title)s (%(org)s)") % {
        "severity": incident.get_severity_display(), "title": incident.title, "org": incident.owner_org.name}
    body = _("Occurred %(occurred)s, reported %(reported)s; emergency plan “%(plan)s” activated %(activated)s. "
             "%(description)s") % {
        "occurred": _local(incident.occurred_at), "reported": _local(incident.reported_at),
        "plan": incident.plan_name, "activated": _local(incident.plan_activated_at),
        "description": incident.description[:300]}
    notify(provincial_staff(), title, body, incident.get_absolute_url(), dedup_key=f"security-incident:{pk}")
    SecurityIncident.objects.filter(pk=pk, provincial_notified_at__isnull=True).update(
        provincial_notified_at=timezone.now())


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class IncidentLifecycle(engine.Lifecycle):
    def apply(self, step):
        incident, target = step.record, step.transition.target
        if target == IncidentStatus.CONTAINED:
            incident.contained_at = step.now
        if target == IncidentStatus.CLOSED:
            incident.closure_report = step.data["closure_report"].strip()
            incident.closed_at = step.now
        if target == IncidentStatus.REVIEWED:
            incident.reviewed_at, incident.reviewed_by = step.now, step.user

    def on_commit(self, step):
        if step.transition.target == IncidentStatus.CLOSED:
            notify_closed(step.record, step.user)


@in_office_language
def notify_closed(incident, actor):
    reviewers = users_with_permission("review_incident", "security").filter(org_unit__kind="provincial_authority")
    title = _("Security incident closed, to be reviewed: %(title)s") % {"title": incident.title}
    notify([u for u in reviewers if u.pk != actor.pk], title, incident.closure_report[:300],
           incident.get_absolute_url())
