"""第十四条 over the API: circulars with the org units they name, and their transitions."""

from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from .models import Circular, CircularEntry


class CircularEntrySerializer(serializers.ModelSerializer):
    org_unit = serializers.CharField(source="org_unit.code", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = CircularEntry
        fields = ["org_unit", "org_unit_name", "result", "reason"]


class CircularSerializer(serializers.ModelSerializer):
    entries = CircularEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Circular
        fields = ["id", "number", "title", "recipients", "body", "status", "published_at", "version", "entries",
                  "created_at"]
        read_only_fields = fields


class CircularViewSet(TransitionActionMixin, ScopedReadOnlyViewSet):
    queryset = Circular.objects.all()
    serializer_class = CircularSerializer

    def scoped_queryset(self, queryset):
        return queryset.prefetch_related("entries__org_unit").order_by("-created_at", "-pk")
