from rest_framework import serializers

from .models import Alert, AlertEvent


class AlertEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = AlertEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at"]
        read_only_fields = fields


class AlertSerializer(serializers.ModelSerializer):
    rule_label = serializers.CharField(read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    source_model = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = ["id", "rule", "rule_label", "article", "source_model", "source_id", "source_label", "owner_org",
                  "owner_org_name", "level", "status", "breach_started_at", "raised_at", "escalated_at",
                  "last_checked_at", "yellow_after_days", "red_after_days", "acknowledged_at",
                  "acknowledgement_note", "resolved_at", "version"]
        read_only_fields = fields

    def get_source_model(self, alert) -> str:
        return f"{alert.source_type.app_label}.{alert.source_type.model}"


class AlertDetailSerializer(AlertSerializer):
    events = AlertEventSerializer(many=True, read_only=True)

    class Meta(AlertSerializer.Meta):
        fields = AlertSerializer.Meta.fields + ["events"]
        read_only_fields = fields


class DashboardRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    reminder = serializers.IntegerField()
    yellow = serializers.IntegerField()
    red = serializers.IntegerField()
    active = serializers.IntegerField()
    resolved = serializers.IntegerField()
