"""第十三条 over the API: promotion plans and activities (with their evidence files' names), read only, scoped."""

from django.urls import reverse
from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .filters import PromotionActivityFilter, PromotionPlanFilter
from .models import PromotionActivity, PromotionEvidence, PromotionPlan


class PromotionEvidenceSerializer(serializers.ModelSerializer):
    filename = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = PromotionEvidence
        fields = ["id", "filename", "url", "uploaded_at"]

    def get_url(self, evidence) -> str:
        return reverse("operations:promotion-evidence", args=[evidence.pk])


class PromotionActivitySerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    evidence = PromotionEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = PromotionActivity
        fields = ["id", "owner_org", "owner_org_name", "title", "mode", "channel", "held_on", "views",
                  "participants", "registrations", "description", "evidence", "version", "created_at",
                  "updated_at"]
        read_only_fields = fields


class PromotionPlanSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    channels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PromotionPlan
        fields = ["id", "owner_org", "owner_org_name", "year", "goals", "planned_activities", "channels",
                  "activity_target", "registration_target", "version", "created_at", "updated_at"]
        read_only_fields = fields


class PromotionActivityViewSet(ScopedReadOnlyViewSet):
    """第十三条: the promotion activities of the caller's jurisdiction."""

    queryset = PromotionActivity.objects.all()
    serializer_class = PromotionActivitySerializer
    filterset_class = PromotionActivityFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").prefetch_related("evidence").order_by("-held_on", "-pk")


class PromotionPlanViewSet(ScopedReadOnlyViewSet):
    """第十三条: the promotion plans of the caller's jurisdiction."""

    queryset = PromotionPlan.objects.all()
    serializer_class = PromotionPlanSerializer
    filterset_class = PromotionPlanFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").order_by("-year", "owner_org__path")
