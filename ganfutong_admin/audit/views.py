import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.views_base import ScopedListView

from .models import EventKind, SecurityEvent, first_broken_link


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    username = django_filters.CharFilter(lookup_expr="icontains", label=_("User name"))
    since = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = SecurityEvent
        fields = []


class SecurityEventListView(ScopedListView):
    """The security event log, for the security auditor (audit_admin) only; exports are logged too."""

    model = SecurityEvent
    filterset_class = SecurityEventFilter
    template_name = "audit/event_list.html"
    sort_fields = {"time": "created_at"}
    default_sort = ("-pk",)
    paginate_by = 50
    article = "第二十一条"
    export_filename = "security-events"
    export_columns = [
        (_("Time"), lambda e: timezone.localtime(e.created_at)),
        (_("Kind"), lambda e: e.get_kind_display()),
        (_("User name"), lambda e: e.username),
        (_("IP address"), lambda e: e.ip_address),
        (_("Target"), lambda e: e.target),
        (_("Detail"), lambda e: e.detail),
        (_("Hash"), lambda e: e.row_hash),
    ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and not request.user.has_perm("audit.export_securityevent"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Verifying reads the whole log: only on request, not on every page view.
        if self.request.GET.get("verify"):
            broken = first_broken_link()
            ctx["verified"] = True
            ctx["chain_intact"] = broken is None
            ctx["broken_event"] = broken
        return ctx
