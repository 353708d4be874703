"""第十六条 over the API.

- /api/v1/maintenance/fault-reports/: list, detail, create; POST …/{id}/transitions/ (mitigate, resolve, reopen),
  …/{id}/review/ (post-incident review, closes the fault), …/{id}/updates/ (timeline note). 409 on a stale version.
- /api/v1/maintenance/advance-filings/: advance filings with their event details and lateness (read only; they are
  created and moved through the pages and the kernel's /api/v1/filings/ endpoints).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedViewSetMixin
from ganfutong_admin.core.scoping import OutOfScope, get_for_action, scoped_save
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin, refusal
from ganfutong_admin.workflow.models import Filing
from services import selectors as service_selectors

from . import advance, faults
from .filters import AdvanceFilingFilter, FaultReportFilter
from .models import FaultReport, FaultUpdate
from .serializers import (
    AdvanceFilingSerializer,
    FaultReportCreateSerializer,
    FaultReportDetailSerializer,
    FaultReportSerializer,
    FaultReviewSerializer,
    FaultUpdateSerializer,
)


class FaultReportViewSet(TransitionActionMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                         viewsets.ReadOnlyModelViewSet):
    """Fault reports in the caller's jurisdiction; out of scope is 404."""

    queryset = FaultReport.objects.all()
    serializer_class = FaultReportSerializer
    filterset_class = FaultReportFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["occurred_at", "reported_at", "severity", "status"]

    def scoped_queryset(self, queryset):
        services = Prefetch("services", queryset=service_selectors.services().order_by("name"))
        qs = (queryset.with_report_delay().select_related("owner_org").prefetch_related(services)
              .order_by("-occurred_at", "-pk"))
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor", Prefetch("updates", queryset=FaultUpdate.objects
                                                               .select_related("author").order_by("at", "pk")))
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return FaultReportCreateSerializer
        return FaultReportDetailSerializer if self.action == "retrieve" else FaultReportSerializer

    @extend_schema(request=FaultReportCreateSerializer, responses={201: FaultReportDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("maintenance.add_faultreport"):
            raise exceptions.PermissionDenied()
        payload = FaultReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        services = data.pop("services", [])
        try:
            fault = scoped_save(request.user, lambda: faults.report_fault(user=request.user, services=services, **data))
        except OutOfScope as exc:
            raise exceptions.ValidationError({"owner_org": [exc.message]}) from None
        return Response(self.detail_response(fault.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=FaultReviewSerializer, responses={200: FaultReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The provincial authority's post-incident review (cause, lessons, measures); closes a resolved fault.
        The same as the `review` transition with its payload."""
        FaultReviewSerializer(data=request.data).is_valid(raise_exception=True)  # every part, for the API
        return self.take_transition(request, pk, action="review")

    @extend_schema(request=FaultUpdateSerializer, responses={201: FaultUpdateSerializer})
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        """Add a note to the timeline while the fault is investigated or mitigated."""
        fault = get_for_action(FaultReport, request.user, pk, "change")
        payload = FaultUpdateSerializer(data=request.data, context={"fault": fault})
        payload.is_valid(raise_exception=True)
        try:
            update = faults.add_update(fault, user=request.user, **payload.validated_data)
        except engine.TransitionError as exc:
            return refusal(exc)
        return Response(FaultUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class AdvanceFilingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Advance filings (kind advance_filing) with their window, affected services and lateness."""

    queryset = Filing.objects.all()
    serializer_class = AdvanceFilingSerializer
    filterset_class = AdvanceFilingFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["submitted_at", "created_at"]

    def scoped_queryset(self, queryset):
        services = Prefetch("advance_filing__services", queryset=service_selectors.services().order_by("name"))
        return (queryset.filter(kind=advance.KIND).select_related("owner_org", "advance_filing")
                .prefetch_related(services).order_by("-advance_filing__window_start", "-pk"))
