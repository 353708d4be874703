"""第十五条 over the API: the partner register (read) and its transitions (activate, suspend, force_exit with its
`reason`). Partners see only their own entry."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .filters import PartnerFilter
from .models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "owner_org", "name", "credit_code", "services_offered", "contacts", "commitments",
                  "status", "approved_at", "exit_reason", "exit_effective_at", "version", "created_at",
                  "updated_at"]
        read_only_fields = fields


class PartnerViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").order_by("name", "pk")
