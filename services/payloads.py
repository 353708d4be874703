"""Inputs of service transitions beyond a comment, validated by the engine (Transition.payload)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# An oral report is recorded when it happens: not in the future (beyond clock skew), not weeks later.
ORAL_REPORT_SKEW = timedelta(minutes=5)
ORAL_REPORT_MAX_AGE = timedelta(days=30)


class OralReportSerializer(serializers.Serializer):
    """The payload of `emergency_delist`: the oral report (第十一条: 事先口头报告). The reason is the comment."""

    reported_by = serializers.CharField(max_length=100)
    reported_to = serializers.CharField(max_length=100)
    reported_at = serializers.DateTimeField()

    def validate_reported_at(self, value):
        now = timezone.now()
        if value > now + ORAL_REPORT_SKEW:
            raise serializers.ValidationError(_("The oral report cannot be in the future."))
        if value < now - ORAL_REPORT_MAX_AGE:
            raise serializers.ValidationError(_("The oral report is more than 30 days old; an emergency delisting "
                                                "is recorded when it happens."))
        return value
