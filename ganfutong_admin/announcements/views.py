"""Announcement pages for the operator (第十一条 delisting notices, 第十六条 fault and maintenance notices)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_visible_or_404, record_url, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from .filters import AnnouncementFilter, AnnouncementState, state_label, with_state
from .forms import AnnouncementForm
from .models import Announcement, AnnouncementCategory, AnnouncementStatus, sanitize_html

ARTICLE = "第十一条"
ARTICLE_FAULT = "第十一条、第十六条"  # 第十六条: a major fault is announced on the platform


def article_for(category):
    if category in (AnnouncementCategory.FAULT, AnnouncementCategory.MAINTENANCE):
        return ARTICLE_FAULT
    return ARTICLE


def _local(dt):
    return timezone.localtime(dt) if dt else None


class AnnouncementListView(ScopedListView):
    model = Announcement
    filterset_class = AnnouncementFilter
    template_name = "announcements/announcement_list.html"
    sort_fields = {"publish": "publish_at", "created": "created_at"}
    default_sort = ("-created_at", "-pk")
    article = ARTICLE
    export_filename = "announcements"
    export_columns = [
        (gettext_lazy("Title"), lambda a: a.title),
        (gettext_lazy("Category"), lambda a: a.get_category_display()),
        (gettext_lazy("State"), lambda a: state_label(a.state)),
        (gettext_lazy("Publishing org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Publish at"), lambda a: _local(a.publish_at)),
        (gettext_lazy("Expire at"), lambda a: _local(a.expire_at)),
        (gettext_lazy("Source"), lambda a: a.source_label),
        (gettext_lazy("Created by"), lambda a: str(a.created_by) if a.created_by else ""),
        (gettext_lazy("Created at"), lambda a: _local(a.created_at)),
    ]

    def base_queryset(self):
        return with_state(super().base_queryset()).select_related("owner_org", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for a in ctx["object_list"]:
            a.state_label = state_label(a.state)
        ctx["can_add"] = self.request.user.has_perm("announcements.add_announcement")
        return ctx


class AnnouncementDetailView(LoginRequiredMixin, DetailView):
    model = Announcement
    template_name = "announcements/announcement_detail.html"
    context_object_name = "announcement"

    def get_object(self, queryset=None):
        obj = get_visible_or_404(Announcement, self.request.user, self.kwargs["pk"],
                                 queryset=with_state(Announcement.objects.select_related(
                                     "owner_org", "created_by", "published_by", "source_type")))
        obj.state_label = state_label(obj.state)
        return obj

    def source_link(self, obj):
        """The page of the record behind the announcement (a filing, a fault ...), if the user may see it."""
        return record_url(self.request.user, obj.source_type, obj.source_id)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        editable = obj.status == AnnouncementStatus.DRAFT and still_in_scope(obj, user, "change")
        ctx.update(
            body_html=mark_safe(sanitize_html(obj.body)),  # noqa: S308 - sanitized by nh3 just now
            transitions=Announcement.workflow.allowed(obj, user),
            history=obj.history.select_related("history_user")[:50],
            source_url=self.source_link(obj),
            edit_url=reverse("announcements:announcement-edit", args=[obj.pk]) if editable else "",
            public_url=reverse("public:announcement-page", args=[obj.pk])
            if obj.state == AnnouncementState.PUBLIC else "",
            article=article_for(obj.category),
        )
        return ctx


class AnnouncementEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a draft. Once published an announcement is changed only by the workflow."""

    template_name = "announcements/announcement_form.html"

    def get_instance(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("announcements.add_announcement"):
                raise PermissionDenied
            return Announcement(created_by=user)
        return get_visible_or_404(Announcement, user, self.kwargs["pk"], action="change")

    def not_editable(self, obj):
        messages.error(self.request, _("Only a draft can be edited. This announcement is “%(status)s”.")
                       % {"status": obj.get_status_display()})
        return redirect("announcements:announcement-detail", pk=obj.pk)

    def context(self, form):
        instance = form.instance
        return {"form": form, "announcement": instance if instance.pk else None,
                "article": article_for(instance.category) if instance.pk else ARTICLE}

    def get(self, request, **kwargs):
        instance = self.get_instance()
        if instance.pk and instance.status != AnnouncementStatus.DRAFT:
            return self.not_editable(instance)
        return render(request, self.template_name, self.context(AnnouncementForm(instance=instance, user=request.user)))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        if instance.pk and instance.status != AnnouncementStatus.DRAFT:
            return self.not_editable(instance)
        form = AnnouncementForm(request.POST, instance=instance, user=request.user)
        status = 400
        if form.is_valid():
            if instance.pk:
                instance._change_reason = _("Draft edited")
            saved, status = save_form(form, request.user, form.save, record=instance,
                                      editable=(AnnouncementStatus.DRAFT,))
            if saved is not None:
                messages.success(request, _("Draft saved. Publish it when it is ready."))
                return redirect("announcements:announcement-detail", pk=saved.pk)
        return render(request, self.template_name, self.context(form), status=status)


class AnnouncementTransitionView(TransitionView):
    """Publish or withdraw through the workflow engine (row lock, version check, reason for a withdrawal)."""

    model = Announcement

    def success_message(self, obj, action):
        if obj.status == AnnouncementStatus.PUBLISHED and obj.publish_at > timezone.now():
            return _("Scheduled: the announcement becomes public at %(time)s.") % {
                "time": _local(obj.publish_at).strftime("%Y-%m-%d %H:%M")}
        if obj.status == AnnouncementStatus.PUBLISHED:
            return _("Published: the announcement is now in the public feed.")
        return _("Done: the announcement is now “%(status)s”.") % {"status": obj.get_status_display()}
