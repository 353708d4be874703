"""第十条 over the API: the service catalog, technical standard versions and self-test reports."""

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedViewSetMixin, ScopedWriteMixin
from ganfutong_admin.core.scoping import get_visible_or_404

from ..catalog import ItemResult, activate_standard, record_self_test
from ..filters import SelfTestReportFilter, ServiceFilter, TechStandardFilter
from ..models import SelfTestReport, SelfTestResult, Service, StandardItem, TechStandard
from .serializers import (
    SelfTestReportCreateSerializer,
    SelfTestReportSerializer,
    ServiceSerializer,
    TechStandardSerializer,
)


class ServiceViewSet(ScopedWriteMixin, ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    """The service catalog. `status` is read-only: it moves through filings and the workflow."""

    queryset = Service.objects.all()
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["code", "name", "status", "listed_at", "updated_at"]

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org", "standard").order_by("owner_org__path", "code")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("services.add_service"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)



class TechStandardViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Versions of the technical management standard (reference data) with their checklists.
    Reading needs view_techstandard; publishing and putting in force need services.publish_standard."""

    queryset = TechStandard.objects.all()
    serializer_class = TechStandardSerializer
    filterset_class = TechStandardFilter
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        return queryset.prefetch_related(Prefetch("items", queryset=StandardItem.objects.order_by("order", "pk")))

    def create(self, request, *args, **kwargs):
        if not (request.user.has_perm("services.publish_standard")
                and request.user.has_perm("services.add_techstandard")):
            raise exceptions.PermissionDenied()
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: TechStandardSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Put this version in force; the version in force until now is superseded (one transaction)."""
        standard = get_visible_or_404(TechStandard, request.user, pk)
        if not (request.user.has_perm("services.publish_standard")
                and request.user.has_perm("services.change_techstandard")):
            raise exceptions.PermissionDenied()
        standard, problem = activate_standard(standard.pk)
        if problem:
            return Response({"detail": problem}, status=status.HTTP_400_BAD_REQUEST)
        standard = self.scoped_queryset(TechStandard.objects.all()).get(pk=standard.pk)
        return Response(TechStandardSerializer(standard).data)


class SelfTestReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Full-process self-test reports (全流程自测) with the result of every checklist item."""

    queryset = SelfTestReport.objects.all()
    serializer_class = SelfTestReportSerializer
    filterset_class = SelfTestReportFilter
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        results = SelfTestResult.objects.select_related("item").order_by("item__order", "item__pk")
        return (queryset.select_related("service", "standard", "owner_org")
                .prefetch_related(Prefetch("results", queryset=results)).order_by("-tested_on", "-pk"))

    def get_serializer_class(self):
        return SelfTestReportCreateSerializer if self.action == "create" else SelfTestReportSerializer

    @extend_schema(request=SelfTestReportCreateSerializer, responses={201: SelfTestReportSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("services.add_selftestreport"):
            raise exceptions.PermissionDenied()
        payload = SelfTestReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        items = data["items"]
        report = record_self_test(
            service=data["service"], standard=data["standard"], user=request.user, tested_on=data["tested_on"],
            tester=data["tester"], summary=data.get("summary", ""),
            results=[ItemResult(items[r["item"]], r["passed"], r.get("note", "")) for r in data["results"]],
        )
        report = self.scoped_queryset(SelfTestReport.objects.all()).get(pk=report.pk)
        return Response(SelfTestReportSerializer(report).data, status=status.HTTP_201_CREATED)
