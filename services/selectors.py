"""What other chapters may ask of the service catalog (they never reach into its internals).

Maintenance links work orders, fault reports, advance filings and availability probes to services;
supervision will count listed services. Every function returns querysets, so callers keep scoping
(`.visible_to(user)`) and add their own filters in SQL.
"""

from ganfutong_admin.workflow import engine

from .models import Service, ServiceStatus


def services():
    """Every service (callers scope it: `services().visible_to(user)`)."""
    return Service.objects.all()


def listed_services():
    """Services on the platform now (status "listed")."""
    return Service.objects.filter(status=ServiceStatus.LISTED)


def monitored_services():
    """Listed services with an entry URL: what availability monitoring probes (第十七条)."""
    return listed_services().exclude(entry_url="")


def get_service(pk):
    """One service by primary key, or None (no scoping: for tasks and API intake)."""
    return Service.objects.filter(pk=pk).select_related("owner_org").first()


def find_service_by_code(code):
    """One service by its service code, or None: the hotline names services by code."""
    return Service.objects.filter(code=code).select_related("owner_org").first() if code else None


def delist_for_forced_exit(org_unit, user, reason):
    """第十五条: delist every ready or listed service of `org_unit` (a partner forced to exit) as the consequence
    of `user`'s decision, inside the caller's transaction. Returns the delisted services."""

    pks = list(Service.objects.filter(owner_org=org_unit, status__in=(ServiceStatus.READY, ServiceStatus.LISTED))
               .order_by("pk").values_list("pk", flat=True))
    return [engine.perform_internal(Service, pk, "forced_exit_delist", user, reason) for pk in pks]
def filing_service(filing):
    """The service a service filing (listing, update, delisting) is about, or None: guards other chapters add to
    these filing kinds (chapters.FilingGuard) ask it."""
    return Service.objects.filter(change_filings__filing=filing).select_related("owner_org").first()
