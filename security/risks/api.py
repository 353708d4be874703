"""第二十条 over the API: the risk register (list, read, create, edit with the version) and assessments (read)."""

from django.db.models import Prefetch
from rest_framework import exceptions, mixins, viewsets

from ganfutong_admin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, ScopedWriteMixin

from .filters import AssessmentFilter, RiskFilter
from .models import AssessmentFinding, Risk, SecurityAssessment
from .serializers import AssessmentSerializer, RiskSerializer


class RiskViewSet(ScopedWriteMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_class = RiskFilter

    def scoped_queryset(self, queryset):
        return queryset.with_flags().select_related("owner_org").order_by("due_on", "pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("security.add_risk"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)


class AssessmentViewSet(ScopedReadOnlyViewSet):
    queryset = SecurityAssessment.objects.all()
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def scoped_queryset(self, queryset):
        findings = AssessmentFinding.objects.select_related("rectification").order_by("order", "pk")
        return (queryset.select_related("owner_org").prefetch_related(Prefetch("findings", queryset=findings))
                .order_by("-assessed_on", "-pk"))
