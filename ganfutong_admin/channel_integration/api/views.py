from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, mixins, serializers, viewsets

from ganfutong_admin.core.api import ScopedViewSetMixin, ScopedWriteMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from ..filters import LegacyAppFilter
from ..models import LegacyApp


class LegacyAppSerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    is_overdue = serializers.BooleanField(source="overdue", read_only=True)

    class Meta:
        model = LegacyApp
        fields = ["id", "owner_org", "name", "app_type", "vendor", "monthly_active_users", "services_count",
                  "migration_plan", "target_date", "status", "completed_on", "note", "is_overdue",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "is_overdue", "created_at", "updated_at"]

    def validate_owner_org(self, org):
        user = self.context["request"].user
        if not org_units_for(user, LegacyApp, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(_("You cannot put a record outside your jurisdiction."))
        return org


class LegacyAppViewSet(ScopedWriteMixin, ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                       viewsets.ReadOnlyModelViewSet):
    """第五条: the register of legacy standalone apps and mini-programs."""

    queryset = LegacyApp.objects.all()
    serializer_class = LegacyAppSerializer
    filterset_class = LegacyAppFilter
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        return queryset.with_overdue().select_related("owner_org").order_by("target_date", "pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("channel_integration.add_legacyapp"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)
