from rest_framework import serializers

from services.models import Service

from .errors import error_label, sees_diagnostics, shown_error
from .models import AnomalyEvent, AvailabilityAnomaly, UptimeDay


def _hide_cause(serializer, data, code):
    """An owner is told only that checks failed, not why (see errors.py): no code, no HTTP status of a failure."""
    request = serializer.context.get("request")
    diagnostics = serializer.context.get("diagnostics")
    if diagnostics is None:
        diagnostics = serializer.context["diagnostics"] = sees_diagnostics(getattr(request, "user", None))
    if not diagnostics and code:
        data["last_error"] = ""
        data["last_error_label"] = str(shown_error(code, False))
        data["last_status_code"] = None
    return data


class UptimeDaySerializer(serializers.ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    uptime_percent = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = UptimeDay
        fields = ["id", "service", "service_code", "date", "checks", "successes", "uptime_percent", "avg_ms",
                  "max_ms"]
        read_only_fields = fields


class AnomalyEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = AnomalyEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at"]
        read_only_fields = fields


class AnomalySerializer(serializers.ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    last_error_label = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        return _hide_cause(self, super().to_representation(instance), instance.last_error)

    class Meta:
        model = AvailabilityAnomaly
        fields = ["id", "service", "service_code", "service_name", "owner_org", "owner_org_name", "status",
                  "started_at", "last_failure_at", "consecutive_failures", "last_error", "last_error_label",
                  "last_status_code", "acknowledged_at", "acknowledgement_note", "resolved_at", "resolution_note",
                  "version", "created_at", "updated_at"]
        read_only_fields = fields


class AnomalyDetailSerializer(AnomalySerializer):
    events = AnomalyEventSerializer(many=True, read_only=True)

    class Meta(AnomalySerializer.Meta):
        fields = AnomalySerializer.Meta.fields + ["events"]
        read_only_fields = fields


class ServiceStatusSerializer(serializers.ModelSerializer):
    """A monitored service with the figures annotated by figures.monitored_in_scope()."""

    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    state = serializers.ChoiceField(choices=["up", "down", "unknown"], read_only=True)
    last_checked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_error = serializers.CharField(read_only=True, allow_null=True)
    last_error_label = serializers.SerializerMethodField()
    last_status_code = serializers.IntegerField(read_only=True, allow_null=True)
    last_response_ms = serializers.IntegerField(read_only=True, allow_null=True)
    checks_24h = serializers.IntegerField(read_only=True)
    uptime_24h = serializers.FloatField(read_only=True, allow_null=True)
    uptime_7d = serializers.FloatField(read_only=True, allow_null=True)
    uptime_30d = serializers.FloatField(read_only=True, allow_null=True)
    open_anomalies = serializers.IntegerField(read_only=True)

    class Meta:
        model = Service
        fields = ["id", "code", "name", "owner_org", "owner_org_name", "entry_url", "state", "last_checked_at",
                  "last_error", "last_error_label", "last_status_code", "last_response_ms", "checks_24h",
                  "uptime_24h", "uptime_7d", "uptime_30d", "open_anomalies"]
        read_only_fields = fields

    def get_last_error_label(self, service) -> str:
        return str(error_label(service.last_error or ""))

    def to_representation(self, instance):
        data = _hide_cause(self, super().to_representation(instance), instance.last_error)
        for key in ("uptime_24h", "uptime_7d", "uptime_30d"):
            if data[key] is not None:
                data[key] = round(data[key], 2)
        return data
