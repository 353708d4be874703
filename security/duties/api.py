"""Connected systems over the API (read), with the overdue flag."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .models import ConnectedSystem


class SystemSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    assessment_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ConnectedSystem
        fields = ["id", "name", "owner_org", "mlps_level", "last_assessed_on", "assessment_due_on",
                  "assessment_overdue", "description", "created_at", "updated_at"]
        read_only_fields = fields


class SystemViewSet(ScopedReadOnlyViewSet):
    queryset = ConnectedSystem.objects.all()
    serializer_class = SystemSerializer

    def scoped_queryset(self, queryset):
        qs = queryset.select_related("owner_org").order_by("owner_org__path", "name", "pk")
        if self.request.query_params.get("overdue") == "1":
            qs = qs.assessment_overdue()
        return qs
