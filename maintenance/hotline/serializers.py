"""API shapes of the hotline area. Personal data leaves the server masked; only the detail with
`?unmask=true`, for a user holding accounts.unmask_personal_data, shows it (and logs a security event)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .forms import clean_service_code
from .models import (
    BadReview,
    BadReviewEvent,
    Satisfaction,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderExtension,
    WorkOrderType,
)
from .privacy import citizen_for, mask_free_text
from .validators import clean_id_number, clean_phone


def _django_errors(func, value):
    from django.core.exceptions import ValidationError as DjangoValidationError

    try:
        return func(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from None


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)
    comment = serializers.CharField(source="display_comment", read_only=True)  # masked, with the detail

    class Meta:
        model = WorkOrderEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at", "deadline_at",
                  "late_working_days"]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = WorkOrderExtension
        fields = ["id", "requested_days", "reason", "status", "requested_at", "due_before", "due_after",
                  "decided_at", "decision_comment"]
        read_only_fields = fields

    def get_reason(self, extension) -> str:
        return mask_free_text(extension.reason)


class WorkOrderSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    service_code = serializers.CharField(source="service.code", read_only=True, default=None)
    service_name = serializers.CharField(source="service.name", read_only=True, default=None)
    light = serializers.CharField(source="current_light", read_only=True,
                                  help_text="red: overdue; yellow: less than one working day left; green; "
                                            "empty when the org unit has nothing to do")
    title = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    citizen_name = serializers.SerializerMethodField()
    citizen_phone = serializers.SerializerMethodField()
    citizen_id_number = serializers.SerializerMethodField()

    class Meta:
        model = WorkOrder
        fields = ["id", "reference", "hotline_id", "source", "type", "title", "content", "service_code",
                  "service_name", "owner_org", "owner_org_name", "citizen_name", "citizen_phone",
                  "citizen_id_number", "received_at", "dispatched_at", "ack_due_at", "due_at", "due_estimated",
                  "light", "acknowledged_at", "replied_at", "reply", "satisfaction", "callback_at", "reopen_count",
                  "status", "version", "created_at", "updated_at"]
        read_only_fields = fields

    def _citizen(self, work_order):
        cache = self.context.setdefault("_citizen_cache", {})
        if work_order.pk not in cache:
            request = self.context.get("request")
            cache[work_order.pk], _ = citizen_for(
                work_order, getattr(request, "user", None), unmask=self.context.get("unmask", False),
                request=request)
        return cache[work_order.pk]

    def get_title(self, obj) -> str:
        return self._citizen(obj)["title"]

    def get_content(self, obj) -> str:
        return self._citizen(obj)["content"]

    def get_reply(self, obj) -> str:
        return self._citizen(obj)["reply"]

    def get_citizen_name(self, obj) -> str:
        return self._citizen(obj)["name"]

    def get_citizen_phone(self, obj) -> str:
        return self._citizen(obj)["phone"]

    def get_citizen_id_number(self, obj) -> str:
        return self._citizen(obj)["id_number"]


class WorkOrderDetailSerializer(WorkOrderSerializer):
    events = EventSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta(WorkOrderSerializer.Meta):
        fields = WorkOrderSerializer.Meta.fields + ["events", "extensions"]
        read_only_fields = fields


class WorkOrderIntakeSerializer(serializers.Serializer):
    """What the hotline system posts. The same hotline_id again returns the order recorded the first time."""

    hotline_id = serializers.CharField(max_length=64, help_text="The hotline system's own work-order id.")
    type = serializers.ChoiceField(choices=WorkOrderType.choices, error_messages={
        "invalid_choice": _("Unknown work-order type “{input}”: use consultation, help_request, complaint, "
                            "report or suggestion.")})
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=10000)
    service_code = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                         help_text="The service concerned: its owner becomes responsible.")
    citizen_name = serializers.CharField(max_length=50)
    citizen_phone = serializers.CharField(max_length=30)
    citizen_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, help_text="When the hotline took the call; now if "
                                                                       "omitted.")

    def validate_hotline_id(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("This field may not be blank."))
        return value

    def validate_service_code(self, value):
        return _django_errors(clean_service_code, value)

    def validate_citizen_phone(self, value):
        return _django_errors(clean_phone, value)

    def validate_citizen_id_number(self, value):
        return _django_errors(clean_id_number, value)

    def validate_received_at(self, value):
        if value > timezone.now() + timedelta(minutes=5):
            raise serializers.ValidationError(_("The time received cannot be in the future."))
        return value


class CallbackSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    version = serializers.IntegerField(min_value=1, required=False,
                                       help_text="The version you saw; omitted: the current one.")


class BadReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)
    comment = serializers.CharField(source="display_comment", read_only=True)  # masked, with the detail

    class Meta:
        model = BadReviewEvent
        fields = ["action", "from_status", "to_status", "comment", "version", "actor", "created_at"]
        read_only_fields = fields


class BadReviewSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    work_order_reference = serializers.CharField(source="work_order.reference", read_only=True, default=None)
    rectification_status = serializers.CharField(source="rectification.status", read_only=True, default=None)
    rectification_due_at = serializers.DateTimeField(source="rectification.due_at", read_only=True, default=None)
    comment = serializers.SerializerMethodField()
    appeal_reason = serializers.SerializerMethodField()
    decision_comment = serializers.SerializerMethodField()

    class Meta:
        model = BadReview
        fields = ["id", "work_order", "work_order_reference", "case_number", "owner_org", "owner_org_name",
                  "rating", "comment", "rectification", "rectification_status", "rectification_due_at", "status",
                  "excluded", "appeal_reason", "appealed_at", "decided_at", "decision_comment", "version",
                  "created_at"]
        read_only_fields = fields

    def get_comment(self, obj) -> str:
        return mask_free_text(obj.comment)

    def get_appeal_reason(self, obj) -> str:
        return mask_free_text(obj.appeal_reason)

    def get_decision_comment(self, obj) -> str:
        return mask_free_text(obj.decision_comment)


class BadReviewDetailSerializer(BadReviewSerializer):
    events = BadReviewEventSerializer(many=True, read_only=True)

    class Meta(BadReviewSerializer.Meta):
        fields = BadReviewSerializer.Meta.fields + ["events"]
        read_only_fields = fields
