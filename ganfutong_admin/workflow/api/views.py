
from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.core.filtering import CheckedFilterBackend

from ..filters import FilingFilter, RectificationFilter
from ..models import Filing, Rectification
from .serializers import (
    FilingDetailSerializer,
    FilingSerializer,
    RectificationSerializer,
)
from .transitions import TransitionActionMixin


class FilingViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    """Filings of every kind in the caller's jurisdiction; out of scope is 404."""

    queryset = Filing.objects.all()
    serializer_class = FilingSerializer
    filterset_class = FilingFilter
    filter_backends = [CheckedFilterBackend]

    def scoped_queryset(self, queryset):
        qs = queryset.with_overdue().select_related("owner_org").order_by("due_at", "-created_at")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        return FilingDetailSerializer if self.action == "retrieve" else FilingSerializer



class RectificationViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = Rectification.objects.all()
    serializer_class = RectificationSerializer
    filterset_class = RectificationFilter
    filter_backends = [CheckedFilterBackend]

    def scoped_queryset(self, queryset):
        return queryset.with_overdue().select_related("owner_org").order_by("due_at", "pk")
