"""第十七条 over the API (/api/v1/maintenance/...):

- uptime-days/: daily uptime per service (filters: service, date_from, date_to, org), read only;
- anomalies/: availability anomalies (list, detail; filters as on the page); POST …/{id}/transitions/
  {action, version, comment} to acknowledge or resolve (409 on a stale version);
- service-status/: current state, last check and uptime 24 h / 7 d / 30 d of each monitored service in scope.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.api.serializers import TransitionRequestSerializer
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


class AnomalyViewSet(ScopedReadOnlyViewSet):
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

    @extend_schema(request=TransitionRequestSerializer, responses={200: AnomalyDetailSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        """Acknowledge (owner or operator, with a note) or resolve (operator, with the reason)."""
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            engine.perform(AvailabilityAnomaly, pk, data["action"], request.user, data["version"], data["comment"])
        except engine.NotFound:
            raise exceptions.NotFound() from None
        except engine.TransitionError as exc:
            return Response({"detail": str(exc.message), "code": type(exc).__name__}, status=exc.status_code)
        anomaly = self.scoped_queryset(AvailabilityAnomaly.objects.all()).prefetch_related(
            Prefetch("events", queryset=AnomalyEvent.objects.select_related("actor"))).get(pk=pk)
        return Response(AnomalyDetailSerializer(anomaly).data, status=status.HTTP_200_OK)


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
