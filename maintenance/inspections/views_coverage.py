"""第十七条 coverage page: org units without a completed daily inspection in the last N working days."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.core.views_base import ScopedListView

from .coverage import DEFAULT_DAYS, coverage_queryset, gap_counts, parse_days, window_start
from .filters import CoverageFilter
from .models import Inspection


class CoverageView(ScopedListView):
    """Scoped like every list: the org units are those of the user's jurisdiction, the inspections behind the
    dates are visible_to() the user. The permission checked is the one to read inspections."""

    model = Inspection
    template_name = "maintenance/inspections/coverage.html"
    paginate_by = 50
    sort_fields = {"org": "path", "name": "name", "last": "last_daily"}
    default_sort = ("-is_gap", "path")
    article = "第十七条"
    export_filename = "daily-inspection-coverage"
    export_columns = [
        (gettext_lazy("Org unit"), lambda u: u.name),
        (gettext_lazy("Org unit code"), lambda u: u.code),
        (gettext_lazy("Kind"), lambda u: u.get_kind_display()),
        (gettext_lazy("Superior"), lambda u: u.parent.name if u.parent_id else ""),
        (gettext_lazy("Last completed daily inspection"), lambda u: u.last_daily),
        (gettext_lazy("Covered"), lambda u: _("No") if u.is_gap else _("Yes")),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.days = parse_days(request.GET.get("days", DEFAULT_DAYS))
        self.show_all = request.GET.get("show") == "all"
        self.today = timezone.localdate()
        self.since = None

    def base_queryset(self):
        if self.since is None:
            self.since = window_start(self.today, self.days)
        return coverage_queryset(self.request.user, self.since)

    def get_queryset(self):
        data = self.request.GET.copy()
        data.setdefault("days", str(self.days))
        data.setdefault("show", "gaps")
        self.filterset = CoverageFilter(data, queryset=self.base_queryset(), request=self.request)
        qs = self.filterset.qs if self.filterset.is_valid() else self.base_queryset()
        self.in_filter = qs
        if not self.show_all:
            qs = qs.filter(is_gap=True)
        return self.sort_queryset(qs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(days=self.days, since=self.since, today=self.today, show_all=self.show_all,
                   counts=gap_counts(self.in_filter))
        return ctx
