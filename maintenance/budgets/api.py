"""第十九条 over the API: budget plans with their items and totals (read only)."""

from django.db.models import Prefetch

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .filters import BudgetPlanFilter
from .models import BudgetItem, BudgetPlan
from .serializers import BudgetPlanSerializer


class BudgetPlanViewSet(ScopedReadOnlyViewSet):
    """Annual maintenance budget plans of the caller's jurisdiction; variance = actual − planned."""

    queryset = BudgetPlan.objects.all()
    serializer_class = BudgetPlanSerializer
    filterset_class = BudgetPlanFilter

    def scoped_queryset(self, queryset):
        items = BudgetItem.objects.with_variance().order_by("order", "pk")
        return (queryset.with_totals().select_related("owner_org")
                .prefetch_related(Prefetch("items", queryset=items)).order_by("-year", "owner_org__path", "pk"))
