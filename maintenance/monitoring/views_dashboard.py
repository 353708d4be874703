"""第十七条 pages: the monitoring dashboard, the per-service page with its charts, and "probe now"."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from services.selectors import monitored_services, services

from .errors import sees_diagnostics, shown_error
from .figures import DOWN, UNKNOWN, UP, annotate_figures, daily_series, monitored_in_scope
from .filters import MonitoredServiceFilter
from .models import MEASUREMENT_PERMISSION, AvailabilityAnomaly, ProbeResult, UptimeDay

ARTICLE = "第十七条"
PROBE_PERMISSION = "maintenance.manage_monitoring"
STATE_LABELS = {UP: gettext_lazy("Up"), DOWN: gettext_lazy("Down"), UNKNOWN: gettext_lazy("Unknown")}


def _local(dt):
    return timezone.localtime(dt) if dt else None


def _pct(value):
    return round(value, 2) if value is not None else None


def state_label(state):
    return STATE_LABELS.get(state, state)


def monitor_context():
    """How monitoring is configured, for the pages' notes; a state older than three intervals is stale."""
    interval = settings.MONITOR_INTERVAL_SECONDS
    return {"interval_minutes": max(1, round(interval / 60)), "threshold": settings.MONITOR_FAILURE_THRESHOLD,
            "timeout": settings.MONITOR_TIMEOUT_SECONDS,
            "stale_before": timezone.now() - timedelta(seconds=3 * interval)}


class MonitoringDashboardView(ScopedListView):
    """Every monitored service in scope with its state and uptime. Requires maintenance.view_uptimeday."""

    model = UptimeDay  # the permission checked by ScopedListView; the rows are services with their figures
    filterset_class = MonitoredServiceFilter
    template_name = "maintenance/monitoring/dashboard.html"
    sort_fields = {"code": "code", "name": "name", "org": "owner_org__path", "state": "state",
                   "last": "last_checked_at", "u24": "uptime_24h", "u7": "uptime_7d", "u30": "uptime_30d",
                   "anomalies": "open_anomalies"}
    default_sort = ("owner_org__path", "code")
    article = ARTICLE
    export_filename = "service-availability"

    @cached_property
    def diagnostics(self):
        return sees_diagnostics(self.request.user)

    @property
    def export_columns(self):
        return status_columns(self.diagnostics)

    def base_queryset(self):
        return monitored_in_scope(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        summary = self.object_list.order_by().aggregate(
            total=Count("pk"), up=Count("pk", filter=Q(state=UP)), down=Count("pk", filter=Q(state=DOWN)),
            unknown=Count("pk", filter=Q(state=UNKNOWN)),
        )
        diagnostics = self.diagnostics
        for row in ctx["object_list"]:
            row.last_error_label = shown_error(row.last_error, diagnostics)
        ctx.update(
            monitor=monitor_context(),
            summary=summary,
            diagnostics=diagnostics,
            open_anomaly_count=AvailabilityAnomaly.objects.visible_to(user).active().count(),
            can_view_anomalies=user.has_perm("maintenance.view_availabilityanomaly"),
        )
        return ctx


def status_columns(diagnostics):
    """The export's columns; the cause of a failure only for those who see diagnostics."""
    return [
        (gettext_lazy("Service code"), lambda s: s.code),
        (gettext_lazy("Name"), lambda s: s.name),
        (gettext_lazy("Org unit"), lambda s: s.owner_org.name),
        (gettext_lazy("Entry URL"), lambda s: s.entry_url),
        (gettext_lazy("Current state"), lambda s: str(state_label(s.state))),
        (gettext_lazy("Last check"), lambda s: _local(s.last_checked_at)),
        (gettext_lazy("Last error"), lambda s: shown_error(s.last_error, diagnostics)),
        (gettext_lazy("Checks in 24 h"), lambda s: s.checks_24h),
        (gettext_lazy("Uptime 24 h (%)"), lambda s: _pct(s.uptime_24h)),
        (gettext_lazy("Uptime 7 d (%)"), lambda s: _pct(s.uptime_7d)),
        (gettext_lazy("Uptime 30 d (%)"), lambda s: _pct(s.uptime_30d)),
        (gettext_lazy("Unresolved anomalies"), lambda s: s.open_anomalies),
    ]


class ServiceMonitoringView(LoginRequiredMixin, TemplateView):
    """One service: figures, the 30-day charts (data in a json_script element), recent checks, anomalies."""

    template_name = "maintenance/monitoring/service.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.has_perm(MEASUREMENT_PERMISSION):
            raise Http404
        scoped = services().visible_to(user).select_related("owner_org")
        service = annotate_figures(scoped, user).filter(pk=self.kwargs["pk"]).first()
        if service is None:
            raise Http404
        series = daily_series(service)
        monitored = monitored_services().filter(pk=service.pk).exists()
        diagnostics = sees_diagnostics(user)
        service.last_error_label = shown_error(service.last_error, diagnostics)
        recent = list(ProbeResult.objects.visible_to(user).filter(service=service).order_by("-checked_at")[:12])
        for result in recent:
            result.shown_error = shown_error(result.error, diagnostics)
        anomalies = list(AvailabilityAnomaly.objects.visible_to(user).filter(service=service)
                         .order_by("-started_at", "-pk")[:10])
        for anomaly in anomalies:
            anomaly.shown_error = shown_error(anomaly.last_error, diagnostics)
        ctx.update(
            article=ARTICLE,
            diagnostics=diagnostics,
            monitor=monitor_context(),
            service=service,
            state_label=state_label(service.state),
            monitored=monitored,
            chart_data={"days": series, "labels": {
                "uptime": _("Uptime (%)"), "avg": _("Average response time (ms)"),
                "max": _("Maximum response time (ms)"), "checks": _("Checks"),
            }},
            days_with_checks=sum(1 for d in series if d["checks"]),
            recent=recent,
            anomalies=anomalies,
            can_probe=monitored and can_probe(user, service),
            can_view_anomalies=user.has_perm("maintenance.view_availabilityanomaly"),
        )
        return ctx


def can_probe(user, service):
    """The operator's publishers (manage_monitoring) probe any service they may see (operator: all)."""
    return user.has_perm(PROBE_PERMISSION) and services().visible_to(user, PROBE_PERMISSION).filter(
        pk=service.pk).exists()


@login_required
@require_POST
def probe_now(request, pk):
    """Run the probe task for one service (at once in the embedded default, queued with a worker)."""
    from .tasks import probe_listed_services

    service = get_visible_or_404(None, request.user, pk, queryset=services())
    if not request.user.has_perm(MEASUREMENT_PERMISSION):
        raise Http404
    if not can_probe(request.user, service):
        raise PermissionDenied
    target = redirect("maintenance:monitoring-service", pk=service.pk)
    if not monitored_services().filter(pk=service.pk).exists():
        messages.error(request, _("Only listed services with an entry URL are probed."))
        return target
    result = probe_listed_services.delay(service_ids=[service.pk])
    if not result.ready():
        messages.info(request, _("The probe is queued; its result appears here in a moment."))
        return target
    latest = ProbeResult.objects.filter(service=service).order_by("-checked_at").first()
    if latest is not None and latest.ok:
        messages.success(request, _("Probe done: available (HTTP %(status)s, %(ms)s ms).") % {
            "status": latest.status_code, "ms": latest.response_ms})
    elif latest is not None:
        messages.warning(request, _("Probe done: not available (%(error)s).") % {
            "error": shown_error(latest.error, sees_diagnostics(request.user))})
    return target
