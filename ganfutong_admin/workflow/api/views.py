import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .. import engine
from ..filters import FilingFilter, RectificationFilter
from ..models import Filing, Rectification
from .serializers import (
    FilingDetailSerializer,
    FilingSerializer,
    RectificationSerializer,
    TransitionRequestSerializer,
)


def run_transition(request, model, pk, serializer_class):
    """POST {action, version, comment}: 200 with the record, 400/403/404/409 with a message."""
    payload = TransitionRequestSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    try:
        obj = engine.perform(model, pk, data["action"], request.user, data["version"], data["comment"])
    except engine.NotFound:
        raise NotFound() from None
    except engine.TransitionError as exc:
        return Response({"detail": str(exc.message), "code": type(exc).__name__}, status=exc.status_code)
    obj = model.objects.with_overdue().get(pk=obj.pk)
    return Response(serializer_class(obj).data, status=status.HTTP_200_OK)


class FilingViewSet(ScopedReadOnlyViewSet):
    """Filings of every kind in the caller's jurisdiction; out of scope is 404."""

    queryset = Filing.objects.all()
    serializer_class = FilingSerializer
    filterset_class = FilingFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def scoped_queryset(self, queryset):
        qs = queryset.with_overdue().select_related("owner_org").order_by("due_at", "-created_at")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        return FilingDetailSerializer if self.action == "retrieve" else FilingSerializer

    @extend_schema(request=TransitionRequestSerializer, responses={200: FilingDetailSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        return run_transition(request, Filing, pk, FilingDetailSerializer)


class RectificationViewSet(ScopedReadOnlyViewSet):
    queryset = Rectification.objects.all()
    serializer_class = RectificationSerializer
    filterset_class = RectificationFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def scoped_queryset(self, queryset):
        return queryset.with_overdue().select_related("owner_org").order_by("due_at", "pk")

    @extend_schema(request=TransitionRequestSerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        return run_transition(request, Rectification, pk, RectificationSerializer)
