"""Security incidents over the API: list, detail (with the timeline), report (create); POST …/{id}/transitions/
(start_handling, contain, close with `closure_report`, review)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedViewSetMixin
from ganfutong_admin.core.scoping import OutOfScope, scoped_save
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .lifecycle import report_incident
from .models import SecurityIncident
from .serializers import IncidentDetailSerializer, IncidentReportSerializer, IncidentSerializer


class IncidentViewSet(TransitionActionMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Security incidents of the caller's own records (in security the operator sees only its own)."""

    queryset = SecurityIncident.objects.all()
    serializer_class = IncidentSerializer

    def scoped_queryset(self, queryset):
        qs = queryset.select_related("owner_org").order_by("-occurred_at", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return IncidentReportSerializer
        return IncidentDetailSerializer if self.action == "retrieve" else IncidentSerializer

    @extend_schema(request=IncidentReportSerializer, responses={201: IncidentDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("security.add_securityincident"):
            raise exceptions.PermissionDenied()
        payload = IncidentReportSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        try:
            incident = scoped_save(request.user, lambda: report_incident(user=request.user, **payload.validated_data))
        except OutOfScope as exc:
            raise exceptions.ValidationError({"owner_org": [exc.message]}) from None
        return Response(self.detail_response(incident.pk), status=status.HTTP_201_CREATED)
