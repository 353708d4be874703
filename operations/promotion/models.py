"""Promotion (宣传推广, 第十三条): each org unit's promotion plan for a year (goals, planned activities, channels,
the number of activities it sets itself), and the activities it holds online and offline, with their reach
(views, participants, new registrations) and evidence files.

Both are org-owned registers (scoped like every org unit's record, history-tracked by OrgOwned) with a version
for concurrent edits; a plan is not filed for the record (第十三条 asks for it to exist, not to be acknowledged).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.privacy.text import mask_free_text
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["Channel", "ActivityMode", "PromotionPlan", "PromotionActivity", "PromotionEvidence"]


class Channel(models.TextChoices):
    NEW_MEDIA = "new_media", pgettext_lazy("promotion channel", "New media")
    GOV_WEBSITE = "gov_website", pgettext_lazy("promotion channel", "Government website")
    SERVICE_HALL = "service_hall", pgettext_lazy("promotion channel", "Service hall")
    LIVE_STREAM = "live_stream", pgettext_lazy("promotion channel", "Xiao Gan Shi live stream")
    REPOST = "repost", pgettext_lazy("promotion channel", "Reposts of Ganfutong content")
    OTHER = "other", pgettext_lazy("promotion channel", "Other")


class ActivityMode(models.TextChoices):
    ONLINE = "online", pgettext_lazy("promotion", "Online")
    OFFLINE = "offline", pgettext_lazy("promotion", "Offline")


class PromotionPlan(OrgOwned):
    """One plan per org unit and year. `activity_target` is the number of activities the unit plans for the year:
    the supervision indicator measures the unit against it (operations.promotion.supervision)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True,
                                            validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    goals = models.TextField(pgettext_lazy("promotion", "goals"))
    planned_activities = models.TextField(_("planned activities"))
    channels = models.JSONField(_("channels"), default=list, blank=True)
    activity_target = models.PositiveIntegerField(_("activities planned for the year"),
                                                  validators=[MinValueValidator(1), MaxValueValidator(10000)])
    registration_target = models.PositiveIntegerField(_("new registrations targeted"), null=True, blank=True,
                                                      validators=[MaxValueValidator(100_000_000)])
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion plan")
        verbose_name_plural = _("promotion plans")
        ordering = ["-year", "owner_org__path"]
        constraints = [
            models.UniqueConstraint(fields=["owner_org", "year"], name="one_promotion_plan_per_org_year"),
            models.CheckConstraint(condition=Q(activity_target__gte=1), name="promotion_plan_target_positive"),
        ]

    def __str__(self):
        return f"{self.year} {self.owner_org}"

    def get_absolute_url(self):
        return reverse("operations:promotion-plan-detail", args=[self.pk])

    @property
    def channel_labels(self):
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels or []]

    def save(self, *args, **kwargs):
        self.goals = mask_free_text(self.goals)
        self.planned_activities = mask_free_text(self.planned_activities)
        super().save(*args, **kwargs)


REACH_MAX = 1_000_000_000
REACH_VALIDATORS = [MaxValueValidator(REACH_MAX)]


class PromotionActivity(OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("online or offline"), max_length=10, choices=ActivityMode.choices, db_index=True)
    channel = models.CharField(pgettext_lazy("promotion", "channel"), max_length=20, choices=Channel.choices,
                               db_index=True)
    held_on = models.DateField(_("date"), db_index=True)
    views = models.PositiveIntegerField(_("views"), default=0, validators=REACH_VALIDATORS)
    participants = models.PositiveIntegerField(pgettext_lazy("promotion", "participants"), default=0,
                                               validators=REACH_VALIDATORS)
    registrations = models.PositiveIntegerField(_("new registrations"), default=0, validators=REACH_VALIDATORS)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion activity")
        verbose_name_plural = _("promotion activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["owner_org", "held_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(views__gte=0) & Q(participants__gte=0) & Q(registrations__gte=0),
                                   name="promotion_activity_reach_non_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("operations:promotion-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # docs/architecture.md: personal data inside free text is masked when it is stored.
        self.description = mask_free_text(self.description)
        super().save(*args, **kwargs)


class PromotionEvidence(models.Model):
    """An evidence file of an activity (photos, screenshots, the repost's page as PDF); it shares the activity's
    scope and is served only through the scoped download view."""

    activity = models.ForeignKey(PromotionActivity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("evidence"), upload_to="promotion/%Y/%m/", validators=[validate_evidence])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_through = "activity"
    scope_permissions = {"view": "operations.view_promotionactivity"}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion evidence")
        verbose_name_plural = _("promotion evidence")
        ordering = ["activity", "pk"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("operations:promotion-evidence", args=[self.pk])

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]
