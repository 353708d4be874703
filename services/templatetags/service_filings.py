"""Template helpers of the service filings: what the service page offers around listing and delisting,
and the announcement drafted for a delisting filing. Everything goes through visible_to()."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .. import lifecycle, starting
from ..filing_forms import CREATABLE_KINDS
from ..filing_views import OPERATOR_ACTIONS
from ..models import ChangeKind, Service, ServiceChangeFiling, ServiceStatus

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def announcement_url(announcement):
    try:
        return reverse("announcements:announcement-detail", args=[announcement.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def service_panel(context, service):
    """What the user may do about this service's place on the platform, and what is pending."""
    user = _user(context)
    visible_services = Service.objects.visible_to
    transitions = [t for t in Service.workflow.allowed(service, user) if t.action in OPERATOR_ACTIONS]
    pending_delisting = lifecycle.approved_delisting(service) if service.status == ServiceStatus.LISTED else None
    if pending_delisting is None:
        transitions = [t for t in transitions if t.action != "record_delisting"]
    pending_listing = None
    if service.status == ServiceStatus.READY:
        pending_listing = ServiceChangeFiling.objects.filter(
            service=service, change=ChangeKind.LISTING, filing__status=FilingStatus.APPROVED,
            carried_out_at__isnull=True).select_related("filing").order_by("-filing__decided_at").first()
    file_kinds = []
    if user.has_perm("workflow.add_filing") and visible_services(user, "change").filter(pk=service.pk).exists():
        # Each kind the service's state allows, with what stands in the way: the one start check the save asks
        # too (services.starting), so a kind offered here is one whose save succeeds.
        file_kinds = [{"code": code, "label": label, "blocker": next((p for p in problems if p.blocks), None)}
                      for code, label, problems in starting.offered_kinds(user, service, CREATABLE_KINDS)]
    can_report_emergency = service.status == ServiceStatus.LISTED and visible_services(
        user, "report_emergency_delisting").filter(pk=service.pk).exists()
    filing_type = ContentType.objects.get_for_model(Filing)
    delisting_filings = ServiceChangeFiling.objects.filter(
        service=service, change__in=[ChangeKind.DELISTING, ChangeKind.EMERGENCY_DELISTING]).values("filing_id")
    announcements = [
        {"announcement": a, "url": announcement_url(a)}
        for a in Announcement.objects.visible_to(user).filter(source_type=filing_type,
                                                              source_id__in=delisting_filings).order_by("-pk")[:5]
    ]
    return {
        "transitions": transitions,
        "pending_listing": pending_listing,
        "pending_delisting": pending_delisting,
        "file_kinds": file_kinds,
        "can_report_emergency": can_report_emergency,
        "announcements": announcements,
        "anything": bool(transitions or file_kinds or can_report_emergency or announcements
                         or pending_listing or pending_delisting),
    }


@register.simple_tag(takes_context=True)
def filing_announcement(context, filing):
    """The announcement drafted for this (delisting) filing, if the user may see it: {announcement, url}."""
    user = _user(context)
    announcement = Announcement.objects.visible_to(user).filter(
        source_type=ContentType.objects.get_for_model(Filing), source_id=filing.pk).order_by("-pk").first()
    if announcement is None:
        return None
    return {"announcement": announcement, "url": announcement_url(announcement)}


@register.simple_tag
def list_services(details):
    """The services of a listing-list filing with their org units, in one query."""
    return details.services.select_related("owner_org").order_by("owner_org__path", "code")
