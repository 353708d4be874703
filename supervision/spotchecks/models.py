"""Random spot checks (随机抽查, 第二十四条).

A campaign draws a random sample of the listed services — a size or a rate, optionally stratified by city,
org-unit kind or service category — with its seed recorded and its frame (the listed services at the draw) frozen
on the campaign, so that anyone can reproduce the draw (draw.py: same seed + same frame = same sample). Each
sampled service is checked against the campaign's checklist; a failed item opens a rectification for its owner.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgOwned

__all__ = ["SpotCheckCampaign", "SpotCheckItem", "Strata", "CampaignStatus"]


class Strata(models.TextChoices):
    NONE = "", _("Not stratified")
    CITY = "city", _("By city")
    ORG_KIND = "org_kind", _("By org-unit kind")
    CATEGORY = "category", _("By service category")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("spot check", "Not drawn")
    RUNNING = "running", pgettext_lazy("spot check", "Checking")


class SpotCheckCampaign(OrgOwned):
    name = models.CharField(_("name"), max_length=200)
    seed = models.CharField(_("seed"), max_length=64,
                            help_text=_("Recorded with the campaign: the same seed and frame give the same sample."))
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    sample_rate = models.DecimalField(_("sample rate"), max_digits=5, decimal_places=4, null=True, blank=True,
                                      validators=[MinValueValidator(0), MaxValueValidator(1)])
    strata = models.CharField(_("stratified"), max_length=20, choices=Strata.choices, blank=True)
    checklist = models.JSONField(_("checklist"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    frame = models.JSONField(_("frame"), default=list, help_text=_("The listed services at the draw: [id, stratum]."))
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    scope_everything = {}

    class Meta:
        verbose_name = _("spot-check campaign")
        verbose_name_plural = _("spot-check campaigns")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("supervision:spotcheck-detail", args=[self.pk])


class SpotCheckItem(OrgOwned):
    """One sampled service; owned by the service's owner (it sees how it was checked)."""

    campaign = models.ForeignKey(SpotCheckCampaign, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    stratum = models.CharField(_("stratum"), max_length=40, blank=True)
    results = models.JSONField(_("results"), default=dict)
    note = models.TextField(_("note"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("checked by"))
    rectification = models.ForeignKey("workflow.Rectification", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("rectification"))

    scope_everything = {}

    class Meta:
        verbose_name = _("spot-checked service")
        verbose_name_plural = _("spot-checked services")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "service"], name="one_item_per_sampled_service")]

    def __str__(self):
        return f"{self.campaign.name} · {self.service.name}"

    def get_absolute_url(self):
        return reverse("supervision:spotcheck-item", args=[self.pk])

    @property
    def failed(self):
        return [item for item, ok in self.results.items() if not ok]
