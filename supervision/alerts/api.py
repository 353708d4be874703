"""第二十四条 over the API (/api/v1/supervision/alerts/): alerts in scope (filters as on the page),
POST …/{id}/transitions/ {action, version, comment} to acknowledge, POST …/run/ to run the rules now
(supervisors), GET …/by-city/ the dashboard."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from . import dashboard
from .filters import AlertFilter
from .models import Alert, AlertEvent
from .runner import run_rules
from .serializers import AlertDetailSerializer, AlertSerializer, DashboardRowSerializer


class AlertViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = Alert.objects.all()
    serializer_class = AlertSerializer
    filterset_class = AlertFilter

    def scoped_queryset(self, queryset):
        qs = queryset.select_related("owner_org", "source_type").order_by("-raised_at", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("events", queryset=AlertEvent.objects.select_related("actor")))
        return qs

    def get_serializer_class(self):
        return AlertDetailSerializer if self.action == "retrieve" else AlertSerializer

    @extend_schema(request=None, responses=inline_serializer("RuleRunResult", {
        "raised": serializers.IntegerField(), "escalated": serializers.IntegerField(),
        "resolved": serializers.IntegerField(), "rules": serializers.DictField()}))
    @action(detail=False, methods=["post"])
    def run(self, request):
        if not request.user.has_perm("supervision.run_rules"):
            raise exceptions.PermissionDenied()
        return Response(run_rules().as_dict())

    @extend_schema(responses=inline_serializer("AlertDashboard", {
        "rows": DashboardRowSerializer(many=True),
        "totals": inline_serializer("AlertDashboardTotals", {
            name: serializers.IntegerField() for name in ("reminder", "yellow", "red", "resolved", "active")}),
    }))
    @action(detail=False, methods=["get"], url_path="by-city", filterset_class=None, pagination_class=None)
    def by_city(self, request):
        if not request.user.has_perm("supervision.view_alert"):
            raise exceptions.PermissionDenied()
        rows, totals = dashboard.by_city(request.user)
        return Response({"rows": DashboardRowSerializer(rows, many=True).data, "totals": totals})
