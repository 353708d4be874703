"""Inputs of work-order transitions beyond a comment, validated by the engine (Transition.payload).

The API and the pages post the same names: `target_org` (org unit code), `extension_days`, `reply`,
`satisfaction`. Code may give `target_org` as an OrgUnit."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ganfutong_admin.orgs.models import OrgKind, OrgUnit

# Org units a work order can be dispatched to: those that offer services (第七条、第八条).
DISPATCHABLE_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)
MAX_EXTENSION_DAYS = 30


def dispatchable_units():
    return OrgUnit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS)


class OrgUnitCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=OrgUnit.objects.all(), **kwargs)

    def to_internal_value(self, data):
        return data if isinstance(data, OrgUnit) else super().to_internal_value(data)


class DispatchPayload(serializers.Serializer):
    target_org = OrgUnitCodeField(error_messages={
        "required": _("Choose the org unit the work order is dispatched to."),
        "null": _("Choose the org unit the work order is dispatched to."),
        "does_not_exist": _("There is no org unit with this code."),
    })

    def validate_target_org(self, org):
        if not dispatchable_units().filter(pk=org.pk).exists():
            raise serializers.ValidationError(
                _("“%(org)s” cannot handle work orders: choose a city, county or provincial department.")
                % {"org": org.name})
        return org


# Translated when shown (the message interpolates the limit).
EXTENSION_DAYS_MESSAGE = lazy(lambda: gettext("Ask for 1 to %(max)s extra working days.") % {"max": MAX_EXTENSION_DAYS},
                              str)()


class ExtensionRequestPayload(serializers.Serializer):
    extension_days = serializers.IntegerField(min_value=1, max_value=MAX_EXTENSION_DAYS, error_messages={
        key: EXTENSION_DAYS_MESSAGE for key in ("required", "null", "invalid", "min_value", "max_value")})


class ReplyPayload(serializers.Serializer):
    reply = serializers.CharField(max_length=10000, error_messages={
        "required": _("Write the reply to the citizen."), "blank": _("Write the reply to the citizen."),
        "null": _("Write the reply to the citizen.")})


class CallbackPayload(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=(), error_messages={
        "required": _("Choose the citizen's satisfaction."), "null": _("Choose the citizen's satisfaction."),
        "invalid_choice": _("Choose the citizen's satisfaction.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Satisfaction

        self.fields["satisfaction"].choices = Satisfaction.choices
