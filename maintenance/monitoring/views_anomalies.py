"""第十七条 pages: availability anomalies (list, detail, acknowledge / resolve through the kernel engine)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView

from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from .errors import sees_diagnostics, shown_error
from .filters import AnomalyFilter
from .models import MEASUREMENT_PERMISSION, AvailabilityAnomaly
from .views_dashboard import monitor_context

ARTICLE = "第十七条"


def _local(dt):
    return timezone.localtime(dt) if dt else None


def duration_text(delta):
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def fault_report_url(service):
    """The fault-report form of 第十六条, prefilled with the service."""
    return reverse("maintenance:fault-create") + f"?service={service.pk}"


class AnomalyListView(ScopedListView):
    model = AvailabilityAnomaly
    filterset_class = AnomalyFilter
    template_name = "maintenance/monitoring/anomaly_list.html"
    sort_fields = {"started": "started_at", "last": "last_failure_at", "failures": "consecutive_failures",
                   "status": "status", "org": "owner_org__path", "resolved": "resolved_at"}
    default_sort = ("-started_at", "-pk")
    article = ARTICLE
    export_filename = "availability-anomalies"

    @cached_property
    def diagnostics(self):
        return sees_diagnostics(self.request.user)

    @property
    def export_columns(self):
        return anomaly_columns(self.diagnostics)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["diagnostics"] = diagnostics = self.diagnostics
        for anomaly in ctx["object_list"]:
            anomaly.shown_error = shown_error(anomaly.last_error, diagnostics)
        return ctx

    def base_queryset(self):
        return super().base_queryset().select_related("service", "owner_org")


def anomaly_columns(diagnostics):
    """The export's columns; the cause of the failures only for those who see diagnostics."""
    return [
        (gettext_lazy("Service code"), lambda a: a.service.code),
        (gettext_lazy("Service"), lambda a: a.service.name),
        (gettext_lazy("Org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("First failed check"), lambda a: _local(a.started_at)),
        (gettext_lazy("Last failed check"), lambda a: _local(a.last_failure_at)),
        (gettext_lazy("Consecutive failed checks"), lambda a: a.consecutive_failures),
        (gettext_lazy("Last error"), lambda a: shown_error(a.last_error, diagnostics)),
        (pgettext_lazy("availability anomaly", "Acknowledged at"), lambda a: _local(a.acknowledged_at)),
        (pgettext_lazy("availability anomaly", "Resolved at"), lambda a: _local(a.resolved_at)),
        (gettext_lazy("Duration"), lambda a: duration_text(a.duration)),
    ]


class AnomalyDetailView(LoginRequiredMixin, DetailView):
    model = AvailabilityAnomaly
    template_name = "maintenance/monitoring/anomaly_detail.html"
    context_object_name = "anomaly"

    def get_object(self, queryset=None):
        return get_visible_or_404(AvailabilityAnomaly, self.request.user, self.kwargs["pk"],
                                  queryset=AvailabilityAnomaly.objects.select_related(
                                      "service", "owner_org", "acknowledged_by", "resolved_by", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        anomaly = self.object
        ctx["diagnostics"] = sees_diagnostics(self.request.user)
        anomaly.shown_error = shown_error(anomaly.last_error, ctx["diagnostics"])
        user = self.request.user
        ctx.update(
            article=ARTICLE,
            monitor=monitor_context(),
            transitions=AvailabilityAnomaly.workflow.allowed(anomaly, user),
            events=anomaly.events.select_related("actor", "actor__org_unit"),
            history=anomaly.history.select_related("history_user")[:50],
            duration=duration_text(anomaly.duration),
            fault_report_url=fault_report_url(anomaly.service) if user.has_perm("maintenance.add_faultreport")
            else "",
            can_view_monitoring=user.has_perm(MEASUREMENT_PERMISSION),
        )
        return ctx


class AnomalyTransitionView(TransitionView):
    model = AvailabilityAnomaly

    def success_message(self, anomaly, action):
        return _("Done: the anomaly is now “%(status)s”.") % {"status": anomaly.get_status_display()}
