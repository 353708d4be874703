"""第二十五条 over the API: /api/v1/supervision/evaluation-periods/ (list, detail with the tree; POST
…/{id}/transitions/ {action: "finalize", version}), /api/v1/supervision/scores/?period=<id> (the frozen score
sheets in the caller's scope: an org unit its own, the provincial authority and auditors all)."""

import django_filters
from django.db.models import Prefetch

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .models import Dimension, EvaluationPeriod, Indicator, ScoreSheet
from .serializers import PeriodDetailSerializer, PeriodSerializer, ScoreSheetDetailSerializer, ScoreSheetSerializer


class ScoreFilter(django_filters.FilterSet):
    period = django_filters.NumberFilter(field_name="period_id")
    kind = django_filters.CharFilter(field_name="org_kind")
    city = django_filters.CharFilter(field_name="city_code")

    class Meta:
        model = ScoreSheet
        fields = []


class PeriodViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = EvaluationPeriod.objects.all()
    serializer_class = PeriodSerializer

    def scoped_queryset(self, queryset):
        qs = queryset.order_by("-start", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("dimensions", queryset=Dimension.objects.all()),
                                     Prefetch("indicators", queryset=Indicator.objects.all()))
        return qs

    def get_serializer_class(self):
        return PeriodDetailSerializer if self.action == "retrieve" else PeriodSerializer


class ScoreSheetViewSet(ScopedReadOnlyViewSet):
    queryset = ScoreSheet.objects.all()
    serializer_class = ScoreSheetSerializer
    filterset_class = ScoreFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").order_by("period_id", "rank_overall")

    def get_serializer_class(self):
        return ScoreSheetDetailSerializer if self.action == "retrieve" else ScoreSheetSerializer
