"""How service filings move services through their life cycle (第十条–第十一条).

- A listing filing cannot be submitted (nor approved) without a passed self-test under the standard in force.
- An approved listing makes the service "ready to list" (the internal transition `mark_ready`: it only ever
  follows from the approval); the operator then records the listing (第九条).
- An update filing is for a listed service only.
- An approved delisting lets the operator record the delisting and opens a draft announcement.
- An emergency delisting: the oral report is the payload of the service's `emergency_delist` transition (who
  reported, to whom, when; the reason is its comment): the service is delisted at once, and the transition's
  effects open the written filing (due N working days later) and draft the announcement.
All service state changes go through the workflow engine; guards decide, effects write.
"""

from django.db.models import Q
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


def passed_self_test(service):
    """The latest passed self-test of the service under the standard in force, or None."""
    current = TechStandard.current()
    if current is None:
        return None
    return SelfTestReport.objects.filter(service=service, standard=current, passed=True).order_by(
        "-tested_on", "-pk").first()


def open_change_filings(change):
    """Filings of this change that are open, or approved and not yet carried out (of every service)."""
    return ServiceChangeFiling.objects.filter(change=change).filter(
        Q(filing__status__in=OPEN_FILING_STATES) | Q(filing__status=FilingStatus.APPROVED, carried_out_at__isnull=True))


def open_change_filing(service, change, exclude_filing=None):
    """Another open (or approved, not yet carried out) filing of the same change for this service."""
    qs = open_change_filings(change).filter(service=service)
    if exclude_filing is not None:
        qs = qs.exclude(filing=exclude_filing)
    return qs.select_related("filing").first()


def listing_guard(step):
    """Submit / resubmit / approve of a listing filing: the service is not on the platform, and it carries a
    passed full-process self-test under the standard in force (第十条)."""
    filing = step.record
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
    return None


def record_self_test(step):
    """Effect of submitting a listing filing: the filing names the self-test it relies on."""
    details = step.record.service_change
    report = passed_self_test(details.service)
    if report is not None and details.self_test_id != report.pk:
        details.self_test = report
        details.save(update_fields=["self_test"])


def delisting_guard(step):
    details = getattr(step.record, "service_change", None)
    if details is None:
        return _("The filing has no service.")
    service = Service.objects.get(pk=details.service_id)
    if details.change == ChangeKind.DELISTING and service.status != ServiceStatus.LISTED:
        return _("Only a listed service can be delisted: “%(service)s” is “%(status)s”.") % {
            "service": service.name, "status": service.get_status_display()}
    return None


def code_clash(code, service):
    """The message when another service already uses `code` (case-insensitively), else None."""
    if not code:
        return None
    clash = Service.objects.filter(code__iexact=code).exclude(pk=getattr(service, "pk", service))
    if clash.exists():
        return _("The service code “%(code)s” is already used by another service.") % {"code": code}
    return None


def update_guard(step):
    """An update filing is for a service on the platform (第十一条); a new code it carries must still be free
    (checked again at approval: another service may have taken it meanwhile)."""
    details = getattr(step.record, "service_change", None)
    if details is None:
        return _("The filing has no service.")
    service = Service.objects.get(pk=details.service_id)
    if service.status != ServiceStatus.LISTED:
        return _("Only a listed service can be updated: “%(service)s” is “%(status)s”.") % {
            "service": service.name, "status": service.get_status_display()}
    return code_clash(details.new_code.strip(), service)


def on_update_decided(step):
    """Effect of approving an update filing: its new name, code and entry URL are applied to the service (the only
    way they change once the service is listed), the service's version goes up, the filing is carried out."""
    if step.record.status != FilingStatus.APPROVED:
        return
    details = ServiceChangeFiling.objects.get(pk=step.record.service_change.pk)
    service = Service.objects.select_for_update().get(pk=details.service_id)
    values = details.filed_values()
    if values:
        for name, value in values.items():
            setattr(service, name, value)
        service.version += 1
        service.save(update_fields=[*values, "version", "updated_at"])
    details.carried_out_at = step.now
    details.save(update_fields=["carried_out_at"])


def on_listing_decided(step):
    """Effect of approving a listing filing (its guard re-checked the listing): the service is ready to list."""
    if step.record.status != FilingStatus.APPROVED:
        return
    engine.perform_internal(Service, step.record.service_change.service_id, "mark_ready", step.user, step.comment)


def on_delisting_decided(step):
    """Effect of approving a delisting filing (its guard re-checked the service is listed): the draft announcement."""
    if step.record.status in (FilingStatus.APPROVED, FilingStatus.ACKNOWLEDGED):
        draft_delisting_announcement(step.record, step.user)


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


class ServiceLifecycle(engine.Lifecycle):
    def guard(self, step):
        if step.action == "record_delisting" and approved_delisting(step.record) is None:
            return _("There is no approved delisting filing for this service.")
        return None

    def apply(self, step):
        service, target = step.record, step.transition.target
        if target == ServiceStatus.LISTED:
            service.listed_at = step.now
        if target == ServiceStatus.DELISTED:
            service.delisted_at = step.now

    def effects(self, step):
        service, target = step.record, step.transition.target
        # Through the model, one by one: the details are history-tracked (a bulk update would skip that).
        if target == ServiceStatus.LISTED:
            pending = ServiceChangeFiling.objects.filter(service=service, change=ChangeKind.LISTING,
                                                         filing__status=FilingStatus.APPROVED,
                                                         carried_out_at__isnull=True)
        elif target == ServiceStatus.DELISTED:
            # An approved delisting is carried out by the operator's record, or overtaken by an emergency delisting.
            pending = ServiceChangeFiling.objects.filter(service=service, change=ChangeKind.DELISTING,
                                                         filing__status=FilingStatus.APPROVED,
                                                         carried_out_at__isnull=True)
        else:
            pending = ServiceChangeFiling.objects.none()
        for details in pending:
            details.carried_out_at = step.now
            details.save(update_fields=["carried_out_at"])
        if step.action == "emergency_delist":
            open_emergency_filing(step)

    def record(self, step):
        return None  # simple-history snapshots the change with its reason


def open_emergency_filing(step):
    """The written filing of an emergency delisting, due N working days after the oral report, and the draft
    announcement of the delisting."""
    service, report = step.record, step.data
    filing = Filing.start_with_oral_report(
        kind="emergency_delisting", owner_org=service.owner_org, user=step.user,
        title=stored(lambda: _("Emergency delisting of %(service)s") % {"service": service.name})[:200],
        reported_by=report["reported_by"], reported_to=report["reported_to"], reported_at=report["reported_at"],
        reason=step.comment,
    )
    ServiceChangeFiling.objects.create(filing=filing, service=service, change=ChangeKind.EMERGENCY_DELISTING,
                                       description=step.comment, carried_out_at=service.delisted_at)
    draft_delisting_announcement(filing, step.user)


def report_emergency_delisting(*, service, user, reported_by, reported_to, reported_at, reason, version=None):
    """Record the oral report (the service is delisted at once) and return the written filing it opened.

    `version` is the service version the reporter saw (optimistic lock); by default the one in `service`."""
    engine.perform(Service, service.pk, "emergency_delist", user, service.version if version is None else version,
                   reason, payload={"reported_by": reported_by, "reported_to": reported_to,
                                    "reported_at": reported_at})
    return (Filing.objects.filter(kind="emergency_delisting", service_change__service=service)
            .order_by("-pk").first())
