"""Periodic operations reports (运营报告, 第十四条): the operator reports on a month or a quarter. The figures are
computed from the system's own data (figures.py) per org unit and per city; the operator adds a narrative and
findings, and a finding may name org units: publishing opens one kernel rectification per named unit and freezes
the figures as a snapshot (later data does not change a published report). Published reports are seen by every
org unit; what an org unit reads of one (its own rows, the findings that name it or are general) is decided in
visibility.py."""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned, OrgUnit
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent

__all__ = ["ReportKind", "ReportStatus", "OperationsReport", "ReportFinding", "ReportFindingUnit", "ReportEvent",
           "period_dates"]


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("operations report", "Draft")
    PUBLISHED = "published", pgettext_lazy("operations report", "Published")


def period_dates(kind, year, month=None, quarter=None):
    """(first day, last day) of the report's period; ValueError when the period is not one."""
    if kind == ReportKind.MONTHLY:
        if month is None or not 1 <= month <= 12:
            raise ValueError("month")
        first = month
        last = month
    elif kind == ReportKind.QUARTERLY:
        if quarter is None or not 1 <= quarter <= 4:
            raise ValueError("quarter")
        first, last = 3 * quarter - 2, 3 * quarter
    else:
        raise ValueError("kind")
    if not 2000 <= year <= 2100:
        raise ValueError("year")
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


RS = ReportStatus
REPORT_TRANSITIONS = [
    Transition((RS.DRAFT,), "publish", RS.PUBLISHED, "publish_operationsreport", _("Publish"), style="success",
               confirm=_("Publish this report? Its figures are frozen, every org unit sees it and a rectification is "
                         "opened for each org unit a finding names.")),
]


class OperationsReportQuerySet(ScopedQuerySet):
    pass


class OperationsReport(WorkflowRecord, OrgOwned):
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    number = models.CharField(_("document number (发文字号)"), max_length=50, blank=True,
                              help_text=_("For example 赣服通运〔2026〕3号."))
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(_("narrative"), blank=True, help_text=_("One paragraph per line."))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=RS.DRAFT,
                              db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    # The figures as they were when the report was published (figures.compute()); empty while a draft.
    snapshot = models.JSONField(_("figures at publication"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = OperationsReportQuerySet.as_manager()
    workflow = Workflow(REPORT_TRANSITIONS)

    class Meta:
        verbose_name = _("operations report")
        verbose_name_plural = _("operations reports")
        ordering = ["-period_start", "kind", "-pk"]
        permissions = [("publish_operationsreport", _("Can publish operations reports"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start"], name="one_operations_report_per_period"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("operations:report-detail", args=[self.pk])

    @property
    def period_label(self):
        if self.kind == ReportKind.MONTHLY:
            return _("%(year)s-%(month)02d") % {"year": self.year, "month": self.month}
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}

    @staticmethod
    def scope_rule(user, action, reach):
        """Beyond the owner's reach: every org unit reads the published reports."""
        if action != "view" or not reach or getattr(user, "org_unit_id", None) is None:
            return reach
        return reach | Q(status=RS.PUBLISHED)


class ReportFinding(models.Model):
    report = models.ForeignKey(OperationsReport, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))
    org_units = models.ManyToManyField(OrgUnit, through="ReportFindingUnit", related_name="+", blank=True,
                                       verbose_name=_("org units named"))

    class Meta:
        verbose_name = _("report finding")
        verbose_name_plural = _("report findings")
        ordering = ["report", "pk"]

    def __str__(self):
        return f"{self.report.title}：{self.text[:60]}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class ReportFindingUnit(models.Model):
    finding = models.ForeignKey(ReportFinding, on_delete=models.CASCADE, related_name="named")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit"))
    rectification = models.ForeignKey("workflow.Rectification", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("rectification"))

    class Meta:
        verbose_name = _("org unit named in a finding")
        verbose_name_plural = _("org units named in findings")
        constraints = [models.UniqueConstraint(fields=["finding", "org_unit"], name="one_naming_per_finding_unit")]
        indexes = [models.Index(fields=["org_unit"])]

    def __str__(self):
        return str(self.org_unit)


class ReportEvent(TransitionEvent):
    record_field = "report"
    other_actions = {"create": _("Drafted")}

    report = models.ForeignKey(OperationsReport, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("operations report event")
        verbose_name_plural = _("operations report events")
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_event_per_report_version")]
