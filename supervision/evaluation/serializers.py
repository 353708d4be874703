from rest_framework import serializers

from .models import Dimension, EvaluationPeriod, Indicator, ScoreSheet


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "dimension", "code", "label", "method", "points", "cap", "cap_group", "lower", "upper",
                  "target", "order"]
        read_only_fields = fields


class DimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "name", "weight", "order", "tiebreak"]
        read_only_fields = fields


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationPeriod
        fields = ["id", "name", "kind", "start", "end", "status", "finalized_at", "version"]
        read_only_fields = fields


class PeriodDetailSerializer(PeriodSerializer):
    dimensions = DimensionSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta(PeriodSerializer.Meta):
        fields = PeriodSerializer.Meta.fields + ["dimensions", "indicators"]
        read_only_fields = fields


class ScoreSheetSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["id", "period", "owner_org", "owner_org_name", "org_kind", "city_code", "city_name", "total",
                  "rank_overall", "rank_in_kind", "rank_in_city", "dimension_scores"]
        read_only_fields = fields


class ScoreSheetDetailSerializer(ScoreSheetSerializer):
    class Meta(ScoreSheetSerializer.Meta):
        fields = ScoreSheetSerializer.Meta.fields + ["items", "evidence"]
        read_only_fields = fields
