"""Announcements (公告) the operator publishes on the platform (第十一条, 第十六条).

Visibility to the public is computed from the times (publish_at, expire_at) and the status, never
stored by a periodic job: a scheduled announcement is public when its time comes even if no worker runs.
"""

import nh3
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgOwned
from ganfutong_admin.orgs.scoping import ScopedQuerySet
from ganfutong_admin.workflow.engine import Lifecycle, Transition, Workflow, WorkflowRecord

# Tags and attributes an announcement body may keep; everything else (scripts, handlers, styles) goes.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote",
                "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(html):
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


class AnnouncementCategory(models.TextChoices):
    SERVICE_CHANGE = "service_change", _("Service change")
    MAINTENANCE = "maintenance", _("Maintenance")
    FAULT = "fault", _("Fault")
    GENERAL = "general", _("General")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


A = AnnouncementStatus

ANNOUNCEMENT_TRANSITIONS = [
    # publish_at in the future makes it "scheduled": published, not yet public.
    Transition((A.DRAFT,), "publish", A.PUBLISHED, "publish_announcement", _("Publish"), confirm=_(
        "Publish this announcement? With a future publication time it is scheduled; otherwise it is public at once.")),
    Transition((A.PUBLISHED,), "withdraw", A.WITHDRAWN, "publish_announcement", _("Withdraw"),
               comment_required=True, style="danger", confirm=_(
                   "Withdraw this announcement? It leaves the public feed at once and cannot be published again.")),
]


class AnnouncementQuerySet(ScopedQuerySet):
    def public(self, now=None):
        """What the public feed shows right now: published, started, not expired, not withdrawn.

        "Now" is the application's clock, passed as a parameter: the database's NOW() is frozen at the start
        of a PostgreSQL transaction and cannot be moved by tests (time_machine)."""
        now = now or timezone.now()
        return self.filter(status=A.PUBLISHED, publish_at__lte=now).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )


class Announcement(WorkflowRecord, OrgOwned):
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=AnnouncementCategory.choices,
                                default=AnnouncementCategory.GENERAL, db_index=True)
    body = models.TextField(_("body"), help_text=_("Basic formatting only; anything else is removed."))
    status = models.CharField(_("status"), max_length=20, choices=AnnouncementStatus.choices, default=A.DRAFT,
                              db_index=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    expire_at = models.DateTimeField(_("expire at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # What the announcement is about (a delisting filing, a fault report...), if anything.
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = AnnouncementQuerySet.as_manager()
    workflow = Workflow(ANNOUNCEMENT_TRANSITIONS)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-publish_at", "-created_at"]
        permissions = [("publish_announcement", _("Can publish and withdraw announcements"))]
        indexes = [models.Index(fields=["status", "publish_at"]), models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("announcements:announcement-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        now = timezone.now()
        return (self.status == A.PUBLISHED and self.publish_at is not None and self.publish_at <= now
                and (self.expire_at is None or self.expire_at > now))

    @property
    def is_scheduled(self):
        return self.status == A.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def is_expired(self):
        return self.status == A.PUBLISHED and self.expire_at is not None and self.expire_at <= timezone.now()

    @classmethod
    def draft_for(cls, *, source, owner_org, title, body, category, user):
        """A draft linked to what it announces (every delisting produces one for the operator)."""
        return cls.objects.create(
            title=title, body=body, category=category, owner_org=owner_org, created_by=user,
            source_type=ContentType.objects.get_for_model(source) if source is not None else None,
            source_id=source.pk if source is not None else None,
            source_label=str(source)[:200] if source is not None else "",
        )


class AnnouncementLifecycle(Lifecycle):
    def guard(self, step):
        # Publishing without a time publishes now: an expiry already passed would publish nothing.
        record = step.record
        if step.action == "publish" and record.expire_at and record.expire_at <= (record.publish_at or step.now):
            return _("The expiry time must be after the publication time.")
        return None

    def apply(self, step):
        record = step.record
        if step.action == "publish":
            # A time already passed publishes now, and says so: the feed never shows a back-dated announcement.
            if record.publish_at is None or record.publish_at < step.now:
                record.publish_at = step.now
            record.published_by = step.user
        if step.action == "withdraw":
            record.withdrawn_at = step.now

    def record(self, step):
        return None  # simple-history keeps the snapshot with the reason; no separate event table
