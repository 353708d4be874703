from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .forms import BOTH, services_for
from .models import DataSecurityRegister, PersonalData


class RegisterSerializer(serializers.ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    personal_data = serializers.ListField(child=serializers.ChoiceField(choices=PersonalData.choices),
                                          required=False, allow_empty=True)
    missing = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = DataSecurityRegister
        fields = ["id", "service", "service_code", "service_name", "owner_org", "owner_org_name", "personal_data",
                  "no_personal_data", "masking_on_display", "masking_note", "encrypted_in_transit",
                  "encrypted_at_rest", "consent_method", "retention_months", "sharing_recipients",
                  "no_classified_data", "declared_at", "complete", "missing", "version", "created_at", "updated_at"]
        read_only_fields = ["declared_at", "complete", "created_at", "updated_at"]

    def get_missing(self, entry) -> list[str]:
        return [str(item) for item in entry.missing()]

    def validate_service(self, service):
        user = self.context["request"].user
        if self.instance is not None and service.pk != self.instance.service_id:
            raise serializers.ValidationError(_("The service of an entry cannot be changed."))
        if not services_for(user).filter(pk=service.pk).exists():
            raise serializers.ValidationError(_("You cannot keep the register entry of this service."))
        if self.instance is None and DataSecurityRegister.objects.filter(service=service).exists():
            raise serializers.ValidationError(_("This service has its register entry already."))
        return service

    def validate_retention_months(self, value):
        if value is not None and value < 1:
            raise serializers.ValidationError(_("The retention period is at least one month."))
        return value

    def validate(self, data):
        personal = data.get("personal_data", getattr(self.instance, "personal_data", []))
        none = data.get("no_personal_data", getattr(self.instance, "no_personal_data", False))
        if personal and none:
            raise serializers.ValidationError({"no_personal_data": [BOTH]})
        return data

    def save(self, **kwargs):
        from django.utils import timezone

        user = self.context["request"].user
        declared = self.validated_data.get("no_classified_data")
        if declared is True and not getattr(self.instance, "no_classified_data", False):
            kwargs.update(declared_by=user, declared_at=timezone.now())
        elif declared is False:
            kwargs.update(declared_by=None, declared_at=None)
        return super().save(**kwargs)
