"""Emergency plans (with versions) and drills (with findings) over the API, read only."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .models import Drill, DrillFinding, EmergencyPlan, EmergencyPlanVersion


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyPlanVersion
        fields = ["label", "effective_on", "change_note"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    drill_overdue = serializers.BooleanField(read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = EmergencyPlan
        fields = ["id", "title", "owner_org", "is_active", "next_drill_due", "drill_interval_months", "drill_overdue",
                  "versions"]
        read_only_fields = fields


class DrillFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrillFinding
        fields = ["order", "description", "rectification"]
        read_only_fields = fields


class DrillSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    findings = DrillFindingSerializer(many=True, read_only=True)

    class Meta:
        model = Drill
        fields = ["id", "plan", "owner_org", "held_on", "scenario", "participants", "summary", "findings"]
        read_only_fields = fields


class PlanViewSet(ScopedReadOnlyViewSet):
    queryset = EmergencyPlan.objects.all()
    serializer_class = PlanSerializer

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").prefetch_related("versions").order_by("next_drill_due", "pk")


class DrillViewSet(ScopedReadOnlyViewSet):
    queryset = Drill.objects.all()
    serializer_class = DrillSerializer

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").prefetch_related("findings").order_by("-held_on", "-pk")
