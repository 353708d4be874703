"""Self-check campaigns (自查自检, 第十四条): the provincial authority issues a campaign with a checklist; each org unit
submits its result item by item with evidence; every item found a problem opens a kernel rectification for the
unit when the report is submitted (lifecycle.py)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ReferenceQuerySet, ScopedQuerySet
from ganfutong_admin.workflow.engine import Transition, Workflow, WorkflowRecord
from ganfutong_admin.workflow.models import TransitionEvent
from ganfutong_admin.workflow.uploads import validate_evidence

__all__ = ["SelfCheckCampaign", "SelfCheckItem", "SelfCheckStatus", "SelfCheckReport", "SelfCheckAnswer",
           "SelfCheckReportEvent", "AnswerResult"]


class SelfCheckCampaign(models.Model):
    """Reference data of the provincial authority: every reader sees the campaigns (ReferenceQuerySet)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-check campaign")
        verbose_name_plural = _("self-check campaigns")
        ordering = ["-due_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("operations:selfcheck-campaign", args=[self.pk])


class SelfCheckItem(models.Model):
    campaign = models.ForeignKey(SelfCheckCampaign, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("check item"), max_length=300)

    class Meta:
        verbose_name = _("self-check item")
        verbose_name_plural = _("self-check items")
        ordering = ["campaign", "order", "pk"]

    def __str__(self):
        return self.text


class SelfCheckStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("self-check", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("self-check", "Submitted")


class AnswerResult(models.TextChoices):
    OK = "ok", _("Meets the requirement")
    PROBLEM = "problem", _("Problem found")


SC = SelfCheckStatus
REPORT_TRANSITIONS = [
    Transition((SC.DRAFT,), "submit", SC.SUBMITTED, "change_selfcheckreport", _("Submit the self-check"),
               confirm=_("Submit the self-check? Every problem found opens a rectification.")),
]


class SelfCheckReportQuerySet(ScopedQuerySet):
    pass


class SelfCheckReport(WorkflowRecord, OrgOwned):
    campaign = models.ForeignKey(SelfCheckCampaign, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("self-check campaign"))
    summary = models.TextField(_("summary"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="selfchecks/%Y/", validators=[validate_evidence],
                                blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SelfCheckStatus.choices, default=SC.DRAFT,
                              db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = SelfCheckReportQuerySet.as_manager()
    workflow = Workflow(REPORT_TRANSITIONS)

    class Meta:
        verbose_name = _("self-check report")
        verbose_name_plural = _("self-check reports")
        ordering = ["campaign", "owner_org__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "owner_org"], name="one_selfcheck_per_org")]

    def __str__(self):
        return f"{self.owner_org} · {self.campaign}"

    def get_absolute_url(self):
        return reverse("operations:selfcheck-report", args=[self.pk])


class SelfCheckAnswer(models.Model):
    """One item's result; a problem opens a rectification (its source). Shares its report's scope."""

    report = models.ForeignKey(SelfCheckReport, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SelfCheckItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=20, choices=AnswerResult.choices, default=AnswerResult.OK)
    note = models.CharField(_("note"), max_length=500, blank=True)

    scope_through = "report"
    scope_permissions = {"view": "operations.view_selfcheckreport"}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-check answer")
        verbose_name_plural = _("self-check answers")
        ordering = ["report", "item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="one_answer_per_item")]

    def __str__(self):
        return f"{self.report.owner_org}：{self.item.text}"[:200]

    def get_absolute_url(self):
        return reverse("operations:selfcheck-report", args=[self.report_id])


class SelfCheckReportEvent(TransitionEvent):
    record_field = "report"
    other_actions = {"create": _("Created")}

    report = models.ForeignKey(SelfCheckReport, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("self-check report event")
        verbose_name_plural = _("self-check report events")
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_event_per_selfcheck_version")]
