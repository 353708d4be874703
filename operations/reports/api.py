"""第十四条 over the API: operations reports (list and detail, with the figures and findings the caller reads) and
their transition."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .models import OperationsReport


class ReportListSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationsReport
        fields = ["id", "kind", "year", "month", "quarter", "period_start", "period_end", "number", "title", "status",
                  "published_at", "version", "created_at"]
        read_only_fields = fields


class ReportDetailSerializer(ReportListSerializer):
    narrative = serializers.CharField(read_only=True)
    figures = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta(ReportListSerializer.Meta):
        fields = [*ReportListSerializer.Meta.fields, "narrative", "figures", "findings"]
        read_only_fields = fields

    def _reading(self, report):
        from .views import report_context

        key = ("report", report.pk)
        if key not in self.context:
            self.context[key] = report_context(self.context["request"].user, report)
        return self.context[key]

    def get_figures(self, report) -> list[dict]:
        return [{"key": t["key"], "label": t["label"], "columns": [c["key"] for c in t["columns"]],
                 "groups": t["groups"], "units": t["units"], "total": t["total"]}
                for t in self._reading(report)["tables"]]

    def get_findings(self, report) -> list[dict]:
        return [{"text": f["finding"].text, "org_units": [n.org_unit.code for n in f["named"]],
                 "rectifications": [n.rectification_id for n in f["named"] if n.rectification_id]}
                for f in self._reading(report)["findings"]]


class ReportViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = OperationsReport.objects.all()
    serializer_class = ReportListSerializer

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportListSerializer

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").order_by("-period_start", "kind", "-pk")
