"""Pages of security incidents: list (with export), detail (timeline, actions, closure report), report, and the
transition endpoints (the engine; closing carries the closure report)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from .filters import IncidentFilter
from .forms import ClosureForm, IncidentReportForm
from .lifecycle import ARTICLE, report_incident
from .models import SecurityIncident


def _local(dt):
    return timezone.localtime(dt) if dt else None


class IncidentListView(ScopedListView):
    model = SecurityIncident
    filterset_class = IncidentFilter
    template_name = "security/incidents/incident_list.html"
    sort_fields = {"occurred": "occurred_at", "reported": "reported_at", "severity": "severity", "status": "status",
                   "org": "owner_org__path"}
    default_sort = ("-occurred_at", "-pk")
    article = ARTICLE
    export_filename = "security-incidents"
    export_columns = [
        (gettext_lazy("Title"), lambda i: i.title),
        (gettext_lazy("Org unit"), lambda i: i.owner_org.name),
        (gettext_lazy("Severity"), lambda i: i.get_severity_display()),
        (gettext_lazy("Status"), lambda i: i.get_status_display()),
        (gettext_lazy("Occurred at"), lambda i: _local(i.occurred_at)),
        (gettext_lazy("Reported at"), lambda i: _local(i.reported_at)),
        (gettext_lazy("Reporting limit (minutes)"), lambda i: i.report_limit_minutes),
        (gettext_lazy("Reported within the limit"), lambda i: _("Yes") if i.in_time else _("No")),
        (gettext_lazy("Emergency plan activated"), lambda i: i.plan_name),
        (gettext_lazy("Plan activated at"), lambda i: _local(i.plan_activated_at)),
        (gettext_lazy("Closed at"), lambda i: _local(i.closed_at)),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_securityincident")
        return ctx


class IncidentDetailView(LoginRequiredMixin, DetailView):
    model = SecurityIncident
    template_name = "security/incidents/incident_detail.html"
    context_object_name = "incident"

    def get_object(self, queryset=None):
        return get_visible_or_404(SecurityIncident, self.request.user, self.kwargs["pk"],
                                  queryset=SecurityIncident.objects.select_related(
                                      "owner_org", "created_by", "reviewed_by", "announcement"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        incident, user = self.object, self.request.user
        allowed = SecurityIncident.workflow.allowed(incident, user)
        announcement = incident.announcement
        ctx.update(
            article=ARTICLE,
            transitions=[t for t in allowed if t.action != "close"],
            closure_form=kwargs.get("closure_form") or (
                ClosureForm(initial={"version": incident.version}) if any(t.action == "close" for t in allowed)
                else None),
            events=incident.events.select_related("actor", "actor__org_unit"),
            history=incident.history.select_related("history_user")[:50],
            announcement_url=(reverse("announcements:announcement-detail", args=[announcement.pk])
                              if announcement and Announcement.objects.visible_to(user).filter(pk=announcement.pk)
                              .exists() else ""),
        )
        return ctx


class IncidentReportView(LoginRequiredMixin, View):
    template_name = "security/incidents/incident_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("security.add_securityincident"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request):
        return self.render_page(IncidentReportForm(user=request.user))

    def post(self, request):
        form = IncidentReportForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        incident, status = save_form(form, request.user, lambda: report_incident(user=request.user, **data),
                                     action="add")
        if incident is None:
            return self.render_page(form, status=status)
        if incident.is_major:
            messages.warning(request, _("Incident reported: the provincial authority is notified and a draft "
                                        "announcement is waiting for the operator."))
        else:
            messages.success(request, _("Incident reported."))
        return redirect("security:incident-detail", pk=incident.pk)


class IncidentTransitionView(TransitionView):
    model = SecurityIncident
    actions = ("start_handling", "contain", "review")


class IncidentCloseView(TransitionView):
    """Closing needs the closure report (the payload of `close`); a refusal re-renders with what was typed."""

    model = SecurityIncident
    fixed_action = "close"

    def refused(self, exc, form):
        incident = get_visible_or_404(SecurityIncident, self.request.user, self.kwargs["pk"])
        view = IncidentDetailView(request=self.request, kwargs=self.kwargs, object=incident)
        ctx = view.get_context_data(object=incident, closure_form=self.bound_form(ClosureForm, exc))
        messages.error(self.request, exc.message)
        return render(self.request, view.template_name, ctx, status=getattr(exc, "status_code", 400))
