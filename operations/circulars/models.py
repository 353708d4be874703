"""Circulars (定期通报, 第十四条): the provincial authority names org units with a result (表扬/批评/约谈); a circular
is drafted, reviewed by another supervisor and published through the engine, then exported as an official Word
document (core.documents). An org unit sees the published circulars that name it (or a unit below it);
criticisms reach supervision as an evaluation count (supervision.py)."""

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

__all__ = ["CircularStatus", "CircularResult", "Circular", "CircularEntry", "CircularEvent"]


class CircularStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("circular", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("circular", "In review")
    PUBLISHED = "published", pgettext_lazy("circular", "Published")


class CircularResult(models.TextChoices):
    PRAISE = "praise", _("Praise")
    CRITICISM = "criticism", _("Criticism")
    INTERVIEW = "interview", _("Interview (约谈)")


C = CircularStatus
CIRCULAR_TRANSITIONS = [
    Transition((C.DRAFT,), "submit", C.IN_REVIEW, "change_circular", _("Submit for review")),
    # Reviewed by another holder of the permission than its drafter (lifecycle.py).
    Transition((C.IN_REVIEW,), "publish", C.PUBLISHED, "publish_circular", _("Publish"), style="success",
               confirm=_("Publish this circular? The org units it names will see it; it cannot be changed.")),
    Transition((C.IN_REVIEW,), "return", C.DRAFT, "publish_circular", _("Return to the drafter"),
               comment_required=True, style="warning"),
]


class CircularQuerySet(ScopedQuerySet):
    pass


class Circular(WorkflowRecord, OrgOwned):
    number = models.CharField(_("document number (发文字号)"), max_length=50,
                              help_text=_("For example 赣政务〔2026〕12号."))
    title = models.CharField(_("title"), max_length=200)
    recipients = models.CharField(_("recipients (主送机关)"), max_length=200, blank=True)
    body = models.TextField(_("body"), help_text=_("One paragraph per line."))
    status = models.CharField(_("status"), max_length=20, choices=CircularStatus.choices, default=C.DRAFT,
                              db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = CircularQuerySet.as_manager()
    workflow = Workflow(CIRCULAR_TRANSITIONS)

    class Meta:
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        ordering = ["-created_at", "-pk"]
        permissions = [("publish_circular", _("Can review and publish circulars"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("operations:circular-detail", args=[self.pk])

    @staticmethod
    def scope_rule(user, action, reach):
        """Beyond the owner's reach: the published circulars that name the user's org unit or one below it."""
        org = getattr(user, "org_unit", None)
        if action != "view" or org is None or not reach:  # an empty Q() reaches everything already
            return reach
        named = CircularEntry.objects.filter(org_unit__in=OrgUnit.objects.subtree_of(org).values("pk"))
        return reach | Q(status=C.PUBLISHED, pk__in=named.values("circular"))


class CircularEntry(models.Model):
    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="entries")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit"))
    result = models.CharField(_("result"), max_length=20, choices=CircularResult.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("circular entry")
        verbose_name_plural = _("circular entries")
        ordering = ["circular", "result", "pk"]
        indexes = [models.Index(fields=["org_unit", "result"])]

    def __str__(self):
        return f"{self.org_unit} {self.get_result_display()}"


class CircularEvent(TransitionEvent):
    record_field = "circular"
    other_actions = {"create": _("Drafted")}

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("circular event")
        verbose_name_plural = _("circular events")
        constraints = [models.UniqueConstraint(fields=["circular", "version"], name="one_event_per_circular_version")]
