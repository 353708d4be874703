
from ganfutong_admin.core.exports import EXPORT_FORMATS
from ganfutong_admin.core.filtering import filterset_is_valid
from ganfutong_admin.core.views_base import ScopedListView

from . import presentation
from .filters import SecurityEventFilter
from .models import EventResult, SecurityEvent, verify_chain

EXPORT_PERMISSION = "audit.export_securityevent"


class SecurityEventListView(ScopedListView):
    """The security event log, for the security auditor (audit_admin) only: search, a streamed export (itself a
    logged event) and the hash chain's verification on request."""

    model = SecurityEvent
    filterset_class = SecurityEventFilter
    template_name = "audit/event_list.html"
    sort_fields = {"time": "created_at"}
    paginate_by = 50
    article = "第二十一条"
    export_filename = "security-events"
    export_formats = EXPORT_FORMATS  # CSV too: the whole log streams
    export_permission = EXPORT_PERMISSION
    export_columns = presentation.export_columns()

    def base_queryset(self):
        return presentation.with_org_unit_names(super().base_queryset().select_related("actor"))

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        if self.filterset.is_bound:
            # A search the auditor mistyped shows its errors and no rows: never the whole log as if it matched.
            qs = self.filterset.qs if filterset_is_valid(self.filterset) else qs.none()
        return self.sort_queryset(qs)

    def sort_queryset(self, qs):
        # Plain ASC/DESC on created_at (no NULLS LAST: the column is NOT NULL), so that PostgreSQL reads the
        # created_at index in either direction and a page of a time range stops after its 50 rows.
        if self.request.GET.get("sort") == "time":
            return qs.order_by("created_at", "pk")
        return qs.order_by("-created_at", "-pk")

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("export")
        if file_format:
            return self.export(request, file_format)
        return super().get(request, *args, **kwargs)

    def export(self, request, file_format):
        queryset = self.get_queryset()
        if file_format not in self.export_formats or self.filterset.form.errors:
            # An unknown format or a search with errors: the page with the errors, and nothing exported.
            self.object_list = queryset
            self.export_refused = True
            return self.render_to_response(self.get_context_data(), status=400)
        return super().export(request, file_format)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        for name in ("page", "verify", "export"):
            params.pop(name, None)
        ctx.update(
            querystring=params.urlencode(),
            can_export=self.request.user.has_perm(EXPORT_PERMISSION),
            export_refused=getattr(self, "export_refused", False),
            failure=EventResult.FAILURE,
            filter_errors=bool(self.filterset and self.filterset.is_bound and self.filterset.form.errors),
        )
        for event in ctx["object_list"]:  # the page's rows (evaluated once, the template reads the same list)
            event.detail_items = presentation.detail_items(event)
        # Verifying reads the whole log: only on request, not on every page view.
        if self.request.GET.get("verify"):
            ctx["chain_check"] = verify_chain()
        return ctx

