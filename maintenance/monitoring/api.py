"""第十七条 over the API (/api/v1/maintenance/...):

- uptime-days/: daily uptime per service (filters: service, date_from, date_to, org), read only;
- anomalies/: availability anomalies (list, detail; filters as on the page); POST …/{id}/transitions/
  {action, version, comment} to acknowledge or resolve (the kernel's transition glue: 409 on a stale version);
- service-status/: current state, last check and uptime 24 h / 7 d / 30 d of each monitored service in scope.
"""

from django.db.models import Prefetch
from rest_framework import exceptions, viewsets

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin
from services.models import Service

from .figures import monitored_in_scope
from .filters import AnomalyFilter, MonitoredServiceFilter, UptimeDayFilter
from .models import MEASUREMENT_PERMISSION, AnomalyEvent, AvailabilityAnomaly, UptimeDay
from .serializers import AnomalyDetailSerializer, AnomalySerializer, ServiceStatusSerializer, UptimeDaySerializer


class UptimeDayViewSet(ScopedReadOnlyViewSet):
    """Daily uptime of the services in the caller's jurisdiction (today's figures are in service-status)."""

    queryset = UptimeDay.objects.all()
    serializer_class = UptimeDaySerializer
    filterset_class = UptimeDayFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("service").order_by("service_id", "date")


class AnomalyViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = AvailabilityAnomaly.objects.all()
    serializer_class = AnomalySerializer
    filterset_class = AnomalyFilter

    def scoped_queryset(self, queryset):
        qs = queryset.select_related("service", "owner_org").order_by("-started_at", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("events", queryset=AnomalyEvent.objects.select_related("actor")))
        return qs

    def get_serializer_class(self):
        return AnomalyDetailSerializer if self.action == "retrieve" else AnomalySerializer


class ServiceStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """Monitored services (listed, with an entry URL) in the caller's jurisdiction and their current figures."""

    queryset = Service.objects.none()  # the model, for the schema; rows come from get_queryset()
    serializer_class = ServiceStatusSerializer
    filterset_class = MonitoredServiceFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Service.objects.none()
        return monitored_in_scope(self.request.user).order_by("owner_org__path", "code")

    def list(self, request, *args, **kwargs):
        if not request.user.has_perm(MEASUREMENT_PERMISSION):
            raise exceptions.PermissionDenied()
        return super().list(request, *args, **kwargs)
