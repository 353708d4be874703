"""第二十四条 over the API: /api/v1/supervision/spot-checks/ (campaigns; POST …/{id}/draw/ draws the sample),
/api/v1/supervision/spot-check-items/ (sampled services in scope; POST …/{id}/check/ {results: {item: bool},
note}), /api/v1/supervision/simulations/ (simulated applications in scope, with their steps)."""

from django.core.exceptions import PermissionDenied as DjangoDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet
from ganfutong_admin.core.scoping import get_for_action

from ..simulations.models import SimulatedApplication, SimulatedStep
from .actions import CampaignError, draw_campaign, record_check
from .models import SpotCheckCampaign, SpotCheckItem


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpotCheckCampaign
        fields = ["id", "name", "seed", "sample_size", "sample_rate", "strata", "checklist", "status", "frame",
                  "drawn_at", "version"]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)

    class Meta:
        model = SpotCheckItem
        fields = ["id", "campaign", "service", "service_code", "owner_org", "stratum", "results", "note",
                  "checked_at", "rectification"]
        read_only_fields = fields


class CheckSerializer(serializers.Serializer):
    results = serializers.DictField(child=serializers.BooleanField())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = SimulatedStep
        fields = ["order", "action", "passed", "seconds", "result"]
        read_only_fields = fields


class SimulationSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)

    class Meta:
        model = SimulatedApplication
        fields = ["id", "service", "owner_org", "channel", "performed_at", "total_seconds", "rectification",
                  "steps"]
        read_only_fields = fields


def _for_action(model, user, pk, act):
    try:
        return get_for_action(model, user, pk, act)
    except Http404:
        raise NotFound() from None
    except DjangoDenied:
        raise PermissionDenied() from None


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = SpotCheckCampaign.objects.all()
    serializer_class = CampaignSerializer

    def scoped_queryset(self, queryset):
        return queryset.order_by("-created_at", "-pk")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        campaign = _for_action(SpotCheckCampaign, request.user, pk, "change")
        try:
            campaign, _sample = draw_campaign(campaign.pk, request.user)
        except CampaignError as exc:
            return Response({"detail": str(exc), "code": "conflict"}, status=409)
        return Response(CampaignSerializer(campaign).data)


class ItemViewSet(ScopedReadOnlyViewSet):
    queryset = SpotCheckItem.objects.all()
    serializer_class = ItemSerializer

    def scoped_queryset(self, queryset):
        return queryset.select_related("service", "owner_org").order_by("-created_at", "-pk")

    @extend_schema(request=CheckSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        item = _for_action(SpotCheckItem, request.user, pk, "change")
        body = CheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            item = record_check(item, request.user, body.validated_data["results"], body.validated_data["note"])
        except CampaignError as exc:
            if item.checked_at is None:
                raise ValidationError({"results": [str(exc)]}) from None
            return Response({"detail": str(exc), "code": "conflict"}, status=409)
        return Response(ItemSerializer(item).data)


class SimulationViewSet(ScopedReadOnlyViewSet):
    queryset = SimulatedApplication.objects.all()
    serializer_class = SimulationSerializer

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").prefetch_related("steps").order_by("-performed_at", "-pk")
