"""第十六条/第十七条 over the API: inspections (list, detail, create, complete) and templates (read)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin
from ganfutong_admin.core.scoping import OutOfScope
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .filters import InspectionFilter, InspectionTemplateFilter
from .lifecycle import FindingInput, record_inspection
from .models import (
    Inspection,
    InspectionFinding,
    InspectionTemplate,
    InspectionTemplateItem,
    default_rectification_days,
)
from .policy import kinds_for
from .serializers import (
    CompleteRequestSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    InspectionTemplateSerializer,
)


class InspectionViewSet(TransitionActionMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                        viewsets.ReadOnlyModelViewSet):
    """Inspections of the caller's jurisdiction with their findings; out of scope is 404."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        findings = InspectionFinding.objects.select_related("rectification").order_by("order", "pk")
        return (queryset.with_problem_counts().select_related("owner_org", "template", "inspector")
                .prefetch_related(Prefetch("findings", queryset=findings))
                .order_by("-inspected_on", "-pk"))

    def get_serializer_class(self):
        return InspectionCreateSerializer if self.action == "create" else InspectionSerializer

    def _read(self, pk):
        return self.scoped_queryset(Inspection.objects.all()).get(pk=pk)

    @extend_schema(request=InspectionCreateSerializer, responses={201: InspectionSerializer})
    def create(self, request, *args, **kwargs):
        if not kinds_for(request.user):
            raise exceptions.PermissionDenied()
        payload = InspectionCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        items = data["items"]
        findings = [FindingInput(check_item=items[f["template_item"]].text if f["template_item"] else f["check_item"],
                                 result=f["result"], severity=f["severity"], description=f["description"],
                                 template_item=items.get(f["template_item"]))
                    for f in data["findings"]]
        try:
            inspection = record_inspection(
                user=request.user, kind=data["kind"], template=data["template"], owner_org=data["owner_org"],
                inspected_on=data["inspected_on"], summary=data["summary"], findings=findings,
                rectification_working_days=data.get("rectification_working_days")
                or default_rectification_days(),
            )
        except OutOfScope as exc:
            raise exceptions.ValidationError({"owner_org": [exc.message]}) from None
        return Response(InspectionSerializer(self._read(inspection.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CompleteRequestSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Complete a draft: every problem finding opens a rectification. 409 on a stale version."""
        CompleteRequestSerializer(data=request.data).is_valid(raise_exception=True)
        return self.take_transition(request, pk, action="complete")


class InspectionTemplateViewSet(ScopedReadOnlyViewSet):
    """Inspection templates (checklists), reference data readable by every reader of the chapter."""

    queryset = InspectionTemplate.objects.all()
    serializer_class = InspectionTemplateSerializer
    filterset_class = InspectionTemplateFilter

    def scoped_queryset(self, queryset):
        items = InspectionTemplateItem.objects.order_by("order", "pk")
        return queryset.prefetch_related(Prefetch("items", queryset=items)).order_by("kind", "name", "pk")
