"""How service filings move services through their life cycle (第十条–第十一条).

- A listing filing cannot be submitted (nor approved) without a passed self-test under the standard in force.
- An approved listing makes the service "ready to list"; the operator then records the listing (第九条).
- An approved delisting lets the operator record the delisting and opens a draft announcement.
- An emergency delisting: oral report first (the service is delisted at once), written filing after
  (due N working days later), and a draft announcement.
All service state changes go through the workflow engine. Two of the service's transitions are never
taken on their own: `mark_ready` only as the consequence of approving a listing filing, and
`emergency_delist` only together with the oral report that opens the written filing. The guard refuses
them otherwise (`_carrying_out` below), so that the generic transition endpoints cannot bypass the filings.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from ganfutong_admin.announcements.models import Announcement, AnnouncementCategory
from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .models import ChangeKind, SelfTestReport, Service, ServiceChangeFiling, ServiceStatus, TechStandard

# Filings of these states are "open": a second filing of the same change for the same service is refused.
OPEN_FILING_STATES = (FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.RETURNED, FilingStatus.ORAL_REPORTED)
LISTABLE_STATES = (ServiceStatus.PLANNED, ServiceStatus.DELISTED)

# (service pk, action) pairs that the code below is carrying out right now, in this thread / task.
_carrying_out = ContextVar("services_lifecycle_carrying_out", default=frozenset())


@contextmanager
def _carry_out(service_pk, action):
    token = _carrying_out.set(_carrying_out.get() | {(service_pk, action)})
    try:
        yield
    finally:
        _carrying_out.reset(token)


def passed_self_test(service):
    """The latest passed self-test of the service under the standard in force, or None."""
    current = TechStandard.current()
    if current is None:
        return None
    return SelfTestReport.objects.filter(service=service, standard=current, passed=True).order_by(
        "-tested_on", "-pk").first()


def open_change_filing(service, change, exclude_filing=None):
    """Another open (or approved, not yet carried out) filing of the same change for this service."""
    qs = ServiceChangeFiling.objects.filter(service=service, change=change).filter(
        filing__status__in=OPEN_FILING_STATES
    ) | ServiceChangeFiling.objects.filter(service=service, change=change, filing__status=FilingStatus.APPROVED,
                                           carried_out_at__isnull=True)
    if exclude_filing is not None:
        qs = qs.exclude(filing=exclude_filing)
    return qs.select_related("filing").first()


def listing_guard(filing, user):
    """Submit / resubmit / approve of a listing filing: the service is not on the platform, and it carries a
    passed full-process self-test under the standard in force (第十条)."""
    details = getattr(filing, "service_change", None)
    if details is None:
        return _("The filing has no service.")
    service = Service.objects.get(pk=details.service_id)
    if service.status not in LISTABLE_STATES:
        return _("“%(service)s” is “%(status)s”: only a planned or delisted service can be filed for listing.") % {
            "service": service.name, "status": service.get_status_display()}
    other = open_change_filing(service, ChangeKind.LISTING, exclude_filing=filing)
    if other is not None and other.filing.status != FilingStatus.DRAFT:
        return _("“%(service)s” already has a listing filing in progress (%(reference)s).") % {
            "service": service.name, "reference": other.filing.reference}
    current = TechStandard.current()
    if current is None:
        return _("No technical management standard is in force; a listing cannot be filed yet.")
    report = passed_self_test(service)
    if report is None:
        return _("“%(service)s” has no passed full-process self-test under the standard in force (%(version)s); "
                 "record one before filing the listing.") % {"service": service.name,
                                                             "version": current.version}
    if details.self_test_id != report.pk:
        details.self_test = report
        details.save(update_fields=["self_test"])
    return None


def delisting_guard(filing, user):
    details = getattr(filing, "service_change", None)
    if details is None:
        return _("The filing has no service.")
    service = Service.objects.get(pk=details.service_id)
    if details.change == ChangeKind.DELISTING and service.status != ServiceStatus.LISTED:
        return _("Only a listed service can be delisted: “%(service)s” is “%(status)s”.") % {
            "service": service.name, "status": service.get_status_display()}
    return None


def update_guard(filing, user):
    """An update filing is for a service on the platform (registered for submit and resubmit when the kind is)."""
    details = getattr(filing, "service_change", None)
    if details is None:
        return _("The filing has no service.")
    service = Service.objects.get(pk=details.service_id)
    if service.status != ServiceStatus.LISTED:
        return _("Only a listed service can be updated: “%(service)s” is “%(status)s”.") % {
            "service": service.name, "status": service.get_status_display()}
    return None


def on_listing_decided(filing, transition, user, comment):
    """Runs inside the approving transaction, before the filing row is saved: refuse the approval when the
    listing is no longer possible, else make the service ready to list."""
    if filing.status != FilingStatus.APPROVED:
        return
    problem = listing_guard(filing, user)
    if problem:
        raise engine.GuardRefused(problem)
    service = Service.objects.get(pk=filing.service_change.service_id)
    with _carry_out(service.pk, "mark_ready"):
        engine.perform(Service, service.pk, "mark_ready", user, service.version, comment)


def on_delisting_decided(filing, transition, user, comment):
    if filing.status not in (FilingStatus.APPROVED, FilingStatus.ACKNOWLEDGED):
        return
    problem = delisting_guard(filing, user)
    if problem:
        raise engine.GuardRefused(problem)
    draft_delisting_announcement(filing, user)


def draft_delisting_announcement(filing, user):
    """The draft announcement of a delisting, linked to its filing, owned by the operator who publishes it."""
    details = filing.service_change
    service = details.service
    operator = OrgUnit.objects.operator()

    def text():
        title = _("Notice of delisting: %(service)s") % {"service": service.name}
        body = _("<p>The service “%(service)s” provided by %(org)s is taken off the Ganfutong platform.</p>") % {
            "service": escape(service.name), "org": escape(service.owner_org.name)}
        return title, body + linebreaks(details.description, autoescape=True)

    title, body = stored(text)
    return Announcement.draft_for(source=filing, owner_org=operator or service.owner_org, user=user,
                                  category=AnnouncementCategory.SERVICE_CHANGE, title=title[:200], body=body)


def delisting_announcement(filing):
    """The announcement drafted for a delisting filing (the latest, if several), or None."""
    from django.contrib.contenttypes.models import ContentType

    return Announcement.objects.filter(source_type=ContentType.objects.get_for_model(Filing),
                                       source_id=filing.pk).order_by("-pk").first()


def approved_delisting(service):
    """The approved delisting filing not yet carried out for this service, if any."""
    return ServiceChangeFiling.objects.filter(
        service=service, change=ChangeKind.DELISTING, filing__status=FilingStatus.APPROVED,
        carried_out_at__isnull=True,
    ).select_related("filing").order_by("filing__decided_at", "pk").first()


def service_transition_guard(service, transition, user, comment):
    if transition.action in ("mark_ready", "emergency_delist") and (
            (service.pk, transition.action) not in _carrying_out.get()):
        if transition.action == "mark_ready":
            return _("A service becomes ready to list only when its listing filing is approved.")
        return _("An emergency delisting is recorded with its oral report, from the emergency delisting form.")
    if transition.action == "record_delisting" and approved_delisting(service) is None:
        return _("There is no approved delisting filing for this service.")
    return None


def service_on_transition(service, transition, user, comment):
    now = timezone.now()
    if transition.target == ServiceStatus.LISTED:
        service.listed_at = now
        # Through the model, one by one: the details are history-tracked (a bulk update would skip that).
        for details in ServiceChangeFiling.objects.filter(service=service, change=ChangeKind.LISTING,
                                                          filing__status=FilingStatus.APPROVED,
                                                          carried_out_at__isnull=True):
            details.carried_out_at = now
            details.save(update_fields=["carried_out_at"])
    if transition.target == ServiceStatus.DELISTED:
        service.delisted_at = now
        # An approved delisting is carried out by the operator's record, or overtaken by an emergency delisting.
        for pending in ServiceChangeFiling.objects.filter(service=service, change=ChangeKind.DELISTING,
                                                          filing__status=FilingStatus.APPROVED,
                                                          carried_out_at__isnull=True):
            pending.carried_out_at = now
            pending.save(update_fields=["carried_out_at"])


def report_emergency_delisting(*, service, user, reported_by, reported_to, reported_at, reason, version=None):
    """Oral report recorded: the service is delisted at once; the written filing falls due later.

    `version` is the service version the reporter saw (optimistic lock); by default the one in `service`."""
    with transaction.atomic():
        with _carry_out(service.pk, "emergency_delist"):
            service = engine.perform(Service, service.pk, "emergency_delist", user,
                                     service.version if version is None else version, reason)
        filing = Filing.start_with_oral_report(
            kind="emergency_delisting", owner_org=service.owner_org, user=user,
            title=stored(lambda: _("Emergency delisting of %(service)s") % {"service": service.name})[:200],
            reported_by=reported_by, reported_to=reported_to, reported_at=reported_at, reason=reason,
        )
        ServiceChangeFiling.objects.create(filing=filing, service=service, change=ChangeKind.EMERGENCY_DELISTING,
                                           description=reason, carried_out_at=service.delisted_at)
        draft_delisting_announcement(filing, user)
    return filing
