"""Inputs of partner transitions, validated by the engine under the row lock."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import ExitReason


class ForcedExitPayload(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ExitReason.choices, label=_("Reason of the exit"),
                                     error_messages={"required": _("Choose the reason of the exit."),
                                                     "invalid_choice": _("Choose the reason of the exit.")})
