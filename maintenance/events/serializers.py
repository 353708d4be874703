"""API representations of fault reports and advance filings (第十六条)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Filing
from services import selectors as service_selectors

from .faults import timestamp_errors
from .models import AdvanceFiling, FaultEvent, FaultReport, FaultUpdate

OUTSIDE_SCOPE = _("You cannot put a record outside your jurisdiction.")


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class FaultEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = FaultEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at"]
        read_only_fields = fields


class FaultUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = FaultUpdate
        fields = ["id", "at", "note", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"at": {"required": False}}

    def validate(self, data):
        fault = self.context["fault"]
        at = data.get("at") or timezone.now()
        if timestamp_errors(None, None, at).get("reported_at"):
            raise serializers.ValidationError({"at": [_("This time is in the future.")]})
        if at < fault.occurred_at:
            raise serializers.ValidationError({"at": [_("A note cannot be earlier than the fault itself.")]})
        data["at"] = at
        note = data.get("note", "").strip()
        if not note:
            raise serializers.ValidationError({"note": [_("Write what was found or done.")]})
        data["note"] = note
        return data


class FaultReportSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    services = ServiceRefSerializer(many=True, read_only=True)
    report_delay_minutes = serializers.SerializerMethodField()
    report_delay_display = serializers.CharField(read_only=True)
    reported_within_limit = serializers.BooleanField(source="in_time", read_only=True)

    class Meta:
        model = FaultReport
        fields = [
            "id", "title", "severity", "status", "owner_org", "owner_org_name", "occurred_at", "detected_at",
            "reported_at", "report_delay_minutes", "report_delay_display", "report_limit_minutes",
            "reported_within_limit", "services",
            "impact", "affected_users", "cause", "lessons", "measures", "mitigated_at", "resolved_at",
            "reviewed_at", "announcement", "version", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_report_delay_minutes(self, obj) -> int:
        return int(obj.report_delay_value.total_seconds() // 60)


class FaultReportDetailSerializer(FaultReportSerializer):
    events = FaultEventSerializer(many=True, read_only=True)
    updates = FaultUpdateSerializer(many=True, read_only=True)

    class Meta(FaultReportSerializer.Meta):
        fields = FaultReportSerializer.Meta.fields + ["events", "updates"]
        read_only_fields = fields


class FaultReportCreateSerializer(serializers.ModelSerializer):
    """A new fault report. owner_org is an org-unit code within the caller's jurisdiction; services are ids of
    services the caller can see; reported_at defaults to now."""

    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    services = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=service_selectors.services())

    class Meta:
        model = FaultReport
        fields = ["owner_org", "title", "severity", "occurred_at", "detected_at", "reported_at", "services",
                  "impact", "affected_users", "cause"]
        extra_kwargs = {"reported_at": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["services"].child_relation
            field.queryset = service_selectors.services().visible_to(request.user)

    def validate_owner_org(self, org):
        if not org_units_for(self.context["request"].user, FaultReport, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(OUTSIDE_SCOPE)
        return org

    def validate(self, data):
        data.setdefault("reported_at", timezone.now())
        errors = timestamp_errors(data.get("occurred_at"), data.get("detected_at"), data.get("reported_at"))
        if errors:
            raise serializers.ValidationError({field: [message] for field, message in errors.items()})
        return data


class FaultReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    cause = serializers.CharField(max_length=4000)
    lessons = serializers.CharField(max_length=4000)
    measures = serializers.CharField(max_length=4000)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class AdvanceDetailsSerializer(serializers.ModelSerializer):
    services = ServiceRefSerializer(many=True, read_only=True)

    class Meta:
        model = AdvanceFiling
        fields = ["event_type", "window_start", "window_end", "services", "expected_impact", "risk",
                  "fallback_plan", "contact", "first_submitted_at", "required_by", "required_by_estimated",
                  "filed_late", "announcement"]
        read_only_fields = fields


class AdvanceFilingSerializer(serializers.ModelSerializer):
    """A kernel filing of kind advance_filing with its event details and how it was filed."""

    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    details = AdvanceDetailsSerializer(source="advance_filing", read_only=True)

    class Meta:
        model = Filing
        fields = ["id", "reference", "title", "status", "owner_org", "owner_org_name", "submitted_at",
                  "decided_at", "version", "details"]
        read_only_fields = fields
