from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Filing, FilingEvent, Rectification


class FilingEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = FilingEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at", "deadline_at",
                  "late_working_days"]


class FilingSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    kind_label = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(source="overdue", read_only=True)

    class Meta:
        model = Filing
        fields = [
            "id", "reference", "kind", "kind_label", "title", "summary", "status", "for_the_record",
            "owner_org", "owner_org_name", "submitted_at", "due_at", "due_estimated", "is_overdue",
            "decided_at", "version", "created_at", "updated_at",
        ]
        read_only_fields = fields


class FilingDetailSerializer(FilingSerializer):
    events = FilingEventSerializer(many=True, read_only=True)

    class Meta(FilingSerializer.Meta):
        fields = FilingSerializer.Meta.fields + ["events"]
        read_only_fields = fields


class TransitionRequestSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=30, error_messages={"required": _("action is required.")})
    version = serializers.IntegerField(min_value=1, error_messages={
        "required": _("version is required."), "invalid": _("version must be an integer."),
    })
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class RectificationSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    is_overdue = serializers.BooleanField(source="overdue", read_only=True)

    class Meta:
        model = Rectification
        fields = ["id", "title", "description", "source_label", "owner_org", "owner_org_name", "status",
                  "due_at", "due_estimated", "is_overdue", "response", "submitted_at", "closed_at", "version",
                  "created_at"]
        read_only_fields = fields
