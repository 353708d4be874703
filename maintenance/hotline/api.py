"""The hotline over the API (第十八条).

- POST /api/v1/maintenance/work-orders/: intake from the 12345 hotline system (token auth; the caller holds
  maintenance.add_workorder). Idempotent on hotline_id: the first post creates (201), any later post with the
  same id returns the same record (200), also when two posts race (unique constraint).
- GET list / detail (scoped, personal data masked; detail `?unmask=true` for holders of
  accounts.unmask_personal_data, logged), POST {id}/transitions/ (the kernel's: action, version, comment and the
  action's inputs: dispatch target_org, request_extension extension_days, reply reply, callback satisfaction) and
  {id}/callback/ (the hotline system's shortcut for the callback).
- bad reviews (list, detail, transitions). The time limits are policy parameters (/api/v1/policy-parameters/).
"""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from . import lifecycle
from .filters import BadReviewFilter, WorkOrderFilter
from .models import BadReview, WorkOrder, WorkOrderEvent, WorkOrderSource
from .privacy import wants_unmask
from .serializers import (
    BadReviewDetailSerializer,
    BadReviewSerializer,
    CallbackSerializer,
    WorkOrderDetailSerializer,
    WorkOrderIntakeSerializer,
    WorkOrderSerializer,
)

UNMASK_PARAMETER = OpenApiParameter(
    "unmask", OpenApiTypes.BOOL, description="Show the citizen's personal data unmasked (needs "
    "accounts.unmask_personal_data; each time is logged as a security event).")


class WorkOrderViewSet(TransitionActionMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """12345 hotline work orders in the caller's jurisdiction; out of scope is 404."""

    queryset = WorkOrder.objects.all()
    serializer_class = WorkOrderSerializer
    filterset_class = WorkOrderFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["due_at", "received_at", "status"]

    def get_queryset(self):
        # Reads, and the actions (the engine checks scope and permission itself): the viewable records.
        return self.scoped_queryset(WorkOrder.objects.visible_to(self.request.user))

    def scoped_queryset(self, queryset):
        qs = queryset.with_light().select_related("owner_org", "service").order_by("due_at", "-received_at", "pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("events", queryset=WorkOrderEvent.objects.select_related("actor")),
                                     "extensions")
        return qs

    def get_serializer_class(self):
        return WorkOrderDetailSerializer if self.action == "retrieve" else WorkOrderSerializer

    def _detail(self, pk, code=status.HTTP_200_OK):
        obj = self.scoped_queryset(WorkOrder.objects.all()).prefetch_related("events__actor", "extensions").get(pk=pk)
        return Response(WorkOrderDetailSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(parameters=[UNMASK_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        context = {**self.get_serializer_context(), "unmask": wants_unmask(request.query_params)}
        return Response(WorkOrderDetailSerializer(instance, context=context).data)

    @extend_schema(request=WorkOrderIntakeSerializer, responses={
        201: WorkOrderDetailSerializer,
        200: OpenApiResponse(WorkOrderDetailSerializer, description="This hotline_id was received before: the "
                                                                   "work order recorded then."),
    })
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("maintenance.add_workorder"):
            raise exceptions.PermissionDenied()
        hotline_id = request.data.get("hotline_id")
        if isinstance(hotline_id, str) and hotline_id.strip():
            existing = self._existing(hotline_id.strip())
            if existing is not None:
                return existing
        payload = WorkOrderIntakeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            with transaction.atomic():
                work_order = lifecycle.receive(
                    user=request.user, source=WorkOrderSource.API, hotline_id=data["hotline_id"], type=data["type"],
                    title=data["title"], content=data["content"], service=data["service_code"],
                    citizen_name=data["citizen_name"], citizen_phone=data["citizen_phone"],
                    citizen_id_number=data["citizen_id_number"], received_at=data.get("received_at"),
                )
        except IntegrityError:
            # The same id posted at the same moment: the other request won; answer with its record.
            existing = self._existing(data["hotline_id"])
            if existing is None:
                raise
            return existing
        return self._detail(work_order.pk, status.HTTP_201_CREATED)

    def _existing(self, hotline_id):
        match = WorkOrder.objects.filter(hotline_id=hotline_id).values_list("pk", flat=True).first()
        if match is None:
            return None
        if not WorkOrder.objects.visible_to(self.request.user).filter(pk=match).exists():
            return Response({"hotline_id": ["This hotline id is used by a work order outside your scope."]},
                            status=status.HTTP_409_CONFLICT)
        return self._detail(match)

    @extend_schema(request=CallbackSerializer, responses={200: WorkOrderDetailSerializer})
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        """The hotline called the citizen back: record the satisfaction. An unsatisfied callback opens a bad
        review and its rectification."""
        CallbackSerializer(data=request.data).is_valid(raise_exception=True)
        return self.take_transition(request, pk, action="callback", current_version=True)


class BadReviewViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    """Bad reviews (办件差评) with their rectification and appeal; `excluded` ones do not count."""

    queryset = BadReview.objects.all()
    serializer_class = BadReviewSerializer
    filterset_class = BadReviewFilter

    def scoped_queryset(self, queryset):
        qs = queryset.select_related("owner_org", "work_order", "rectification").order_by("-created_at", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        return BadReviewDetailSerializer if self.action == "retrieve" else BadReviewSerializer
