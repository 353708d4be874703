"""Pages of fault reports (第十六条 "出现重大故障…第一时间报告，并在平台进行公告").

fault-list, fault-detail (fields, timeline of transitions and notes, actions), fault-create (?service=<pk>
preselects an affected service: availability monitoring links here), fault-edit, and the POST-only actions:
fault-transition (engine), fault-review (post-incident review + closing transition), fault-update-add (timeline
note), fault-announce (the operator drafts an announcement for a fault that has none).

A record the user cannot see is 404; a record the user sees but may not act on is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.core.scoping import EditConflict, OutOfScope, get_for_action, get_visible_or_404, scoped_save
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.transition_views import TransitionView
from services import selectors as service_selectors

from . import faults
from .advance import AnnouncementRefused
from .filters import FaultReportFilter
from .forms import FaultReportForm, FaultReviewForm, FaultUpdateForm
from .models import FAULT_OPEN_STATES, FaultReport


def _local(dt):
    return timezone.localtime(dt) if dt else None


def _yes_no(value):
    return _("Yes") if value else _("No")


def detail_url(pk):
    return reverse("maintenance:fault-detail", args=[pk])


class FaultListView(ScopedListView):
    model = FaultReport
    filterset_class = FaultReportFilter
    template_name = "maintenance/events/fault_list.html"
    sort_fields = {"occurred": "occurred_at", "reported": "reported_at", "delay": "report_delay",
                   "severity": "severity", "status": "status", "org": "owner_org__path"}
    default_sort = ("-occurred_at", "-pk")
    article = faults.ARTICLE
    export_filename = "fault-reports"
    export_columns = [
        (gettext_lazy("Title"), lambda f: f.title),
        (gettext_lazy("Org unit"), lambda f: f.owner_org.name),
        (gettext_lazy("Severity"), lambda f: f.get_severity_display()),
        (gettext_lazy("Status"), lambda f: f.get_status_display()),
        (gettext_lazy("Occurred at"), lambda f: _local(f.occurred_at)),
        (gettext_lazy("Detected at"), lambda f: _local(f.detected_at)),
        (gettext_lazy("Reported at"), lambda f: _local(f.reported_at)),
        (gettext_lazy("Report delay"), lambda f: f.report_delay_display),
        (gettext_lazy("Reporting limit (minutes)"), lambda f: f.report_limit_minutes),
        (gettext_lazy("Reported within the limit"), lambda f: _yes_no(f.in_time)),
        (gettext_lazy("Affected services"), lambda f: "、".join(s.name for s in f.services.all())),
        (gettext_lazy("Affected users (estimate)"), lambda f: f.affected_users),
        (gettext_lazy("Impact"), lambda f: f.impact),
        (gettext_lazy("Cause"), lambda f: f.cause),
        (gettext_lazy("Resolved at"), lambda f: _local(f.resolved_at)),
        (gettext_lazy("Reviewed at"), lambda f: _local(f.reviewed_at)),
    ]

    def base_queryset(self):
        return (super().base_queryset().with_report_delay().select_related("owner_org", "announcement")
                .prefetch_related("services"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("maintenance.add_faultreport")
        return ctx


def timeline(fault):
    """Transitions, notes and the fault's own times as one list, oldest first."""
    entries = [
        {"time": fault.occurred_at, "kind": "milestone", "label": _("Fault occurred"), "icon": "exclamation-octagon"},
        {"time": fault.detected_at, "kind": "milestone", "label": _("Fault detected"), "icon": "eye"},
    ]
    for event in fault.events.select_related("actor", "actor__org_unit"):
        # The report stands at the time it was made to the provincial authority, which may precede its recording.
        when = fault.reported_at if event.action == "report" else event.created_at
        entries.append({"time": when, "kind": "event", "label": event.action_label, "actor": event.actor,
                        "to_status": event.to_status, "to_status_label": event.to_status_label,
                        "comment": event.comment, "icon": "arrow-right-circle"})
    for update in fault.updates.select_related("author", "author__org_unit"):
        entries.append({"time": update.at, "kind": "update", "label": _("Note"), "actor": update.author,
                        "comment": update.note, "icon": "chat-left-text"})
    order = {"milestone": 0, "event": 1, "update": 2}
    return sorted(entries, key=lambda e: (e["time"], order[e["kind"]]))


class FaultDetailView(LoginRequiredMixin, DetailView):
    model = FaultReport
    template_name = "maintenance/events/fault_detail.html"
    context_object_name = "fault"

    def get_object(self, queryset=None):
        return get_visible_or_404(
            FaultReport, self.request.user, self.kwargs["pk"],
            queryset=FaultReport.objects.with_report_delay().select_related(
                "owner_org", "created_by", "reviewed_by", "announcement"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        fault, user = self.object, self.request.user
        allowed = FaultReport.workflow.allowed(fault, user)
        may_change = FaultReport.objects.visible_to(user, "change").filter(pk=fault.pk).exists()
        can_review = any(t.action == "review" for t in allowed)
        announcement = fault.announcement
        ctx.update(
            article=faults.ARTICLE,
            services=fault.services.select_related("owner_org").order_by("name"),
            transitions=[t for t in allowed if t.action != "review"],
            timeline=timeline(fault),
            history=fault.history.select_related("history_user")[:50],
            can_edit=may_change and fault.status in faults.EDITABLE_STATES,
            update_form=kwargs.get("update_form") or (FaultUpdateForm(fault=fault)
                                                      if may_change and fault.status in FAULT_OPEN_STATES else None),
            review_form=kwargs.get("review_form") or (FaultReviewForm(initial={
                "cause": fault.cause, "lessons": fault.lessons, "measures": fault.measures,
                "version": fault.version}) if can_review else None),
            can_announce=faults.can_announce(user, fault),
            announcement=announcement,
            announcement_url=(reverse("announcements:announcement-detail", args=[announcement.pk])
                              if announcement and Announcement.objects.visible_to(user).filter(pk=announcement.pk)
                              .exists() else ""),
        )
        return ctx


def render_detail(request, pk, status=400, **forms):
    """The detail page again, with a form that did not validate (its input kept, its errors shown)."""
    view = FaultDetailView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, **forms)
    return render(request, view.template_name, context, status=status)


class FaultEditView(LoginRequiredMixin, View):
    """Report a fault (no pk) or correct a report until it is reviewed."""

    template_name = "maintenance/events/fault_form.html"

    def get_instance(self, request, pk):
        if pk is None:
            if not request.user.has_perm("maintenance.add_faultreport"):
                raise PermissionDenied
            return FaultReport()
        return get_for_action(FaultReport, request.user, pk, "change",
                              queryset=FaultReport.objects.select_related("owner_org"))

    def preselected_service(self, request):
        value = request.GET.get("service", "")
        if not value.isdigit():
            return None
        return service_selectors.services().visible_to(request.user).filter(pk=int(value)).first()

    def render_form(self, request, form, status=200):
        fault = form.instance if form.instance.pk else None
        return render(request, self.template_name, {"form": form, "fault": fault, "article": faults.ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        fault = self.get_instance(request, pk)
        if fault.pk and fault.status not in faults.EDITABLE_STATES:
            messages.error(request, _("A reviewed fault report is closed and can no longer be edited."))
            return redirect(detail_url(fault.pk))
        form = FaultReportForm(instance=fault, user=request.user,
                               service=self.preselected_service(request) if pk is None else None)
        return self.render_form(request, form)

    def post(self, request, pk=None):
        fault = self.get_instance(request, pk)
        form = FaultReportForm(request.POST, instance=fault, user=request.user)
        saved, status = self.save(request, form, pk) if form.is_valid() else (None, 400)
        if saved is None:
            return self.render_form(request, form, status=status)
        if pk is None:
            if saved.severity == "major":
                messages.success(request, _("Major fault reported. The provincial authority has been notified and a "
                                            "draft fault announcement was made for the platform operator."))
            else:
                messages.success(request, _("Fault reported."))
        else:
            messages.success(request, _("Saved."))
        return redirect(detail_url(saved.pk))

    def save(self, request, form, pk):
        """(fault, status): saved, or None with the reason on the form (409 stale or closed, 400 out of scope)."""
        data = {name: form.cleaned_data[name] for name in faults.FIELDS}
        services = form.cleaned_data["services"]
        try:
            if pk is None:
                return scoped_save(request.user, lambda: faults.report_fault(
                    user=request.user, services=services, **data)), 302
            return faults.update_fault(form.instance, user=request.user, version=form.cleaned_data["version"],
                                       services=services, **data), 302
        except EditConflict as exc:
            form.add_error(None, exc.message)
            return None, 409
        except OutOfScope as exc:
            form.add_error("owner_org", exc.message)
            return None, 400


class FaultTransitionView(TransitionView):
    model = FaultReport


class FaultReviewView(TransitionView):
    """The provincial authority records the post-incident review (the payload of `review`); the fault closes."""

    model = FaultReport
    fixed_action = "review"

    def post(self, request, pk):
        get_for_action(FaultReport, request.user, pk, "review_fault")
        self.review_form = FaultReviewForm(request.POST)
        if not self.review_form.is_valid():
            messages.error(request, _("The review was not recorded; see the errors below."))
            return render_detail(request, pk, review_form=self.review_form)
        return super().post(request, pk)

    def success_message(self, fault, action):
        return _("Post-incident review recorded: the fault is closed.")


@login_required
@require_POST
def fault_add_update(request, pk):
    fault = get_for_action(FaultReport, request.user, pk, "change")
    form = FaultUpdateForm(request.POST, fault=fault)
    if not form.is_valid():
        messages.error(request, _("The note was not added; see the errors below."))
        return render_detail(request, fault.pk, update_form=form)
    try:
        faults.add_update(fault, user=request.user, at=form.cleaned_data["at"], note=form.cleaned_data["note"])
    except engine.TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(detail_url(pk))
    messages.success(request, _("Note added to the timeline."))
    return redirect(detail_url(pk) + "#timeline-card")


@login_required
@require_POST
def fault_announce(request, pk):
    get_visible_or_404(FaultReport, request.user, pk)
    if not request.user.has_perm(faults.ANNOUNCE_PERMISSION):
        raise PermissionDenied
    try:
        announcement = faults.draft_announcement(pk, request.user)
    except AnnouncementRefused as exc:
        messages.error(request, exc.message)
        return redirect(detail_url(pk))
    messages.success(request, _("Draft announcement “%(title)s” made; check it and publish it.")
                     % {"title": announcement.title})
    return redirect("announcements:announcement-detail", pk=announcement.pk)
