"""Security training sessions over the API (read), with their attendance."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .models import TrainingAttendance, TrainingSession


class AttendanceSerializer(serializers.ModelSerializer):
    org_unit = serializers.CharField(source="org_unit.code", read_only=True)

    class Meta:
        model = TrainingAttendance
        fields = ["person", "org_unit"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    org_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    attendances = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "topic", "held_on", "trainer", "owner_org", "org_units", "attendances"]
        read_only_fields = fields


class TrainingSessionViewSet(ScopedReadOnlyViewSet):
    queryset = TrainingSession.objects.all()
    serializer_class = SessionSerializer

    def scoped_queryset(self, queryset):
        return (queryset.select_related("owner_org")
                .prefetch_related("org_units", "attendances__org_unit").order_by("-held_on", "-pk"))
