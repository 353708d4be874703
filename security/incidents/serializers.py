from rest_framework import serializers

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from .lifecycle import report_errors
from .models import SecurityIncident, SecurityIncidentEvent


class IncidentEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = SecurityIncidentEvent
        fields = ["action", "from_status", "to_status", "comment", "actor", "created_at"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    reported_in_time = serializers.BooleanField(source="in_time", read_only=True)

    class Meta:
        model = SecurityIncident
        fields = ["id", "title", "severity", "status", "owner_org", "owner_org_name", "occurred_at", "reported_at",
                  "report_limit_minutes", "reported_in_time", "description", "impact", "plan_activated_at",
                  "plan_name", "provincial_notified_at", "contained_at", "closure_report", "closed_at",
                  "reviewed_at", "announcement", "version", "created_at", "updated_at"]
        read_only_fields = fields


class IncidentDetailSerializer(IncidentSerializer):
    events = IncidentEventSerializer(many=True, read_only=True)

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "events"]
        read_only_fields = fields


class IncidentReportSerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.filter(is_active=True))

    class Meta:
        model = SecurityIncident
        fields = ["owner_org", "title", "severity", "occurred_at", "reported_at", "description", "impact",
                  "plan_activated_at", "plan_name"]
        extra_kwargs = {"reported_at": {"required": False}}

    def validate_owner_org(self, org):
        from django.utils.translation import gettext as _

        if not org_units_for(self.context["request"].user, SecurityIncident, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(_("You cannot put a record outside your jurisdiction."))
        return org

    def validate(self, data):
        errors = report_errors(data)
        if errors:
            raise serializers.ValidationError({field: [message] for field, message in errors.items()})
        return data
