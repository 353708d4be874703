"""第二十四条 pages: supervision alerts (list, detail, acknowledge), the alerts by city, "run the rules now"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView

from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from . import dashboard
from .filters import AlertFilter
from .models import Alert
from .runner import run_rules

ARTICLE = "第二十四条"


def _local(dt):
    return timezone.localtime(dt) if dt else None


class AlertListView(ScopedListView):
    model = Alert
    filterset_class = AlertFilter
    template_name = "supervision/alerts/alert_list.html"
    sort_fields = {"raised": "raised_at", "breach": "breach_started_at", "level": "level", "status": "status",
                   "org": "owner_org__path", "resolved": "resolved_at"}
    default_sort = ("-raised_at", "-pk")
    article = ARTICLE
    export_filename = "supervision-alerts"
    export_columns = [
        (gettext_lazy("Rule"), lambda a: str(a.rule_label)),
        (gettext_lazy("Record"), lambda a: a.source_label),
        (gettext_lazy("Org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Level"), lambda a: a.get_level_display()),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Breach started at"), lambda a: _local(a.breach_started_at)),
        (gettext_lazy("Raised at"), lambda a: _local(a.raised_at)),
        (gettext_lazy("Resolved at"), lambda a: _local(a.resolved_at)),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_run"] = self.request.user.has_perm("supervision.run_rules")
        return ctx


class AlertDetailView(LoginRequiredMixin, DetailView):
    model = Alert
    template_name = "supervision/alerts/alert_detail.html"
    context_object_name = "alert"

    def get_object(self, queryset=None):
        return get_visible_or_404(Alert, self.request.user, self.kwargs["pk"],
                                  queryset=Alert.objects.select_related("owner_org", "source_type",
                                                                        "acknowledged_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        alert = self.object
        source_url = ""
        if alert.source_type.model_class() is not None:
            model = alert.source_type.model_class()
            visible = getattr(model.objects, "visible_to", None)
            if visible is None or visible(self.request.user, "view").filter(pk=alert.source_id).exists():
                source_url = alert.source_url
        ctx.update(
            article=ARTICLE,
            transitions=Alert.workflow.allowed(alert, self.request.user),
            events=alert.events.select_related("actor", "actor__org_unit"),
            history=alert.history.select_related("history_user")[:50],
            source_url=source_url,
        )
        return ctx


class AlertTransitionView(TransitionView):
    model = Alert

    def success_message(self, alert, action):
        return _("Done: the alert is now “%(status)s”.") % {"status": alert.get_status_display()}


class AlertDashboardView(LoginRequiredMixin, TemplateView):
    template_name = "supervision/alerts/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.view_alert"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows, totals = dashboard.by_city(self.request.user)
        ctx.update(article=ARTICLE, rows=rows, totals=totals,
                   can_run=self.request.user.has_perm("supervision.run_rules"))
        return ctx


@login_required
@require_POST
def run_now(request):
    if not request.user.has_perm("supervision.run_rules"):
        raise PermissionDenied
    summary = run_rules()
    messages.success(request, _("Electronic supervision ran: %(raised)s raised, %(escalated)s escalated, "
                                "%(resolved)s resolved.") % summary.as_dict())
    return redirect("supervision:alert-list")
