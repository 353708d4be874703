"""第五条 渠道整合: legacy standalone apps migrate to the platform; a new app is an exception filing."""

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet


class AppType(models.TextChoices):
    APP = "app", _("Standalone mobile app")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    H5 = "h5", _("Mobile web (H5)")
    OTHER = "other", _("Other third-party mobile platform")


class MigrationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    MIGRATING = "migrating", _("Migrating")
    MIGRATED = "migrated", _("Migrated")
    RETIRED = "retired", _("Retired")


UNFINISHED = (MigrationStatus.PLANNED, MigrationStatus.MIGRATING)


class LegacyAppQuerySet(ScopedQuerySet):
    def with_overdue(self):
        return self.annotate(
            is_overdue=Case(
                When(Q(status__in=UNFINISHED, target_date__lt=timezone.localdate()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class LegacyApp(OrgOwned):
    name = models.CharField(_("name"), max_length=100)
    app_type = models.CharField(_("type"), max_length=20, choices=AppType.choices)
    vendor = models.CharField(_("developer / vendor"), max_length=100, blank=True)
    monthly_active_users = models.PositiveIntegerField(_("monthly active users"), null=True, blank=True)
    services_count = models.PositiveIntegerField(_("services offered"), null=True, blank=True)
    migration_plan = models.TextField(_("migration plan"))
    target_date = models.DateField(_("target date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=MigrationStatus.choices,
                              default=MigrationStatus.PLANNED, db_index=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = LegacyAppQuerySet.as_manager()

    class Meta:
        verbose_name = _("legacy app")
        verbose_name_plural = _("legacy apps")
        ordering = ["target_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner_org", "name"], name="unique_legacy_app_per_org"),
        ]

    def __str__(self):
        return self.name

    @property
    def overdue(self):
        if hasattr(self, "is_overdue"):
            return self.is_overdue
        return self.status in UNFINISHED and self.target_date < timezone.localdate()


class NewAppException(models.Model):
    """Details of a "new standalone app" exception filing; the provincial authority decides."""

    filing = models.OneToOneField("workflow.Filing", on_delete=models.CASCADE, related_name="new_app_exception")
    app_name = models.CharField(_("app name"), max_length=100)
    app_type = models.CharField(_("type"), max_length=20, choices=AppType.choices)
    justification = models.TextField(_("why the platform cannot serve this need"))
    planned_launch = models.DateField(_("planned launch"), null=True, blank=True)
    decision_reason = models.TextField(_("recorded reason of the decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("new app exception")
        verbose_name_plural = _("new app exceptions")

    def __str__(self):
        return self.app_name


def record_exception_decision(step):
    """Keep the reviewer's reason with the exception itself (approval is an exception, 第五条)."""
    details = getattr(step.record, "new_app_exception", None)
    if details is not None and step.comment:
        details.decision_reason = step.comment
        details.save(update_fields=["decision_reason"])
