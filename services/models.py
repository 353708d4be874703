"""Service management (第十条–第十一条): the catalog, technical standards, self-tests, and the details
of the service filings (listing list, listing, update, delisting, emergency delisting)."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ReferenceQuerySet, ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.uploads import validate_evidence

from .payloads import OralReportSerializer


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    READY = "ready", _("Ready to list")
    LISTED = "listed", _("Listed")
    DELISTED = "delisted", _("Delisted")


class ServiceCategory(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative power matter")
    PUBLIC_SERVICE = "public_service", _("Public service")
    QUERY = "query", _("Query")
    CONVENIENCE = "convenience", _("Convenience service")


SS = ServiceStatus

SERVICE_TRANSITIONS = [
    # An approved listing filing makes the service ready; the operator then records the listing (第九条).
    Transition((SS.PLANNED, SS.DELISTED), "mark_ready", SS.READY, "workflow.review_filing", _("Ready to list"),
               internal=True),
    Transition((SS.READY,), "record_listing", SS.LISTED, "record_listing", _("Record listing"), style="success"),
    # Only with an approved delisting filing (guard); the emergency path has its own transition.
    Transition((SS.LISTED,), "record_delisting", SS.DELISTED, "record_delisting", _("Record delisting"),
               style="warning"),
    # With its oral report (the payload); the written filing follows (services.lifecycle).
    Transition((SS.LISTED,), "emergency_delist", SS.DELISTED, "report_emergency_delisting",
               _("Emergency delisting"), comment_required=True, style="danger", payload=OralReportSerializer),
    # 第十五条: a third-party partner forced to exit loses its services at once (run by the operations chapter
    # through services.selectors.delist_for_forced_exit, inside the forced exit's transaction).
    Transition((SS.READY, SS.LISTED), "forced_exit_delist", SS.DELISTED, "workflow.review_filing",
               _("Delisted: the partner was forced to exit"), internal=True),
]

http_url = URLValidator(schemes=["http", "https"])

# What the public sees of a listed service and what the availability monitor calls: once the service is on the
# platform these change only through an approved update filing (第十一条), never by a direct edit.
# A service ready to list keeps what its approved listing filing was reviewed with until the listing is recorded.
FILED_FIELDS = ("name", "code", "entry_url")
FILED_STATES = (SS.READY, SS.LISTED)
CHANGE_BY_FILING = {
    SS.LISTED: _("“%(field)s” of a listed service changes only through an approved update filing (第十一条); "
                 "file an update instead of editing the service."),
    SS.READY: _("“%(field)s” was approved with the listing filing and cannot change before the listing is "
                "recorded; afterwards, file an update (第十一条)."),
}


def filed_field_errors(service, values):
    """{field: message} for each filed field that `values` would change on a listed (or ready) service."""
    if service is None or service.pk is None or service.status not in FILED_STATES:
        return {}
    message = CHANGE_BY_FILING[service.status]
    return {
        name: message % {"field": Service._meta.get_field(name).verbose_name}
        for name in FILED_FIELDS
        if name in values and (values[name] or "").strip() != (getattr(service, name) or "")
    }


class ServiceQuerySet(ScopedQuerySet):
    pass


class Service(WorkflowRecord, OrgOwned):
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("service code"), max_length=64, unique=True)
    zone = models.CharField(_("zone (专区)"), max_length=100, blank=True,
                            help_text=_("The provincial department's zone on the platform, if any."))
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices,
                                default=ServiceCategory.PUBLIC_SERVICE)
    entry_url = models.URLField(_("entry URL"), max_length=500, blank=True, validators=[http_url])
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=SS.PLANNED,
                              db_index=True)
    standard = models.ForeignKey("TechStandard", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="services", verbose_name=_("tested against standard"))
    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True)
    delisted_at = models.DateTimeField(_("delisted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ServiceQuerySet.as_manager()
    workflow = Workflow(SERVICE_TRANSITIONS)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["code"]
        permissions = [
            ("record_listing", _("Can record the listing of a service")),
            ("record_delisting", _("Can record the delisting of a service")),
            ("report_emergency_delisting", _("Can report an emergency delisting")),
            ("import_services", _("Can import services from Excel")),
        ]
        indexes = [models.Index(fields=["owner_org", "status"]), models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self):
        return reverse("services:service-detail", args=[self.pk])


class TechStandard(models.Model):
    """A version of the platform technical management standard (技术管理规范); one is in force at a time."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"))
    in_force = models.BooleanField(_("in force"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("technical standard")
        verbose_name_plural = _("technical standards")
        ordering = ["-published_on", "-pk"]
        permissions = [("publish_standard", _("Can publish technical standard versions"))]
        constraints = [
            models.UniqueConstraint(fields=["in_force"], condition=Q(in_force=True), name="one_standard_in_force"),
        ]

    def __str__(self):
        return f"{self.title} {self.version}"

    @classmethod
    def current(cls):
        return cls.objects.filter(in_force=True).first()


class StandardItem(models.Model):
    """One self-test checklist item of a standard version."""

    standard = models.ForeignKey(TechStandard, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("check item"), max_length=300)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["standard", "order", "pk"]

    def __str__(self):
        return self.text


class SelfTestReport(OrgOwned):
    """A full-process self-test (全流程自测) of one service against a standard version's checklist."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="self_tests",
                                verbose_name=_("service"))
    standard = models.ForeignKey(TechStandard, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("standard version"))
    tested_on = models.DateField(_("tested on"))
    tester = models.CharField(_("tested by"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    # Derived from the results when they are saved: every required item passed.
    passed = models.BooleanField(_("passed"), default=False, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-test report")
        verbose_name_plural = _("self-test reports")
        ordering = ["-tested_on", "-pk"]

    def __str__(self):
        return f"{self.service.name} {self.tested_on}"

    def recompute_passed(self):
        required = self.standard.items.filter(required=True).values("pk")
        failed_or_missing = required.exclude(pk__in=self.results.filter(passed=True).values("item_id"))
        self.passed = not failed_or_missing.exists()
        return self.passed


class SelfTestResult(models.Model):
    report = models.ForeignKey(SelfTestReport, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="selftests/%Y/%m/", blank=True,
                                validators=[validate_evidence])

    class Meta:
        verbose_name = _("self-test result")
        verbose_name_plural = _("self-test results")
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="one_result_per_item")]

    def __str__(self):
        return f"{self.item} {'✓' if self.passed else '✗'}"


class ServiceListFiling(models.Model):
    """上架服务清单报备 (应上尽上): the services an org unit will list, filed in advance (第十条)."""

    filing = models.OneToOneField("workflow.Filing", on_delete=models.CASCADE, related_name="service_list")
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2026 or 2026-Q4"))
    services = models.ManyToManyField(Service, related_name="list_filings", verbose_name=_("services"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("listing-list filing")
        verbose_name_plural = _("listing-list filings")

    def __str__(self):
        return f"{self.filing.reference} {self.period}"


class ChangeKind(models.TextChoices):
    LISTING = "listing", _("Listing")
    UPDATE = "update", _("Update")
    DELISTING = "delisting", _("Delisting")
    EMERGENCY_DELISTING = "emergency_delisting", _("Emergency delisting")


class ServiceChangeFiling(models.Model):
    """Details of a listing, update, delisting or emergency-delisting filing of one service (第十一条)."""

    filing = models.OneToOneField("workflow.Filing", on_delete=models.CASCADE, related_name="service_change")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="change_filings",
                                verbose_name=_("service"))
    change = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    description = models.TextField(_("what changes and why"))
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    self_test = models.ForeignKey(SelfTestReport, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("self-test report"))
    # An update filing's new values (empty: unchanged), applied to the service when the filing is approved.
    new_name = models.CharField(_("new name"), max_length=200, blank=True)
    new_code = models.CharField(_("new service code"), max_length=64, blank=True)
    new_entry_url = models.URLField(_("new entry URL"), max_length=500, blank=True, validators=[http_url])
    # Set when the operator has carried out what the approved filing allows (listing/delisting recorded).
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service change filing")
        verbose_name_plural = _("service change filings")
        indexes = [models.Index(fields=["service", "change"])]

    def __str__(self):
        return f"{self.filing.reference} {self.get_change_display()} {self.service.name}"

    def filed_values(self):
        """{service field: new value} of an update filing: only the fields it changes."""
        given = {"name": self.new_name, "code": self.new_code, "entry_url": self.new_entry_url}
        return {name: value.strip() for name, value in given.items() if value and value.strip()}
